// A thread started where its function then only loops or exits never runs
// beside the caller's code after the call: mdadm's mdmon(dev, must_fork)
// starts its monitor thread only in the child it forks or, unforked, in a
// process that never returns from it; main calls it once per array, and the
// next call's fork is in a single-threaded process. A function that starts
// a thread and returns leaves it running for the next fork: reported.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *monitor(void *arg) {
  for (;;)
    pause();
  return arg;
}

static int mdmon(const char *dev, int must_fork) {
  pthread_t t;
  if (must_fork) {
    pid_t pid = fork();
    if (pid != 0)
      return pid < 0;
  }
  char *copy = malloc(64);
  if (copy == NULL || pthread_create(&t, NULL, monitor, copy) != 0)
    exit(2);
  for (;;)
    pause();
  (void)dev;
}

static int start_helper(void) {
  pthread_t t;
  return pthread_create(&t, NULL, monitor, NULL);
}

static void run(const char *cmd) {
  if (fork() == 0) {
    // CHECK: thread-without-return.c:[[@LINE+4]]:5: warning: 'printf' is not async-signal-safe
    // CHECK: thread-without-return.c:41:7: note: child process created here
    // CHECK: thread-without-return.c:57:5: note: another thread may be running at the fork
    // CHECK: thread-without-return.c:37:10: note: 'start_helper' calls 'pthread_create' here
    printf("%s\n", cmd);
    // CHECK: thread-without-return.c:[[@LINE-1]]:5: note: until exec or _exit
    _exit(0);
  }
}

int main(int argc, char **argv) {
  signal(SIGCHLD, SIG_IGN);
  for (int i = 1; i < argc; i++)
    mdmon(argv[i], 1);
  if (argc > 8) {
    start_helper();
    run("after");
    return 0;
  }
  return mdmon("md127", 0);
}
