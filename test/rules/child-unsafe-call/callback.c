// A function main does not reach by direct calls (a callback, its address
// taken) may run at any time, after threads have started.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void on_signal(int sig) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: callback.c:[[@LINE+4]]:5: warning: 'puts' is not async-signal-safe
    // CHECK: callback.c:10:15: note: child process created here
    // CHECK: callback.c:22:3: note: another thread may be running at the fork: 'on_signal' is handed to 'signal' here and may run at any time
    // CHECK: callback.c:16:5: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
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
  pause();
  return 0;
}
