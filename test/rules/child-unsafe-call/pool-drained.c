// A thread pool whose workers count themselves out of a member as they end
// (pgmoneta's worker_do(): `workers->alive--`), and a destroy function
// that loops until that member is 0: the pool is joined there, as with
// pthread_join(), and a fork after it has no other thread. A pool that is
// only told to stop (no wait), or a loop on a member the workers only count
// up, joins nothing: the fork after it is reported.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

struct workers {
  pthread_mutex_t lock;
  volatile int keepalive, alive, started;
};

static void *worker_do(void *arg) {
  struct workers *w = arg;
  pthread_mutex_lock(&w->lock);
  w->alive += 1;
  w->started++;
  pthread_mutex_unlock(&w->lock);
  while (w->keepalive)
    sleep(1);
  pthread_mutex_lock(&w->lock);
  w->alive--;
  pthread_mutex_unlock(&w->lock);
  return NULL;
}

static void workers_init(struct workers *w, int n) {
  w->keepalive = 1;
  for (int i = 0; i < n; i++) {
    pthread_t t;
    pthread_create(&t, NULL, worker_do, w);
    pthread_detach(t);
  }
}

static void workers_destroy(struct workers *w) {
  w->keepalive = 0;
  while (w->alive)
    sleep(1);
}

static void workers_stop(struct workers *w) {
  w->keepalive = 0;
  while (!w->started)
    sleep(1);
}

static void upload_drained(void) {
  struct workers w;
  workers_init(&w, 4);
  workers_destroy(&w);
}

static void upload_stopped(void) {
  struct workers w;
  workers_init(&w, 4);
  workers_stop(&w);
}

int main(int argc, char **argv) {
  (void)argv;
  if (argc > 1) {
    upload_drained();
    if (fork() == 0) {
      printf("drained\n");
      _exit(0);
    }
    return 0;
  }
  // CHECK: pool-drained.c:[[@LINE+8]]:5: warning: 'printf' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
  // CHECK: pool-drained.c:[[@LINE+4]]:7: note: child process created here
  // CHECK: pool-drained.c:[[@LINE+2]]:3: note: another thread may be running at the fork: 'upload_stopped', called here, starts one
  // CHECK: pool-drained.c:60:3: note: 'upload_stopped' calls 'workers_init' here
  upload_stopped();
  if (fork() == 0) {
    // CHECK: pool-drained.c:35:5: note: 'workers_init' calls 'pthread_create' here
    // CHECK: pool-drained.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    printf("stopped\n");
    _exit(0);
  }
  return 0;
}
