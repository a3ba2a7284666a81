// The child flushes its copy by returning from main (exit() runs), or by
// returning to its caller, which carries on as a second parent.
// RUN: not %forkcheck --disable=all --enable=unflushed-stdio-before-fork %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int helper(void) {
  puts("helper starting");
  // CHECK: child-returns.c:[[@LINE+4]]:15: warning: output written to stdout before this fork
  // CHECK: child-returns.c:[[@LINE-2]]:3: note: 'puts' writes to stdout here, and nothing flushes it before the fork
  // CHECK: child-returns.c:[[@LINE+2]]:15: note: the child returns from 'helper', and its caller may flush the copied buffer
  // CHECK: child-returns.c:14:15: note: call fflush(NULL) before fork(), or end the child with _exit(); forksafe_fork() flushes stdio before forking
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid > 0) {
    waitpid(pid, NULL, 0);
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  (void)argv;
  if (argc > 1)
    return helper();
  printf("main starting\n");
  // CHECK: child-returns.c:[[@LINE+2]]:15: warning: output written to stdout before this fork
  // CHECK: child-returns.c:28:3: note: 'printf' writes to stdout here, and nothing flushes it before the fork
  pid_t pid = fork();
  if (pid < 0)
    return 1;
  if (pid == 0)
    // CHECK: child-returns.c:[[@LINE+2]]:5: note: the child returns from 'main' here: exit() flushes the copied buffer
    // CHECK: child-returns.c:31:15: note: call fflush(NULL) before fork(), or end the child with _exit(); forksafe_fork() flushes stdio before forking
    return 0;
  waitpid(pid, NULL, 0);
  return 0;
}
