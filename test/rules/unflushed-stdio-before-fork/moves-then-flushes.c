// Whether a daemon moved descriptor 1 before a place it flushes is decided
// on every way there, in the order the code runs, not the order blocks are
// numbered in: sslh detaches, calls close_std(), and only then reaches the
// exit() of a failed setsid() and the flush and exits that the foreground
// mode shares. A daemon whose failed setsid() exits before close_std()
// flushes its copy where the parent wrote: reported, with that exit().
// RUN: not %forkcheck --disable=all --enable=unflushed-stdio-before-fork %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void close_std(void) {
  int fd = open("/dev/null", O_RDWR);
  if (fd >= 0) {
    dup2(fd, STDIN_FILENO);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    close(fd);
  }
}

void main_loop(int *socks, int n);
int start_listen(int **socks);

void run(int foreground) {
  int *socks, n;
  printf("binding\n");
  n = start_listen(&socks);
  if (!foreground) {
    if (fork() > 0)
      exit(0);
    close_std();
    if (getuid() == 0) {
      if (setsid() < 0) {
        perror("setsid");
        exit(1);
      }
    }
  }
  printf("started\n");
  fflush(stdout);
  main_loop(socks, n);
  free(socks);
  exit(0);
}

void run_late(int foreground) {
  int *socks, n;
  printf("binding\n");
  n = start_listen(&socks);
  if (!foreground) {
    // CHECK: moves-then-flushes.c:[[@LINE+1]]:9: warning: output written to stdout before this fork is still in its buffer
    if (fork() > 0)
      exit(0);
    if (setsid() < 0) {
      perror("setsid");
      exit(1);
    }
    close_std();
  }
  main_loop(socks, n);
  exit(0);
}
// CHECK: moves-then-flushes.c:50:3: note: 'printf' writes to stdout here
// CHECK: moves-then-flushes.c:58:7: note: the copied buffer is flushed here in the child, by 'exit'
// CHECK: moves-then-flushes.c:54:9: note: call fflush(NULL) before fork()
