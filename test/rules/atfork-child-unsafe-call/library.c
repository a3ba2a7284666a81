// A library that registers handlers and has no main: with --threads=library
// the application may fork while its threads run. By default (auto) a
// library's host is no evidence, and --threads=no says it cannot.
// RUN: not %forkcheck --profile=posix --disable=all --enable=atfork-child-unsafe-call %s --threads=library -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: %forkcheck --profile=posix --disable=all --enable=atfork-child-unsafe-call %s -- -pthread | count 0
// RUN: %forkcheck --profile=posix --disable=all --enable=atfork-child-unsafe-call %s --threads=no -- -pthread | count 0
#include <pthread.h>
#include <stdlib.h>

static void *pool;

static void reset_pool(void) {
  // CHECK: library.c:[[@LINE+4]]:10: warning: 'calloc' is not async-signal-safe and is called in 'reset_pool', a pthread_atfork() child handler
  // CHECK: library.c:[[@LINE+6]]:23: note: 'reset_pool' is registered as a child handler here
  // CHECK: library.c:[[@LINE+5]]:23: note: the analysed files have no 'main' and do not fork: the program that uses them may fork while other threads run (--threads=library)
  // CHECK: library.c:17:10: note: a child handler may call only async-signal-safe functions (and unlock what the prepare handler locked): reset state with plain assignments, allocate in the prepare handler; confirm at run time with LD_PRELOAD=libforksafe-detect.so
  pool = calloc(1, 64);
}

void lib_init(void) { pthread_atfork(NULL, NULL, reset_pool); }
