// The classic: exit() after a failed exec runs the parent's atexit handlers
// and flushes the stdio buffers copied from the parent. _exit() does not.
// RUN: not %forkcheck --exit-cleanup=always --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int run(char *const argv[]) {
  int status;
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    execvp(argv[0], argv);
    // CHECK: exec-then-exit.c:[[@LINE+3]]:5: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup: its atexit handlers, and a flush of the stdio buffers copied from it [child-exit-cleanup]
    // CHECK: exec-then-exit.c:[[@LINE-6]]:15: note: child process created here
    // CHECK: exec-then-exit.c:[[@LINE+1]]:5: note: use _exit() in the child: it ends the process without running the parent's atexit handlers or flushing its stdio buffers
    exit(127);
  }
  if (waitpid(pid, &status, 0) < 0)
    return -1;
  return status;
}

int run_carefully(char *const argv[]) {
  int status;
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    execvp(argv[0], argv);
    _exit(127);
  }
  if (waitpid(pid, &status, 0) < 0)
    return -1;
  return status;
}

int main(int argc, char **argv) {
  (void)argc;
  return run(argv + 1) || run_carefully(argv + 1);
}
