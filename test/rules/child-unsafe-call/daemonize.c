// A child that becomes the process (the parent exits): at most one finding,
// at the first unsafe call, and only when another thread may exist.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread -DNO_THREADS | count 0
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *worker(void *arg) { return arg; }

int main(void) {
#ifndef NO_THREADS
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
#endif
  pid_t pid = fork();
  if (pid < 0)
    exit(1);
  if (pid > 0)
    exit(0);
  setsid();
  // CHECK: daemonize.c:[[@LINE+4]]:13: warning: 'fopen' is not async-signal-safe
  // CHECK: daemonize.c:17:15: note: child process created here
  // CHECK: daemonize.c:15:3: note: another thread may be running at the fork: 'pthread_create' starts one here
  // CHECK: daemonize.c:27:13: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
  FILE *f = fopen("/dev/null", "w");
  fprintf(f, "daemon\n");
  fclose(f);
  return 0;
}
