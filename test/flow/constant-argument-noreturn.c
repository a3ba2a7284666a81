// A function that returns only where a test of a parameter holds does not
// return from a call whose constant argument makes that test false: sxiv's
// error(eval, ...) exits unless eval is 0, so after a failed exec
// `error(EXIT_FAILURE, ...)` ends the child, which does not leave its
// branch. error(0, ...) returns, and a child that calls it so falls through.
// RUN: not %forkcheck --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

void error(int eval, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  if (eval != 0)
    exit(eval);
}

void run(const char *cmd) {
  pid_t pid;
  if ((pid = fork()) == 0) {
    execl(cmd, cmd, (char *)NULL);
    error(EXIT_FAILURE, "exec: %s\n", cmd);
  }
  if (pid > 0)
    waitpid(pid, NULL, 0);
}

void run_warned(const char *cmd) {
  pid_t pid;
  // CHECK: constant-argument-noreturn.c:[[@LINE+1]]:14: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
  if ((pid = fork()) == 0) {
    execl(cmd, cmd, (char *)NULL);
    error(0, "exec: %s\n", cmd);
    // CHECK: constant-argument-noreturn.c:[[@LINE-3]]:14: note: the child leaves its branch here
  }
  // CHECK: constant-argument-noreturn.c:[[@LINE-5]]:14: note: end every path of the child with _exit()
  if (pid > 0)
    waitpid(pid, NULL, 0);
}
