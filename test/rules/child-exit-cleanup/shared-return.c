// A child whose exec failed leaves its branch and joins the parent only at
// main's return: that return is exit() in the child, this rule's finding,
// although the parent returns there too. When the two share calls before
// the return, the child runs the parent's code first: child-fallthrough
// reports that, and this rule stays quiet (one finding for one defect).
// RUN: not %forkcheck --exit-cleanup=always --disable=all --enable=child-exit-cleanup --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --exit-cleanup=always --disable=all --enable=child-exit-cleanup --enable=child-fallthrough %s -- -DSHARED_CALLS | FileCheck %s --check-prefix=CALLS --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int rv = 0, status;
  printf("starting %s\n", argv[1]);
  // CALLS: shared-return.c:[[@LINE+1]]:11: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
  switch (fork()) {
  case -1:
    perror("fork");
    return 1;
  case 0:
    execvp(argv[1], argv + 1);
    perror("exec");
    rv = 70;
    // CALLS: shared-return.c:[[@LINE-1]]:5: note: the child leaves its branch here
    // CALLS: shared-return.c:[[@LINE-9]]:11: note: end every path of the child with _exit() (after a failed exec too)
    break;
  default:
    wait(&status);
    rv = WEXITSTATUS(status);
  }
#ifdef SHARED_CALLS
  printf("done: %d\n", rv);
#endif
  // CHECK: shared-return.c:[[@LINE+3]]:3: warning: return from 'main' in the child of fork() calls exit(), which runs the parent's atexit handlers and flushes the stdio buffers copied from it [child-exit-cleanup]
  // CHECK: shared-return.c:[[@LINE-19]]:11: note: child process created here
  // CHECK: shared-return.c:[[@LINE+1]]:3: note: end the child with _exit() instead of returning from 'main'
  return rv;
}
