// A callee in parentheses, `(f)(x)`, is a direct call to f (the way to call
// a function that a macro of the same name hides): `(malloc)(n)` is reported,
// `(_exit)(0)` ends the child, `(exit)(1)` is exit() in the child (one
// finding: child-exit-cleanup's) and `(waitpid)(pid, ...)` reaps it.
// RUN: not %forkcheck --profile=posix --threads=yes %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int run(int n) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    void *p = (malloc)((size_t)n);
    (void)p;
    (_exit)(0);
    free(p); // not reached: (_exit) ended the child
  }
  (waitpid)(pid, NULL, 0);
  return 0;
}

int run_and_exit(void) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0)
    (exit)(1);
  (waitpid)(pid, NULL, 0);
  return 0;
}

// CHECK: paren-callees.c:15:15: warning: 'malloc' is not async-signal-safe
// CHECK: paren-callees.c:11:15: note: child process created here
// CHECK: paren-callees.c:11:15: note: another thread is assumed
// CHECK: paren-callees.c:15:15: note: until exec or _exit
// CHECK: paren-callees.c:29:5: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
// CHECK: paren-callees.c:25:15: note: child process created here
// CHECK: paren-callees.c:25:15: note: another thread is assumed
// CHECK: paren-callees.c:29:5: note: use _exit() in the child
