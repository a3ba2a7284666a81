// A fork wrapper that returns -1 when a step before its fork fails
// (libreswan's child_pipeline(): pipe2()), -1 when the fork fails, 0 in the
// child and the pid in the parent still tells the child from the parent:
// its caller's `if (pid == 0)` branch is the child. Its exit() after a
// failed exec is reported;
// the caller that ends the child with _exit() is not.
// RUN: not %forkcheck --exit-cleanup=always --threads=no --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static pid_t child_pipeline(int *out) {
  int fdpipe[2];
  if (pipe2(fdpipe, O_CLOEXEC) < 0) {
    perror("pipe2");
    return -1;
  }
  pid_t pid = fork();
  switch (pid) {
  case -1:
    perror("fork");
    return -1;
  case 0:
    dup2(fdpipe[1], STDOUT_FILENO);
    close(fdpipe[1]);
    return 0;
  default:
    close(fdpipe[1]);
    *out = fdpipe[0];
    return pid;
  }
}

pid_t server_run(char **argv, int *out) {
  pid_t pid = child_pipeline(out);
  if (pid == 0) {
    execvp(argv[0], argv);
    // CHECK: wrapper-fails-before-fork.c:[[@LINE+3]]:5: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
    // CHECK: wrapper-fails-before-fork.c:37:15: note: child process created here
    // CHECK: wrapper-fails-before-fork.c:[[@LINE+1]]:5: note: use _exit() in the child
    exit(127);
  }
  return pid;
}

pid_t server_run_quiet(char **argv, int *out) {
  pid_t pid = child_pipeline(out);
  if (pid == 0) {
    execvp(argv[0], argv);
    _exit(127);
  }
  return pid;
}
