// The calls one macro expands to share a place (PostgreSQL's ereport():
// errstart(), errmsg(), errfinish()); when several reach exit(), the place
// is one finding, the others notes of it, and so are the later calls of
// those helpers elsewhere in the child.
// RUN: not %forkcheck --exit-cleanup=always --threads=no --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int depth, level;

static int errstart(int elevel) {
  if (++depth > 5) {
    fputs("error stack overflow\n", stderr);
    exit(2);
  }
  level = elevel;
  return 1;
}

static int errmsg(const char *msg) {
  if (msg == NULL)
    exit(2);
  return 0;
}

static void errfinish(int dummy) {
  (void)dummy;
  depth--;
  if (level >= 21)
    exit(1);
}

#define FATAL 21
#define ereport(elevel, rest)                                                              \
  do {                                                                                     \
    if (errstart(elevel))                                                                  \
      errfinish rest;                                                                      \
  } while (0)

int main(int argc, char **argv) {
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[1], argv + 1);
    // CHECK: same-place.c:[[@LINE+6]]:5: warning: call to 'errstart' reaches 'exit', which runs the parent's exit-time cleanup in the child of fork()
    // CHECK: note: 'errstart' calls 'exit' here
    // CHECK: note: child process created here
    // CHECK: same-place.c:[[@LINE+3]]:5: note: use _exit() in the child
    // CHECK: same-place.c:[[@LINE+2]]:5: note: 'errmsg' here reaches exit() too
    // CHECK: same-place.c:[[@LINE+1]]:5: note: 'errfinish' here reaches exit() too
    ereport(FATAL, (errmsg("exec failed")));
    if (argc > 2)
      // CHECK: same-place.c:[[@LINE+1]]:7: note: the child calls 'errstart' here too
      ereport(FATAL, (errmsg("still here")));
  }
  waitpid(pid, NULL, 0);
  return 0;
}
