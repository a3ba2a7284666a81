// A function that never returns is a die() helper when it ends the process
// with exit() itself, or through another that never returns. One that ends
// with _exit(), and can reach exit() only deeper, on an error path of a
// function it calls that returns (a debug trace that dies on a bad format),
// is not reported at each call in the child.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int debug;

static void panic(const char *what) {
  fprintf(stderr, "panic: %s\n", what);
  exit(1);
}

static void trace(const char *fmt, int rc) {
  if (!fmt)
    panic("no format");
  if (debug)
    fprintf(stderr, fmt, rc);
}

/* The process's end: _exit(), after a trace. */
__attribute__((noreturn)) static void underbar_exit(int rc) {
  trace("exiting %d\n", rc);
  _exit(rc);
}

/* A die() helper through another that never returns. */
__attribute__((noreturn)) static void fatal(const char *what) {
  panic(what);
  for (;;)
    ;
}

int run(void);

int main(void) {
  printf("starting\n");
  pid_t pid = fork();
  if (pid == 0) {
    if (run() < 0)
      // CHECK: noreturn-deep-exit.c:[[@LINE+6]]:7: warning: call to 'fatal' reaches 'exit'
      // CHECK: noreturn-deep-exit.c:[[@LINE-13]]:3: note: 'fatal' calls 'panic' here
      // CHECK: noreturn-deep-exit.c:[[@LINE-32]]:3: note: 'panic' calls 'exit' here
      // CHECK: noreturn-deep-exit.c:[[@LINE-6]]:15: note: child process created here
      // CHECK: noreturn-deep-exit.c:[[@LINE-8]]:3: note: 'printf' writes to stdout here, and nothing flushes it before the fork: the child copies the buffer, and exit() writes it again
      // CHECK: noreturn-deep-exit.c:[[@LINE+1]]:7: note: use _exit() in the child
      fatal("run");
    underbar_exit(0);
  }
  return 0;
}
