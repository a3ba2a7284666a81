// --threads=yes assumes other threads everywhere; --threads=no nowhere;
// auto decides from the program (this one starts none).
// RUN: %forkcheck --disable=all --enable=child-unsafe-call %s | count 0
// RUN: %forkcheck --disable=all --enable=child-unsafe-call %s --threads=no | count 0
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s --threads=yes | FileCheck %s --implicit-check-not=warning:
#include <stdio.h>
#include <unistd.h>

int main(void) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: threads-option.c:[[@LINE+2]]:5: warning: 'printf' is not async-signal-safe
    // CHECK: threads-option.c:[[@LINE-3]]:15: note: another thread is assumed to be running at the fork (--threads=yes)
    printf("child\n");
    _exit(0);
  }
  return 0;
}
