// `goto *p` may go to every label whose address the function takes, and to
// no other.
// RUN: not %forkcheck --profile=posix --threads=yes --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
  static void *const next[] = {&&run, &&done};
  (void)argv;
  if (fork() != 0)
    return 0;
  goto *next[argc & 1];
run:
  // CHECK: computed-goto.c:[[@LINE+4]]:3: warning: 'malloc' is not async-signal-safe
  // CHECK: computed-goto.c:[[@LINE-5]]:7: note: child process created here
  // CHECK: computed-goto.c:[[@LINE-6]]:7: note: another thread is assumed to be running at the fork (--threads=yes)
  // CHECK: computed-goto.c:[[@LINE+1]]:3: note: until exec or _exit, call only async-signal-safe functions
  malloc(1);
done:
  _exit(0);
unused:
  malloc(2); // only a goto by name could reach it, and there is none
  goto unused;
}
