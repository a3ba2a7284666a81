// In the child of a multithreaded program, a call through a pointer is
// judged by what the functions it may hold reach; a pointer none of whose
// targets calls an unsafe function is not reported.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

struct ops {
  void (*post_fork)(void);
};
static void log_child(void) { printf("child\n"); }
static void quiet_child(void) { close(3); }
static const struct ops loud = {.post_fork = log_child};
static void (*after_fork)(void) = quiet_child;

static void *worker(void *arg) { return arg; }

void spawn(const struct ops *o) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  if (fork() == 0) {
    // CHECK: pointers-unsafe.c:[[@LINE+1]]:5: warning: call to 'post_fork' reaches 'printf', which is not async-signal-safe, in the child of a multithreaded program [child-unsafe-call]
    o->post_fork();
    // CHECK: note: 'post_fork' may call 'log_child' here
    // CHECK: note: 'log_child' calls 'printf' here
    after_fork(); /* quiet_child is safe */
    _exit(0);
  }
}
