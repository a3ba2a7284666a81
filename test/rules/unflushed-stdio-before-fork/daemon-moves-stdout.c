// A daemon -- the parent ends at once -- that closes descriptor 1 or puts
// another in its place before it flushes (dup2 of /dev/null onto 0, 1 and
// 2: sslh's close_std(), pimd) writes the stdout buffer it copied there,
// not a second time where the parent wrote it. A daemon that keeps its
// stdout does write it twice; so does a child whose parent goes on, and a
// daemon that moves stdout with freopen(), which flushes the stream before
// it closes it (ptunnel-ng's freopen("/dev/null", "w", stdout)).
// RUN: not %forkcheck --disable=all --enable=unflushed-stdio-before-fork %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
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

void serve(void);

void detach(int quiet) {
  printf("binding\n");
  if (fork() > 0)
    exit(0);
  close_std();
  serve();
  exit(0);
}

void detach_pimd(void) {
  printf("debug level\n");
  if (fork())
    exit(0);
  close(STDOUT_FILENO);
  serve();
  exit(0);
}

void detach_loud(void) {
  printf("starting\n");
  // CHECK: daemon-moves-stdout.c:[[@LINE+1]]:7: warning: output written to stdout before this fork is still in its buffer
  if (fork())
    exit(0);
  // CHECK: daemon-moves-stdout.c:[[@LINE-4]]:3: note: 'printf' writes to stdout here
  // CHECK: daemon-moves-stdout.c:[[@LINE+2]]:3: note: the copied buffer is flushed here in the child, by 'exit'
  serve();
  exit(0);
  // CHECK: daemon-moves-stdout.c:[[@LINE-6]]:7: note: call fflush(NULL) before fork()
}

void helper(void) {
  printf("helping\n");
  // CHECK: daemon-moves-stdout.c:[[@LINE+1]]:15: warning: output written to stdout before this fork is still in its buffer
  pid_t pid = fork();
  if (pid == 0) {
    dup2(2, STDOUT_FILENO);
    serve();
    exit(0);
  }
  // CHECK: daemon-moves-stdout.c:[[@LINE-8]]:3: note: 'printf' writes to stdout here
  // CHECK: daemon-moves-stdout.c:[[@LINE-3]]:5: note: the copied buffer is flushed here in the child, by 'exit'
  // CHECK: daemon-moves-stdout.c:[[@LINE-8]]:15: note: call fflush(NULL) before fork()
  waitpid(pid, NULL, 0);
}

void detach_freopen(void) {
  printf("Going to the background.\n");
  // CHECK: daemon-moves-stdout.c:[[@LINE+1]]:7: warning: output written to stdout before this fork is still in its buffer
  if (fork())
    exit(0);
  // CHECK: daemon-moves-stdout.c:[[@LINE-4]]:3: note: 'printf' writes to stdout here
  // CHECK: daemon-moves-stdout.c:[[@LINE+1]]:3: note: the copied buffer is flushed here in the child, by 'freopen'
  freopen("/dev/null", "w", stdout);
  // CHECK: daemon-moves-stdout.c:[[@LINE-5]]:7: note: call fflush(NULL) before fork()
  serve();
  exit(0);
}
