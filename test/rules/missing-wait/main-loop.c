// main that forks in a loop and never waits: the process does not end
// after the fork, so the children pile up as zombies.
// RUN: not %forkcheck --disable=all --enable=missing-wait %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <unistd.h>

int main(void) {
  for (;;) {
    // CHECK: main-loop.c:[[@LINE+3]]:17: warning: the child of this 'fork' is never waited for
    // CHECK: main-loop.c:11:17: note: no wait for it on the parent's path, its pid is not kept for a reaper, and the program neither reaps on SIGCHLD nor ignores SIGCHLD
    // CHECK: main-loop.c:11:17: note: wait for the child with waitpid() (forksafe_wait() retries on EINTR), keep its pid for the code that reaps it, or set SIGCHLD to SIG_IGN if its status is not needed; confirm at run time with LD_PRELOAD=libforksafe-detect.so
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
