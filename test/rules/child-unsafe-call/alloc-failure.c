// In the child of a multithreaded program, the allocation is the unsafe
// call; what the child does only when it failed (a message, exit()) is not
// reported again. The same message after a failed chdir() is.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *worker(void *arg) { return arg; }

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: alloc-failure.c:[[@LINE+5]]:18: warning: 'strdup' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
    // CHECK: alloc-failure.c:16:15: note: child process created here
    // CHECK: alloc-failure.c:15:3: note: another thread may be running at the fork: 'pthread_create' starts one here
    // CHECK: alloc-failure.c:[[@LINE+2]]:18: note: until exec or _exit
    // CHECK-SAME: async-signal-safe functions
    char *prog = strdup(argc > 1 ? argv[1] : "true");
    if (prog == NULL) {
      fputs("out of memory\n", stderr);
      exit(1);
    }
    if (chdir("/") != 0) {
      // CHECK: alloc-failure.c:[[@LINE+4]]:7: warning: 'fputs' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
      // CHECK: alloc-failure.c:16:15: note: child process created here
      // CHECK: alloc-failure.c:15:3: note: another thread may be running at the fork: 'pthread_create' starts one here
      // CHECK: alloc-failure.c:[[@LINE+1]]:7: note: until exec or _exit
      fputs("cannot chdir\n", stderr);
      _exit(1);
    }
    execl(prog, prog, (char *)NULL);
    _exit(127);
  }
  return pid < 0;
}
