// A child that forks a helper of its own and then execs (w3m's
// uncompress_stream(): the helper feeds it the compressed data through a
// pipe, it execs the decompressor) does not hand the process over to its
// child as a daemonizing parent does: the exec is its own, and so are its
// exit() when its fork fails and its exit() after a failed exec. The
// helper, which never execs and ends with _exit(), is clean.
// RUN: not %forkcheck --exit-cleanup=always --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t open_pipe(int *rfd) {
  int fd[2];
  if (pipe(fd) < 0)
    return -1;
  pid_t pid = fork();
  if (pid < 0) {
    close(fd[0]);
    close(fd[1]);
    return -1;
  }
  if (pid == 0) {
    close(fd[0]);
    dup2(fd[1], 1);
  } else {
    close(fd[1]);
    *rfd = fd[0];
  }
  return pid;
}

FILE *uncompress(const char *path) {
  int r1, r2;
  pid_t pid1 = open_pipe(&r1);
  if (pid1 < 0)
    return NULL;
  if (pid1 == 0) {
    pid_t pid2 = open_pipe(&r2);
    if (pid2 < 0)
      // CHECK: middle-execs.c:[[@LINE+3]]:7: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
      // CHECK: middle-execs.c:35:16: note: child process created here
      // CHECK: middle-execs.c:[[@LINE+1]]:7: note: use _exit() in the child
      exit(1);
    if (pid2 == 0) {
      FILE *in = fopen(path, "rb");
      int c;
      while (in && (c = getc(in)) != EOF)
        putchar(c);
      fflush(stdout);
      _exit(0);
    }
    dup2(r2, 0);
    execlp("gzip", "gzip", "-dc", (char *)NULL);
    // CHECK: middle-execs.c:[[@LINE+1]]:5: note: the child calls 'exit' here too
    exit(1);
  }
  return fdopen(r1, "r");
}

static void cleanup(void) { remove("/tmp/uncompress.lock"); }

int main(int argc, char **argv) {
  atexit(cleanup);
  FILE *f = argc > 1 ? uncompress(argv[1]) : NULL;
  int c;
  while (f && (c = getc(f)) != EOF)
    putchar(c);
  return 0;
}
