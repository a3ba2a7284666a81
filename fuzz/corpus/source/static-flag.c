// A vfork child that sets a flag of static storage for the parent to read
// after it ends (libuv probes whether vfork shares memory this way) does
// not touch the parent's stack frame or library state: not reported. A
// local variable, or memory through a pointer, is.
// RUN: not %forkcheck --disable=all --enable=vfork-child-misuse %s | FileCheck %s --implicit-check-not=warning:
#include <sys/wait.h>
#include <unistd.h>

static int vfork_shares_memory;

void probe(int *out) {
  int local = 0;
  pid_t pid = vfork();
  if (pid == 0) {
    vfork_shares_memory = 1;
    // CHECK: static-flag.c:[[@LINE+1]]:5: warning: write to memory in the child of vfork()
    local = 1;
    // CHECK: static-flag.c:[[@LINE+1]]:5: warning: write to memory in the child of vfork()
    *out = 1;
    _exit(0);
  }
  if (pid > 0)
    waitpid(pid, NULL, 0);
  (void)local;
}
