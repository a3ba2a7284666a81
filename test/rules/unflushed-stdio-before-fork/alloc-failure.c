// A child that can flush the copy of stdout's buffer only when an
// allocation fails -- its own exit() after a failed strdup(), or a helper
// whose exit() is under the test of malloc()'s result -- is not reported:
// output written twice when memory runs out is not what a reviewer asks to
// fix. A child that exits when chdir() fails is, where it does its own
// work (in a child that execs, that exit writes the copy only when the
// set-up fails, and is not reported: exec-failure.c).
// RUN: not %forkcheck --disable=all --enable=unflushed-stdio-before-fork %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *xstrdup(const char *s) {
  char *t = malloc(strlen(s) + 1);
  if (t == NULL)
    exit(1);
  return strcpy(t, s);
}

void run(char **argv) {
  printf("running %s\n", argv[0]);
  if (fork() == 0) {
    char *prog = strdup(argv[0]);
    if (prog == NULL)
      exit(1);
    char *arg = xstrdup(argv[1]);
    execlp(prog, prog, arg, (char *)NULL);
    _exit(127);
  }
}

void run_in(const char *dir, char **argv) {
  printf("running %s in %s\n", argv[0], dir);
  // CHECK: alloc-failure.c:[[@LINE+1]]:7: warning: output written to stdout before this fork is still in its buffer{{.*}} [unflushed-stdio-before-fork]
  if (fork() == 0) {
    // CHECK: alloc-failure.c:[[@LINE-3]]:3: note: 'printf' writes to stdout here
    char *prog = xstrdup(argv[0]);
    if (chdir(dir) != 0)
      // CHECK: alloc-failure.c:[[@LINE+1]]:7: note: the copied buffer is flushed here in the child, by 'exit'
      exit(1);
    // CHECK: note: call fflush(NULL) before fork()
    (void)!write(1, prog, strlen(prog));
    _exit(0);
  }
}
