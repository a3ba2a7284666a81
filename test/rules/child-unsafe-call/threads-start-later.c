// What matters is whether another thread may exist when the fork runs: a
// fork reached only before any thread start is single-threaded ("daemonize
// or fork a helper first, start threads later"); one after it is not.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void *worker(void *arg) { return arg; }

static void start_workers(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
}

static void spawn_helper(const char *what) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: threads-start-later.c:[[@LINE+5]]:5: warning: 'printf' is not async-signal-safe
    // CHECK: note: child process created here
    // CHECK: threads-start-later.c:[[#START:]]:3: note: another thread may be running at the fork: 'start_workers', called here, starts one
    // CHECK: threads-start-later.c:15:3: note: 'start_workers' calls 'pthread_create' here
    // CHECK: threads-start-later.c:26:5: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    printf("helper %s\n", what);
    _exit(0);
  }
  if (pid > 0) waitpid(pid, NULL, 0);
}

int main(void) {
  pid_t pid = fork();
  if (pid == 0) {
    printf("before any thread\n");
    _exit(0);
  }
  if (pid > 0) waitpid(pid, NULL, 0);
  spawn_helper("early"); /* no thread yet: clean */
  start_workers();
  spawn_helper("late");  /* after the start: the finding above */
  return 0;
}
