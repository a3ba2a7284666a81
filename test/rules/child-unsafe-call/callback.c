// A function main does not reach by direct calls (a callback, its address
// taken) may run at any time relative to main's flow, so after a thread the
// program starts: the evidence names the callback and the thread start.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *logger(void *arg) { return arg; }

static void on_signal(int sig) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: callback.c:[[@LINE+5]]:5: warning: 'puts' is not async-signal-safe
    // CHECK: callback.c:14:15: note: child process created here
    // CHECK: callback.c:27:3: note: another thread may be running at the fork: 'on_signal' is handed to 'signal' here and may run at any time
    // CHECK: callback.c:34:3: note: 'pthread_create' starts a thread here
    // CHECK: callback.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    puts("reload");
    _exit(sig);
  }
}

int main(void) {
  signal(SIGHUP, on_signal);
  pid_t pid = fork();
  if (pid == 0) {
    puts("single-threaded child: fine");
    _exit(0);
  }
  pthread_t t;
  pthread_create(&t, NULL, logger, NULL);
  pause();
  return 0;
}
