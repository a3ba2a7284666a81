// A fork that runs once in the process leaves at most one zombie, until
// the parent exits: not reported. The parent does not come back to the
// fork, and nothing calls its function again: no loop above the call, no
// pointer to the function, and main's flow calls it (a heartbeat at
// start-up, the tunnel of a batch tool, a companion process that lives as
// long as the parent). Reported where the fork may run again: the function
// is called through a pointer (a handler, a callback), from a loop, or by
// nothing in the program but from outside (a library's entry: -DLIBRARY).
// RUN: not %forkcheck --disable=all --enable=missing-wait %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=missing-wait %s -- -DLIBRARY | FileCheck %s --check-prefixes=CHECK,LIB --implicit-check-not='{{warning|note}}:'
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static void beat(void) {
  (void)!write(2, "alive\n", 6);
  _exit(0);
}

void start_heartbeat(void) {
  // LIB: once.c:[[@LINE+3]]:15: warning: the child of this 'fork' is never waited for
  // LIB: once.c:[[@LINE+2]]:15: note: no wait for it on the parent's path
  // LIB: once.c:[[@LINE+1]]:15: note: wait for the child with waitpid()
  pid_t pid = fork();
  if (pid == 0)
    beat();
}

static void on_reload(int sig) {
  (void)sig;
  // CHECK: once.c:[[@LINE+3]]:7: warning: the child of this 'fork' is never waited for
  // CHECK: once.c:[[@LINE+2]]:7: note: no wait for it on the parent's path
  // CHECK: once.c:[[@LINE+1]]:7: note: wait for the child with waitpid()
  if (fork() == 0)
    beat();
}

static void serve(void) {
  for (;;)
    pause();
}

#ifndef LIBRARY
int main(void) {
  start_heartbeat();
  if (fork() == 0)
    beat();
  signal(SIGHUP, on_reload);
  serve();
}
#endif
