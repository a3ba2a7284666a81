// A function handed to a wrapper of the program that hands it on to a
// library (shairport-sync's named_pthread_create(), which passes its start
// routine to pthread_create) is handed to the library by the call of the
// wrapper: it runs in a thread of its own, and a fork in it is a fork of a
// multithreaded program. Through two wrappers too. A wrapper that only
// calls the function it is given (run_now) hands it to no library: its
// fork, before any thread starts, is clean.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void stamp(void) {
  time_t now = time(NULL);
  localtime(&now);
}

static int named_thread(pthread_t *t, void *(*fn)(void *), void *arg, const char *name) {
  (void)name;
  return pthread_create(t, NULL, fn, arg);
}

static int start_worker(pthread_t *t, void *(*fn)(void *)) { return named_thread(t, fn, NULL, "w"); }

static void run_now(void (*fn)(void)) { fn(); }

static void *conversation(void *arg) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: thread-start-wrapper.c:[[@LINE+6]]:5: warning: call to 'stamp' reaches 'localtime', which is not async-signal-safe, in the child of a multithreaded program [child-unsafe-call]
    // CHECK: thread-start-wrapper.c:16:3: note: 'stamp' calls 'localtime' here
    // CHECK: thread-start-wrapper.c:[[@LINE-4]]:15: note: child process created here
    // CHECK: thread-start-wrapper.c:72:3: note: another thread may be running at the fork: 'conversation' is handed to 'named_thread' here and may run at any time
    // CHECK: thread-start-wrapper.c:21:10: note: 'pthread_create' starts a thread here
    // CHECK: thread-start-wrapper.c:[[@LINE+1]]:5: note: until exec or _exit
    stamp();
    _exit(0);
  }
  waitpid(pid, NULL, 0);
  return arg;
}

static void *player(void *arg) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: thread-start-wrapper.c:[[@LINE+6]]:5: warning: call to 'stamp' reaches 'localtime'
    // CHECK: thread-start-wrapper.c:16:3: note: 'stamp' calls 'localtime' here
    // CHECK: thread-start-wrapper.c:[[@LINE-4]]:15: note: child process created here
    // CHECK: thread-start-wrapper.c:73:3: note: another thread may be running at the fork: 'player' is handed to 'start_worker' here and may run at any time
    // CHECK: thread-start-wrapper.c:21:10: note: 'pthread_create' starts a thread here
    // CHECK: thread-start-wrapper.c:[[@LINE+1]]:5: note: until exec or _exit
    stamp();
    _exit(0);
  }
  waitpid(pid, NULL, 0);
  return arg;
}

static void once(void) {
  pid_t pid = fork();
  if (pid == 0) {
    stamp();
    _exit(0);
  }
  waitpid(pid, NULL, 0);
}

int main(void) {
  pthread_t a, b;
  run_now(once);
  named_thread(&a, conversation, NULL, "rtsp");
  start_worker(&b, player);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return 0;
}
