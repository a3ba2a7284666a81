// A for statement whose header a macro writes ends like any other:
// libreswan's JAMBUF(buf) is `for (char b[N], *b_ = b; b_ != NULL; b_ =
// NULL) for (struct jambuf jb = ..., *buf = &jb; buf != NULL; buf = NULL)`,
// run once. Its semicolons are in the #define, so they cannot tell init,
// condition and increment apart; the three children of the statement do.
// A log helper built on it returns, and the exit() after it in the child
// is reached. A loop a macro writes with no condition (`FOREVER`) does not
// end, and what follows it is never reached.
// RUN: not %forkcheck --exit-cleanup=always --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

struct jambuf {
  char *array;
  size_t total;
};
#define JAMBUF(BUF)                                                                        \
  for (char lswbuf[100], *lswbuf_ = lswbuf; lswbuf_ != NULL; lswbuf_ = NULL)               \
    for (struct jambuf jambuf = {lswbuf, sizeof(lswbuf)}, *BUF = &jambuf; BUF != NULL;      \
         BUF = NULL)
#define ONCE(v) for (int v = 1; v; v = 0)
#define FOREVER for (;;)

static void log_errno(const char *what) {
  JAMBUF(buf) {
    snprintf(buf->array, buf->total, "%s failed", what);
    fputs(buf->array, stderr);
  }
}

static void log_once(const char *what) {
  ONCE(i) fputs(what, stderr);
}

static void serve(void) {
  FOREVER pause();
}

int main(int argc, char **argv) {
  pid_t pid = fork();
  if (pid == 0) {
    if (argc > 2) {
      serve();
      exit(3);
    }
    if (dup2(1, 2) < 0) {
      log_errno("dup2");
      // CHECK: macro-for-header.c:[[@LINE+2]]:7: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
      // CHECK: macro-for-header.c:42:15: note: child process created here
      exit(127);
      // CHECK: macro-for-header.c:[[@LINE-1]]:7: note: use _exit() in the child
    }
    execvp(argv[1], argv + 1);
    log_once("exec");
    // CHECK: macro-for-header.c:[[@LINE+1]]:5: note: the child calls 'exit' here too
    exit(127);
  }
  waitpid(pid, NULL, 0);
  return 0;
}
