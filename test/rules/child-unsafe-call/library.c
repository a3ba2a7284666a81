// Without a main the analysed code is a library: its callers may have
// started threads, so every fork may be in a multithreaded process.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not=warning:
// RUN: %forkcheck --disable=all --enable=child-unsafe-call %s --threads=no | count 0
#include <stdlib.h>
#include <unistd.h>

int run_hook(const char *cmd) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: library.c:[[@LINE+3]]:5: warning: 'system' is not async-signal-safe
    // CHECK: note: child process created here
    // CHECK: library.c:8:5: note: another thread may be running at the fork: the analysed files have no 'main', so callers may have started threads (--threads=no if they cannot)
    system(cmd);
    _exit(0);
  }
  return pid;
}
