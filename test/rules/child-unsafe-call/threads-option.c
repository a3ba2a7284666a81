// --threads=yes assumes other threads everywhere; --threads=no nowhere;
// auto decides from the program (this one starts none).
// RUN: %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s | count 0
// RUN: %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s --threads=no | count 0
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s --threads=yes | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <unistd.h>

int main(void) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: threads-option.c:[[@LINE+4]]:5: warning: 'printf' is not async-signal-safe
    // CHECK: threads-option.c:10:15: note: child process created here
    // CHECK: threads-option.c:[[@LINE-4]]:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // CHECK: threads-option.c:16:5: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    printf("child\n");
    _exit(0);
  }
  return 0;
}
