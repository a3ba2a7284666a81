// A function that starts threads and joins them before it returns leaves
// none running for its callers; one that does not join them does. Forks
// inside the function, between the start and the join, see the threads.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void *work(void *arg) { return arg; }

static void parallel_sum(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], NULL, work, NULL);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);
}

static void start_logger(void) {
  pthread_t t;
  pthread_create(&t, NULL, work, NULL);
  pthread_detach(t);
}

static void spawn(const char *what) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: threads-joined.c:[[@LINE+5]]:5: warning: 'puts' is not async-signal-safe
    // CHECK: threads-joined.c:27:15: note: child process created here
    // CHECK: threads-joined.c:[[#LOGGER:]]:3: note: another thread may be running at the fork: 'start_logger', called here, starts one
    // CHECK: threads-joined.c:22:3: note: 'start_logger' calls 'pthread_create' here
    // CHECK: threads-joined.c:34:5: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    puts(what);
    _exit(0);
  }
  if (pid > 0) waitpid(pid, NULL, 0);
}

int main(void) {
  parallel_sum();
  spawn("after a joined pool: single-threaded");
  start_logger();
  spawn("after a detached thread");
  return 0;
}
