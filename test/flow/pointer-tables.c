// A global array of function pointers initialised with functions (a table of
// handlers, more of one type than the fallback on the type takes) is where
// a call through `table[i]` finds its targets: a child that ends in such a
// call ends there when every handler in the table never returns; when one
// handler returns, the child falls through.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <unistd.h>

static void run_a(int fd) { _exit(fd); }
static void run_b(int fd) { _exit(fd + 1); }
static void run_c(int fd) { _exit(fd + 2); }
static void run_d(int fd) { _exit(fd + 3); }
static void run_e(int fd) { _exit(fd + 4); }
static void run_f(int fd) { close(fd); }

static void (*const final_steps[])(int) = {run_a, run_b, run_c, run_d, run_e};
static void (*const any_steps[])(int) = {run_a, run_b, run_c, run_d, run_f};

void child_ends(int which, int fd) {
  if (fork() == 0)
    final_steps[which](fd); /* every handler of the table ends the child */
  close(fd);
}

void child_may_return(int which, int fd) {
  // CHECK: pointer-tables.c:[[@LINE+3]]:7: warning: the child of this fork leaves its branch {{.*}} [child-fallthrough]
  // CHECK: pointer-tables.c:[[@LINE+3]]:5: note: the child leaves its branch here
  // CHECK: pointer-tables.c:[[@LINE+1]]:7: note: end every path of the child with _exit() (after a failed exec too)
  if (fork() == 0)
    any_steps[which](fd); /* run_f returns */
  close(fd);
}
