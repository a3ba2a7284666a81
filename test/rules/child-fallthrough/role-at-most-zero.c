// A wrapper whose child returns 0, or -1 when its setsid() fails, and whose
// parent returns the pid: a value <= 0 against a value > 0, so the caller's
// `> 0` test tells the parent from the child, and the child carries on as the
// process. A child that can return 1 instead of -1 is not told apart by it.
// RUN: not %forkcheck --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <unistd.h>

static pid_t detach(void) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid != 0)
    return pid;
  if (setsid() < 0)
    return -1;
  return 0;
}

// The child returns the fork's result (0) or -1: the same class of values.
static pid_t detach_same_var(void) {
  pid_t pid = fork();
  if (pid == 0 && setsid() < 0)
    return -1;
  return pid;
}

static pid_t detach_status(void) {
  // CHECK: role-at-most-zero.c:[[@LINE+1]]:15: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid != 0)
    return pid;
  if (setsid() < 0)
    // CHECK: role-at-most-zero.c:[[@LINE+1]]:5: note: the child returns from 'detach_status' here
    return 1;
  // CHECK: role-at-most-zero.c:[[@LINE+2]]:3: note: the child returns from 'detach_status' here
  // CHECK: role-at-most-zero.c:[[@LINE-9]]:15: note: end every path of the child with _exit()
  return 0;
}

void log_started(void);

static void serve(void) {
  for (;;)
    pause();
}

int main(int argc, char **argv) {
  if (argc > 2) {
    if (detach_same_var() > 0)
      exit(0);
    serve();
  }
  if (argc > 1) {
    // The parent logs and serves too: code the child runs if it returns.
    if (detach_status() > 0)
      log_started();
    serve();
  }
  if (detach() > 0)
    exit(0);
  serve();
  return 0;
}
