// A local tested before the fork holds what that test said when it is
// tested again, until it is assigned: the child of `if (in_parallel) pid =
// fork();` always takes `if (in_parallel) exit(rc);`, so it never goes
// round the loop. Only the process that did not fork runs the work inline
// and loops. A flag assigned in between, a flag whose address is taken,
// and a global (a signal handler may change it) are not refined; a flag
// assigned in the child is refined from its own next test.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int work(int i);
void set_mode(int *mode);
extern volatile sig_atomic_t parallel_mode;

int for_each(int n, int in_parallel) {
  pid_t pid = 0;
  int rc = 0;
  for (int i = 0; i < n; i++) {
    if (in_parallel)
      pid = fork();
    if (pid == 0) {
      rc = work(i);
      if (in_parallel)
        _exit(rc);
      if (rc > 0)
        break;
    }
  }
  if (in_parallel)
    while (wait(0) > 0)
      ;
  return rc;
}

int reassigned(int n, int in_parallel) {
  pid_t pid = 0;
  int rc = 0;
  for (int i = 0; i < n; i++) {
    if (in_parallel)
      // CHECK: correlated-tests.c:[[@LINE+1]]:13: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
      pid = fork();
    if (pid == 0) {
      rc = work(i);
      in_parallel = rc > 0;
      if (in_parallel)
        _exit(rc);
    }
    // CHECK: correlated-tests.c:[[@LINE-1]]:5: note: the child leaves its branch here
    // CHECK: correlated-tests.c:[[@LINE-8]]:13: note: end every path of the child with _exit()
    // (with in_parallel now 0, that child runs the loop but forks no more)
  }
  return rc;
}

int address_taken(int n) {
  pid_t pid = 0;
  int rc = 0, in_parallel = 1;
  set_mode(&in_parallel);
  for (int i = 0; i < n; i++) {
    if (in_parallel)
      // CHECK: correlated-tests.c:[[@LINE+1]]:13: warning: the child of this fork leaves its branch and loops back to fork again: a fork bomb [child-fallthrough]
      pid = fork();
    if (pid == 0) {
      rc = work(i);
      set_mode(&in_parallel);
      if (in_parallel)
        _exit(rc);
    }
    // CHECK: correlated-tests.c:[[@LINE-1]]:5: note: the child leaves its branch here
    // CHECK: correlated-tests.c:[[@LINE-8]]:13: note: end every path of the child with _exit()
  }
  return rc;
}

int global_flag(int n) {
  pid_t pid = 0;
  int rc = 0;
  for (int i = 0; i < n; i++) {
    if (parallel_mode)
      // CHECK: correlated-tests.c:[[@LINE+1]]:13: warning: the child of this fork leaves its branch and loops back to fork again: a fork bomb [child-fallthrough]
      pid = fork();
    if (pid == 0) {
      rc = work(i);
      if (parallel_mode)
        _exit(rc);
    }
    // CHECK: correlated-tests.c:[[@LINE-1]]:5: note: the child leaves its branch here
    // CHECK: correlated-tests.c:[[@LINE-7]]:13: note: end every path of the child with _exit()
  }
  return rc;
}
