// A test suite's assertion macro copies both sides into const locals and
// aborts when the comparison fails: `ASSERT_NE(pid, -1)` right after the
// fork is a check of -1, as if the test were written out. An assertion
// that does not rule out -1 (`!= 0`), or a const local whose value is not a
// constant, checks nothing of it.
// RUN: not %forkcheck --disable=all --enable=unchecked-fork-error %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define EXPECT_NE(x, y)                                                     \
  do {                                                                      \
    int64_t const lhs_ = (x);                                               \
    int64_t const rhs_ = (y);                                               \
    if (!(lhs_ != rhs_)) {                                                  \
      fprintf(stderr, "%s:%d: %s != %s\n", __FILE__, __LINE__, #x, #y);     \
      abort();                                                              \
    }                                                                       \
  } while (0)

extern int64_t no_child(void);

void signal_checked(void) {
  pid_t pid = fork();
  EXPECT_NE(pid, -1);
  if (pid != 0) {
    kill(pid, SIGUSR1);
    return;
  }
  pause();
  _exit(0);
}

void signal_zero_checked(void) {
  // CHECK: assert-copy.c:[[@LINE+1]]:15: warning: 'fork' returns -1 on failure, and -1 reaches kill(){{.*}} [unchecked-fork-error]
  pid_t pid = fork();
  EXPECT_NE(pid, 0);
  // CHECK: assert-copy.c:[[@LINE+1]]:3: note: with -1, 'kill' sends the signal to every process the caller may signal
  kill(pid, SIGUSR1);
  // CHECK: assert-copy.c:[[@LINE-4]]:15: note: handle -1 first
}

void signal_unknown_checked(void) {
  // CHECK: assert-copy.c:[[@LINE+1]]:15: warning: 'fork' returns -1 on failure, and -1 reaches kill(){{.*}} [unchecked-fork-error]
  pid_t pid = fork();
  EXPECT_NE(pid, no_child());
  if (pid != 0) {
    // CHECK: assert-copy.c:[[@LINE+1]]:5: note: with -1, 'kill' sends the signal to every process the caller may signal
    kill(pid, SIGUSR1);
    return;
  }
  // CHECK: assert-copy.c:[[@LINE-7]]:15: note: handle -1 first
  pause();
  _exit(0);
}
