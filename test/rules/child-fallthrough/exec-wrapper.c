// A wrapper that returns what exec returns (inn's vector_exec(): `return
// execv(path, argv);`) returns -1 whenever it returns, so the child's `if
// (run(path, argv) < 0) { ...; _exit(1); }` always _exit()s: it never
// leaves its `case 0:` for the parent's code. Reported: a wrapper that
// can also return 0 (a dry run), whose child then falls through.
// RUN: %forkcheck --disable=all --enable=child-fallthrough %s | count 0
// RUN: not %forkcheck --disable=all --enable=child-fallthrough %s -- -DDRY_RUN | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int dry_run;

int run(const char *path, char **argv) {
#ifdef DRY_RUN
  if (dry_run)
    return 0;
#endif
  return execv(path, argv);
}

int spawn(const char *path, char **argv) {
  pid_t pid = fork();
  switch (pid) {
  case -1:
    return -1;
  case 0:
    if (run(path, argv) < 0) {
      perror(path);
      _exit(1);
    }
  }
  printf("started %s\n", path);
  return waitpid(pid, NULL, 0);
}
// CHECK: exec-wrapper.c:23:15: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
// CHECK: exec-wrapper.c:32:3: note: the child leaves its branch here
// CHECK: exec-wrapper.c:23:15: note: end every path of the child with _exit()
