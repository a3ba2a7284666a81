// exec returns only when it fails, and then returns -1: a branch that
// assumes it succeeded does not run.
// RUN: not %forkcheck --threads=yes --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <unistd.h>

void spawn(char **argv) {
  if (fork() == 0) {
    if (execvp(argv[0], argv) != -1)
      srand(1); // infeasible
    // CHECK: exec-failure.c:[[@LINE+4]]:5: warning: 'srand' is not async-signal-safe
    // CHECK: exec-failure.c:[[@LINE-4]]:7: note: child process created here
    // CHECK: exec-failure.c:[[@LINE-5]]:7: note: another thread is assumed to be running at the fork (--threads=yes)
    // CHECK: exec-failure.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    srand(2);
    _exit(127);
  }
}

void spawn_checked(char **argv) {
  if (fork() == 0) {
    int rc = execv(argv[0], argv);
    if (rc == -1) {
      // CHECK: exec-failure.c:[[@LINE+4]]:7: warning: 'srand' is not async-signal-safe
      // CHECK: exec-failure.c:[[@LINE-4]]:7: note: child process created here
      // CHECK: exec-failure.c:[[@LINE-5]]:7: note: another thread is assumed to be running at the fork (--threads=yes)
      // CHECK: exec-failure.c:[[@LINE+1]]:7: note: until exec or _exit, call only async-signal-safe functions
      srand(3);
      _exit(127);
    }
    srand(4); // infeasible: rc is -1
    _exit(0);
  }
}
