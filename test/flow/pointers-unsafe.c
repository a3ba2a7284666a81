// In the child of a multithreaded program, a call through a pointer is
// judged by what the functions it may hold reach; a pointer none of whose
// targets calls an unsafe function is not reported.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
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
    // CHECK: pointers-unsafe.c:[[@LINE+6]]:5: warning: call to 'post_fork' reaches 'printf', which is not async-signal-safe, in the child of a multithreaded program [child-unsafe-call]
    // CHECK: pointers-unsafe.c:[[@LINE+5]]:5: note: 'post_fork' may call 'log_child' here
    // CHECK: pointers-unsafe.c:[[@LINE-13]]:31: note: 'log_child' calls 'printf' here
    // CHECK: pointers-unsafe.c:[[@LINE-4]]:7: note: child process created here
    // CHECK: pointers-unsafe.c:[[@LINE-6]]:3: note: another thread may be running at the fork: 'pthread_create' starts one here
    // CHECK: pointers-unsafe.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    o->post_fork();
    after_fork(); /* quiet_child is safe */
    _exit(0);
  }
}
