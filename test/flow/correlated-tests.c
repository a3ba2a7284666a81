// A local tested before the fork holds what that test said when it is
// tested again, until it is assigned: the child of `if (in_parallel) pid =
// fork();` always takes `if (in_parallel) exit(rc);`, so it never goes
// round the loop. Only the process that did not fork runs the work inline
// and loops. A flag assigned in between, a flag whose address is taken,
// and a volatile global (a signal handler sets it) are not refined; a flag
// assigned in the child is refined from its own next test. A settled
// global -- a mode such as `dontfork` that only the program's own flow
// assigns (its option parsing), never a function whose address is taken,
// and whose address is never taken -- is refined like a local, until a
// call that may assign it.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int work(int i);
void set_mode(int *mode);
extern volatile sig_atomic_t parallel_mode;

int for_each(int n, int in_parallel) {
  pid_t pid = 0;
  int rc = 0;
  for (int i = 0; i < n; i++) {
    if (in_parallel)
      pid = fork();
    if (pid == 0) {
      rc = work(i);
      if (in_parallel)
        _exit(rc);
      if (rc > 0)
        break;
    }
  }
  if (in_parallel)
    while (wait(0) > 0)
      ;
  return rc;
}

int reassigned(int n, int in_parallel) {
  pid_t pid = 0;
  int rc = 0;
  for (int i = 0; i < n; i++) {
    if (in_parallel)
      // CHECK: correlated-tests.c:[[@LINE+1]]:13: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
      pid = fork();
    if (pid == 0) {
      rc = work(i);
      in_parallel = rc > 0;
      if (in_parallel)
        _exit(rc);
    }
    // CHECK: correlated-tests.c:[[@LINE-1]]:5: note: the child leaves its branch here
    // CHECK: correlated-tests.c:[[@LINE-8]]:13: note: end every path of the child with _exit()
    // (with in_parallel now 0, that child runs the loop but forks no more)
  }
  return rc;
}

int address_taken(int n) {
  pid_t pid = 0;
  int rc = 0, in_parallel = 1;
  set_mode(&in_parallel);
  for (int i = 0; i < n; i++) {
    if (in_parallel)
      // CHECK: correlated-tests.c:[[@LINE+1]]:13: warning: the child of this fork leaves its branch and loops back to fork again: a fork bomb [child-fallthrough]
      pid = fork();
    if (pid == 0) {
      rc = work(i);
      set_mode(&in_parallel);
      if (in_parallel)
        _exit(rc);
    }
    // CHECK: correlated-tests.c:[[@LINE-1]]:5: note: the child leaves its branch here
    // CHECK: correlated-tests.c:[[@LINE-8]]:13: note: end every path of the child with _exit()
  }
  return rc;
}

int global_flag(int n) {
  pid_t pid = 0;
  int rc = 0;
  for (int i = 0; i < n; i++) {
    if (parallel_mode)
      // CHECK: correlated-tests.c:[[@LINE+1]]:13: warning: the child of this fork leaves its branch and loops back to fork again: a fork bomb [child-fallthrough]
      pid = fork();
    if (pid == 0) {
      rc = work(i);
      if (parallel_mode)
        _exit(rc);
    }
    // CHECK: correlated-tests.c:[[@LINE-1]]:5: note: the child leaves its branch here
    // CHECK: correlated-tests.c:[[@LINE-7]]:13: note: end every path of the child with _exit()
  }
  return rc;
}

// A server's no-fork debug mode: the child of `if (!dontfork) fork()` always
// takes `if (!dontfork) exit(1)`; only the process that did not fork (the
// debug mode) returns to serve the next client.
static int dontfork;
static int reloading;
static int verbose_mode;
static void on_hup(int sig) { (void)sig; verbose_mode = !verbose_mode; }
static void set_reload(void) { reloading = 1; }
int negotiate(int fd);

void handle_client(int fd) {
  pid_t pid = 0;
  if (!dontfork) {
    pid = fork();
    if (pid != 0)
      return;
  }
  if (negotiate(fd) != 0 && !dontfork)
    exit(1);
  if (!dontfork)
    exit(0);
}

// The same shape on a global a signal handler changes: not refined.
void handle_verbose(int fd) {
  pid_t pid = 0;
  if (!verbose_mode) {
    // CHECK: correlated-tests.c:[[@LINE+1]]:11: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
    pid = fork();
    if (pid != 0)
      return;
  }
  negotiate(fd);
  if (!verbose_mode)
    exit(0);
}
// CHECK: correlated-tests.c:[[@LINE-1]]:1: note: the child leaves its branch here
// CHECK: correlated-tests.c:[[@LINE-9]]:11: note: end every path of the child with _exit()

// A call in between that may assign the global ends what the test said.
void handle_reload(int fd) {
  pid_t pid = 0;
  if (!reloading) {
    // CHECK: correlated-tests.c:[[@LINE+1]]:11: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
    pid = fork();
    if (pid != 0)
      return;
  }
  if (negotiate(fd) < 0)
    set_reload();
  if (!reloading)
    exit(0);
}
// CHECK: correlated-tests.c:[[@LINE-1]]:1: note: the child leaves its branch here
// CHECK: correlated-tests.c:[[@LINE-10]]:11: note: end every path of the child with _exit()

int serve(int argc, char **argv) {
  (void)argv;
  dontfork = argc > 1;
  signal(SIGHUP, on_hup);
  for (;;)
    handle_client(0), handle_verbose(0), handle_reload(0);
}
