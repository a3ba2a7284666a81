// A thread runs in the process that started it. A supervisor forks a
// worker whose child starts a thread and never returns: that thread lives
// in the worker's process, so it is evidence for a fork the worker makes
// after it, and none for the supervisor's own later fork. clone() without
// CLONE_VM makes a process, not a thread: no evidence either. A thread the
// supervisor starts itself counts for its forks after it.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread -DLATE_THREAD | FileCheck %s --check-prefixes=CHECK,LATE --implicit-check-not='{{warning|note}}:'
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static char stack[1 << 16];

static void *ticker(void *arg) { return arg; }

static void start_ticker(void) {
  pthread_t t;
  pthread_create(&t, NULL, ticker, NULL);
}

/* The worker's process: a thread, then a helper forked from it. */
static void worker_main(void) {
  start_ticker();
  pid_t helper = fork();
  if (helper == 0) {
    // CHECK: thread-process.c:[[@LINE+1]]:5: warning: 'puts' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
    puts("helper of the worker");
    // CHECK: thread-process.c:[[@LINE-4]]:18: note: child process created here
    // CHECK: thread-process.c:[[@LINE-6]]:3: note: another thread may be running at the fork: 'start_ticker', called here, starts one
    // CHECK: thread-process.c:24:3: note: 'start_ticker' calls 'pthread_create' here
    // CHECK: note: until exec or _exit
    _exit(0);
  }
  for (;;)
    pause();
}

static void spawn_worker(void) {
  pid_t pid = fork();
  if (pid == 0) {
    worker_main(); /* never returns: the ticker stays in the worker */
    _exit(0);
  }
}

static int sandbox(void *arg) {
  start_ticker(); /* in the clone()d process only */
  (void)arg;
  _exit(0);
}

int main(void) {
  spawn_worker();
  clone(sandbox, stack + sizeof stack, SIGCHLD | CLONE_NEWPID, NULL);
#ifdef LATE_THREAD
  start_ticker();
#endif
  pid_t pid = fork();
  if (pid == 0) {
    // LATE: thread-process.c:[[@LINE+1]]:5: warning: 'puts' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
    puts("the supervisor's own child");
    // LATE: thread-process.c:[[@LINE-4]]:15: note: child process created here
    // LATE: thread-process.c:[[@LINE-7]]:3: note: another thread may be running at the fork: 'start_ticker', called here, starts one
    // LATE: thread-process.c:24:3: note: 'start_ticker' calls 'pthread_create' here
    // LATE: note: until exec or _exit
    _exit(0);
  }
  waitpid(pid, NULL, 0);
  return 0;
}
