// A return from main is exit(): in the child it runs the parent's cleanup.
// RUN: not %forkcheck --exit-cleanup=always --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    return 1;
  }
  if (pid == 0) {
    if (argc < 2)
      // CHECK: return-from-main.c:[[@LINE+3]]:7: warning: return from 'main' in the child of fork() calls exit(), which runs the parent's atexit handlers and flushes the stdio buffers copied from it [child-exit-cleanup]
      // CHECK: return-from-main.c:[[@LINE-8]]:15: note: child process created here
      // CHECK: return-from-main.c:[[@LINE+1]]:7: note: end the child with _exit() instead of returning from 'main'
      return 2;
    execv(argv[1], argv + 1);
    _exit(127);
  }
  int status;
  if (waitpid(pid, &status, 0) < 0)
    return 1;
  return 0;
}
