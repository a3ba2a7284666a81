// A switch that names -1 beside 0 (`case 0: case -1:`) runs the child's code
// in the parent when fork() fails, on purpose: runit's stage 3, where pid 1
// reboots the system itself when it cannot fork. `if (pid <= 0)` takes -1
// for the child without naming it, and is reported.
// RUN: %forkcheck --disable=all --enable=unchecked-fork-error %s | count 0
// RUN: not %forkcheck --disable=all --enable=unchecked-fork-error %s -- -DUNNAMED | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <sys/reboot.h>
#include <unistd.h>

int main(void) {
  // CHECK: failure-runs-child-code.c:[[@LINE+1]]:15: warning: 'fork' returns -1 on failure, and -1 reaches the child's code, which the parent then runs [unchecked-fork-error]
  pid_t pid = fork();
#ifdef UNNAMED
  // CHECK: failure-runs-child-code.c:[[@LINE+2]]:5: note: on failure (-1) the parent takes the child's path
  if (pid <= 0) {
    sync();
    reboot(RB_AUTOBOOT);
    _exit(0);
  }
  // CHECK: note: handle -1 first
#else
  switch (pid) {
  case 0:
  case -1:
    sync();
    reboot(RB_AUTOBOOT);
    _exit(0);
  }
#endif
  return 0;
}
