// A fork helper that does the child's set-up itself (dup2 onto stdout and
// stderr) and returns 0 to its caller in the child, as fork() would: the
// caller's child code is the child's too, and its unsafe calls are judged
// at the call of the helper (libreswan's server_fork(), whose child runs
// the whole PAM conversation while the crypto helper threads run).
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *helper(void *arg) {
  for (;;)
    pause();
  return arg;
}

static pid_t child_pipeline(int fd) {
  pid_t pid = fork();
  switch (pid) {
  case 0:
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    return 0;
  default:
    return pid;
  }
}

pid_t server_fork(const char *user, int fd) {
  pid_t pid = child_pipeline(fd);
  if (pid == 0) {
    // CHECK: role-wrapper-caller.c:[[@LINE+4]]:18: warning: 'realpath' is not async-signal-safe
    // CHECK: role-wrapper-caller.c:32:15: note: child process created here
    // CHECK: role-wrapper-caller.c:48:3: note: another thread may be running at the fork
    // CHECK: role-wrapper-caller.c:[[@LINE+1]]:18: note: until exec or _exit
    char *copy = realpath(user, NULL);
    if (copy == NULL)
      _exit(1);
    _exit(execlp("pam-helper", "pam-helper", copy, (char *)NULL) == 0);
  }
  return pid;
}

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, helper, NULL);
  return server_fork(argc > 1 ? argv[1] : "user", 1) < 0;
}
