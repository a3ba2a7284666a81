// -1 tested, then the failed parent goes on with the code after the fork:
// when the parent ends at once, that code is the process's continuation and
// the failed parent runs it as it would without the fork. The test is a
// branch of its own that does something (a log), or a function of the
// program given the result that tests its parameter against -1. Untested,
// tested by a function that does not tell -1 apart, or with a parent that
// goes on, -1 still reaches the child's code.
// RUN: not %forkcheck --disable=all --enable=unchecked-fork-error %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t self;
static int detached;

static int fork_failed(pid_t pid) {
  if (pid == -1) {
    perror("fork");
    return 1;
  }
  return 0;
}

static int is_parent(pid_t pid) {
  if (pid > 0)
    return 1;
  return 0;
}

void detach_checked(void) {
  if ((self = fork()) > 0)
    _exit(0);
  if (!fork_failed(self))
    detached = 1;
  self = getpid();
}

void second_fork_logged(void) {
  pid_t pid;
  if ((pid = fork()) < 0)
    fprintf(stderr, "second fork failed\n");
  else if (pid != 0)
    _exit(0);
  chdir("/");
}

void detach_unchecked(void) {
  // CHECK: tested-then-goes-on.c:[[@LINE+1]]:7: warning: 'fork' returns -1 on failure, and -1 reaches the child's code, which the parent then runs
  if (fork() > 0)
    _exit(0);
  // CHECK: tested-then-goes-on.c:[[@LINE+2]]:3: note: on failure (-1) the parent takes the child's path
  // CHECK: tested-then-goes-on.c:[[@LINE-3]]:7: note: handle -1 first
  setsid();
}

void checked_then_child_code(void) {
  // CHECK: tested-then-goes-on.c:[[@LINE+1]]:15: warning: 'fork' returns -1 on failure, and -1 reaches the child's code
  pid_t pid = fork();
  if (pid > 0) {
    waitpid(pid, 0, 0);
    return;
  }
  // CHECK: tested-then-goes-on.c:[[@LINE+2]]:3: note: on failure (-1) the parent takes the child's path
  // CHECK: tested-then-goes-on.c:[[@LINE-6]]:15: note: handle -1 first
  fork_failed(pid);
  setsid();
  _exit(0);
}

void wrong_helper(void) {
  // CHECK: tested-then-goes-on.c:[[@LINE+1]]:15: warning: 'fork' returns -1 on failure, and -1 reaches the child's code
  pid_t pid = fork();
  if (pid > 0)
    _exit(0);
  // CHECK: tested-then-goes-on.c:[[@LINE+2]]:3: note: on failure (-1) the parent takes the child's path
  // CHECK: tested-then-goes-on.c:[[@LINE-4]]:15: note: handle -1 first
  is_parent(pid);
  setsid();
}
