// A mode set once, before the loop, decides whether each pass forks, and
// the child ends where the same test says so at the end of the pass
// (lmbench's lmdd: with fork=N the parent goes on to the next block while
// the child writes this one and exits; without it the process writes the
// block itself). The code after the fork's branch is the child's and the
// mode without fork's, never the forking parent's: `Fork != -1` holds in
// the parent at every pass. Reported: the child goes on to the next pass
// when the end of the pass tests another variable.
// RUN: %forkcheck --disable=all --enable=child-fallthrough %s | count 0
// RUN: not %forkcheck --disable=all --enable=child-fallthrough %s -- -DOTHER_TEST | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int getarg(const char *name, int ac, char **av);

int main(int ac, char **av) {
  int Fork = getarg("fork=", ac, av), once = getarg("once=", ac, av), out = 1, pid = 0;
  long off = 0;
  char buf[512];
  for (;;) {
    int moved = read(0, buf, sizeof buf);
    if (moved <= 0)
      break;
    if (out >= 0) {
      if (Fork != -1) {
        if (pid)
          waitpid(pid, 0, 0);
        if ((pid = fork())) {
          off += moved;
          continue;
        }
      }
      if (write(out, buf, moved) == -1)
        perror("write");
    }
    off += moved;
#ifdef OTHER_TEST
    if (once != -1)
#else
    if (Fork != -1)
#endif
      exit(0);
  }
  return 0;
}
// CHECK: mode-in-loop.c:30:20: warning: the child of this fork leaves its branch
// CHECK: note: the child leaves its branch here
// CHECK: mode-in-loop.c:30:20: note: end every path of the child with _exit()
