// Without a main the analysed code is a library: its callers may have
// started threads, so every fork may be in a multithreaded process.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: %forkcheck --disable=all --enable=child-unsafe-call %s --threads=no | count 0
#include <stdlib.h>
#include <unistd.h>

int run_hook(const char *cmd) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: library.c:[[@LINE+4]]:5: warning: 'system' is not async-signal-safe
    // CHECK: note: child process created here
    // CHECK: library.c:8:5: note: another thread may be running at the fork: the analysed files have no 'main', so callers may have started threads (--threads=no if they cannot)
    // CHECK: library.c:15:5: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    system(cmd);
    _exit(0);
  }
  return pid;
}
