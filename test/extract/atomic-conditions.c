// A condition the extractor does not understand is unknown, never a
// constant: the loops on atomic builtins below end, so what follows them
// runs in the child. A condition that is constant (`while (1)`) still is.
// (The __sync builtin is itself a call, to a function the safe list does not
// name yet: declared safe here, as a user would.)
// RUN: not %forkcheck --profile=posix --threads=yes --disable=all --enable=child-unsafe-call --safe-function=__sync_lock_test_and_set_4 %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

int ready;
atomic_int started;

void load(void) {
  if (fork() == 0) {
    while (!__atomic_load_n(&ready, __ATOMIC_RELAXED))
      ;
    // CHECK: atomic-conditions.c:[[@LINE+4]]:5: warning: 'malloc' is not async-signal-safe
    // CHECK: atomic-conditions.c:[[@LINE-4]]:7: note: child process created here
    // CHECK: atomic-conditions.c:[[@LINE-5]]:7: note: another thread is assumed to be running at the fork (--threads=yes)
    // CHECK: atomic-conditions.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    malloc(1);
    _exit(0);
  }
}

void compare_exchange(void) {
  if (fork() == 0) {
    int expected = 0;
    while (!__atomic_compare_exchange_n(&ready, &expected, 1, 0, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
      expected = 0;
    // CHECK: atomic-conditions.c:[[@LINE+4]]:5: warning: 'malloc' is not async-signal-safe
    // CHECK: atomic-conditions.c:[[@LINE-6]]:7: note: child process created here
    // CHECK: atomic-conditions.c:[[@LINE-7]]:7: note: another thread is assumed to be running at the fork (--threads=yes)
    // CHECK: atomic-conditions.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    malloc(2);
    _exit(0);
  }
}

void sync_builtin(void) {
  if (fork() == 0) {
    while (__sync_lock_test_and_set(&ready, 1))
      ;
    // CHECK: atomic-conditions.c:[[@LINE+4]]:5: warning: 'malloc' is not async-signal-safe
    // CHECK: atomic-conditions.c:[[@LINE-4]]:7: note: child process created here
    // CHECK: atomic-conditions.c:[[@LINE-5]]:7: note: another thread is assumed to be running at the fork (--threads=yes)
    // CHECK: atomic-conditions.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    malloc(3);
    _exit(0);
  }
}

void c11(void) {
  if (fork() == 0) {
    while (!atomic_load(&started))
      ;
    // CHECK: atomic-conditions.c:[[@LINE+4]]:5: warning: 'malloc' is not async-signal-safe
    // CHECK: atomic-conditions.c:[[@LINE-4]]:7: note: child process created here
    // CHECK: atomic-conditions.c:[[@LINE-5]]:7: note: another thread is assumed to be running at the fork (--threads=yes)
    // CHECK: atomic-conditions.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    malloc(4);
    _exit(0);
  }
}

void forever(void) {
  if (fork() == 0) {
    while (1)
      ;
    malloc(5); // never reached
    _exit(0);
  }
}
