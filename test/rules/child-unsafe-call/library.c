// Without a main the analysed code is a library. With --threads=library
// its callers may have started threads, so every fork may be in a
// multithreaded process. By default (auto) that is no evidence: a library
// that starts no thread of its own makes no claim about its host.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s --threads=library | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: %forkcheck --disable=all --enable=child-unsafe-call %s | count 0
// RUN: printf 'Threads: library\n' > %t.yaml
// RUN: not %forkcheck --config-file=%t.yaml --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: %forkcheck --disable=all --enable=child-unsafe-call %s --threads=no | count 0
#include <stdlib.h>
#include <unistd.h>

int run_hook(const char *cmd) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: library.c:[[@LINE+4]]:5: warning: 'system' is not async-signal-safe
    // CHECK: note: child process created here
    // CHECK: library.c:13:5: note: another thread may be running at the fork: the analysed files have no 'main', and with --threads=library their callers may have started threads
    // CHECK: library.c:20:5: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    system(cmd);
    _exit(0);
  }
  return pid;
}
