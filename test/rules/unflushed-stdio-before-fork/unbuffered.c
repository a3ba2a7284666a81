// A program that makes stdout unbuffered (or line buffered) has nothing
// left in stdout's buffer at a fork; and when the parent ends at once with
// _exit(), the child's copy is the only one.
// RUN: %forkcheck --disable=all --enable=unflushed-stdio-before-fork %s | count 0
// RUN: %forkcheck --disable=all --enable=unflushed-stdio-before-fork %s -- -DNO_SETVBUF -DONLY_DAEMON | count 0
// RUN: not %forkcheck --disable=all --enable=unflushed-stdio-before-fork %s -- -DNO_SETVBUF | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void setup(void) {
#ifndef NO_SETVBUF
  setvbuf(stdout, NULL, _IONBF, 0);
#endif
}

#ifndef ONLY_DAEMON
int check(void) {
  puts("checking");
  // CHECK: unbuffered.c:[[@LINE+4]]:15: warning: output written to stdout before this fork
  // CHECK: unbuffered.c:20:3: note: 'puts' writes to stdout here, and nothing flushes it before the fork
  // CHECK: unbuffered.c:29:5: note: the copied buffer is flushed here in the child, by 'exit'
  // CHECK: unbuffered.c:25:15: note: call fflush(NULL) before fork(), or end the child with _exit(); forksafe_fork() flushes stdio before forking
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0)
    exit(0);
  int status;
  waitpid(pid, &status, 0);
  return status;
}
#endif

void daemonize(void) {
  puts("going to the background");
  pid_t pid = fork();
  if (pid < 0)
    exit(1);
  if (pid > 0)
    _exit(0);
  setsid();
  exit(0);
}

int main(void) {
  setup();
#ifndef ONLY_DAEMON
  if (check() != 0)
    return 1;
#endif
  daemonize();
}
