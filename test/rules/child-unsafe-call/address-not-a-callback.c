// A function's address handed to a library function that never calls it
// (haproxy's `dladdr(main, &info)`, printf's `%p`: data/never-calls.def)
// registers no callback: the fork made before the program's first thread
// starts is single-threaded. Handed to one that may call it (atexit here
// stands for any registration), the function may run at any time once a
// thread exists: a fork in it is reported.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *worker(void *arg) { return arg; }

static void start_threads(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
}

static void on_exit_fork(void) {
  // CHECK: address-not-a-callback.c:[[@LINE+6]]:5: warning: 'puts' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
  // CHECK: address-not-a-callback.c:[[@LINE+3]]:7: note: child process created here
  // CHECK: address-not-a-callback.c:42:3: note: another thread may be running at the fork: 'on_exit_fork' is handed to 'atexit' here
  // CHECK: address-not-a-callback.c:19:3: note: 'pthread_create' starts a thread here
  if (fork() == 0) {
    // CHECK: address-not-a-callback.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    puts("at exit");
    _exit(0);
  }
}

int main(void) {
  Dl_info info;
  dladdr((void *)main, &info);
  printf("main at %p\n", (void *)main);
  if (fork() == 0) {
    puts("worker process");
    _exit(0);
  }
  atexit(on_exit_fork);
  start_threads();
  return 0;
}
