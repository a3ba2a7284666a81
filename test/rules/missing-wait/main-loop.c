// main that forks in a loop and never waits: the process does not end
// after the fork, so the children pile up as zombies.
// RUN: not %forkcheck --disable=all --enable=missing-wait %s | FileCheck %s --implicit-check-not=warning:
#include <unistd.h>

int main(void) {
  for (;;) {
    // CHECK: main-loop.c:[[@LINE+1]]:17: warning: the child of this 'fork' is never waited for
    pid_t pid = fork();
    if (pid == 0) {
      (void)!write(1, "tick\n", 5);
      _exit(0);
    }
    if (pid < 0)
      return 1;
    sleep(1);
  }
}
