// `pid = vfork(); if (pid == -1) pid = fork();` is one fork tried twice:
// the pid returned is the child of either, kept by the caller. A vfork
// whose failure is retried and then dropped is still a lost child.
// RUN: not %forkcheck --threads=no --disable=all --enable=missing-wait %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <sys/types.h>
#include <unistd.h>

pid_t launch(char **argv) {
  pid_t pid = vfork();
  if (pid == -1)
    pid = fork();
  if (pid == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
  return pid;
}

void launch_and_forget(char **argv) {
  // CHECK: vfork-fallback.c:[[@LINE+3]]:15: warning: the child of this 'vfork' is never waited for{{.*}} [missing-wait]
  // CHECK: vfork-fallback.c:[[@LINE+2]]:15: note: no wait for it on the parent's path
  // CHECK: vfork-fallback.c:[[@LINE+1]]:15: note: wait for the child with waitpid()
  pid_t pid = vfork();
  if (pid == -1)
    // CHECK: vfork-fallback.c:[[@LINE+3]]:11: warning: the child of this 'fork' is never waited for{{.*}} [missing-wait]
    // CHECK: vfork-fallback.c:[[@LINE+2]]:11: note: no wait for it on the parent's path
    // CHECK: vfork-fallback.c:[[@LINE+1]]:11: note: wait for the child with waitpid()
    pid = fork();
  if (pid == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
}
