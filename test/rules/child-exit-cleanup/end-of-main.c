// Reaching the closing brace of main is a return from main: reported at
// the brace.
// RUN: not %forkcheck --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void work(void) { (void)!write(1, "work\n", 5); }

int main(void) {
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    return 1;
  }
  if (pid > 0) {
    waitpid(pid, NULL, 0);
    return 0;
  }
  work();
  // CHECK: end-of-main.c:[[@LINE+4]]:1: warning: the child of fork() reaches the end of 'main', which calls exit(): the parent's atexit handlers run and the stdio buffers copied from it are flushed [child-exit-cleanup]
  // CHECK: end-of-main.c:[[@LINE-11]]:15: note: child process created here
  // CHECK: end-of-main.c:{{[0-9]+}}:{{[0-9]+}}: note: 'flush_logs' is a destructor function of the program: exit() runs it in the child too
  // CHECK: end-of-main.c:25:1: note: end the child with _exit() instead of returning from 'main'; confirm at run time with LD_PRELOAD=libforksafe-detect.so
}

/* The program's exit-time work, which exit() in a child runs again. */
__attribute__((destructor)) static void flush_logs(void) { fsync(2); }
