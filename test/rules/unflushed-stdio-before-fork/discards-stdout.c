// A child that closes descriptor 1, or puts /dev/null there, before each
// place it flushes writes its copy of stdout's buffer nowhere, whether or
// not the parent goes on: nothing appears twice (aircrack-ng's helpers;
// AFL's fork server, whose global descriptor only ever holds
// open("/dev/null")). Reported: a child that flushes before the close, and
// one that puts a descriptor there that may hold a file, which gets the
// parent's text. So is a daemonizing function that closes its descriptors
// in a loop and falls off its end (weechat's daemonize(): the loop's
// close(i) is not seen as closing 1, and the caller may flush). Opening
// /dev/null is taken not to fail: a daemon that puts it on 0, 1 and 2 under
// `if (fd != -1)` (pmacct) is not reported.
// RUN: not %forkcheck --disable=all --enable=unflushed-stdio-before-fork %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* The children's own work: none of them execs (in a child that can, the
 * exit() after a failed exec is no flush to report: exec-failure.c). */
static void serve(char **argv) { (void)!write(2, argv[0], 1); }
static void serve_card(const char *path) { (void)!write(2, path, 1); }

static int dev_null_fd = -1;
static int log_fd = -1;

void setup(void) {
  dev_null_fd = open("/dev/null", O_RDWR);
  if (dev_null_fd < 0)
    exit(1);
  log_fd = open("/dev/null", O_WRONLY);
}

void reopen_log(const char *path) { log_fd = open(path, O_WRONLY | O_APPEND); }

int quiet_helper(const char *path) {
  int n;
  printf("probing %s\n", path);
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    close(0);
    close(1);
    close(2);
    serve_card(path);
    exit(1);
  }
  waitpid(pid, &n, 0);
  return n;
}

int server(char **argv) {
  printf("Spinning up the fork server...\n");
  pid_t pid = fork();
  if (pid < 0)
    exit(1);
  if (!pid) {
    setsid();
    dup2(dev_null_fd, 1);
    dup2(dev_null_fd, 2);
    serve(argv);
    exit(0);
  }
  return pid;
}

int to_log(char **argv) {
  printf("logging\n");
  // CHECK: discards-stdout.c:[[@LINE+1]]:15: warning: output written to stdout before this fork is still in its buffer
  pid_t pid = fork();
  if (pid == 0) {
    dup2(log_fd, 1);
    serve(argv);
    exit(127);
  }
  // CHECK: discards-stdout.c:[[@LINE-8]]:3: note: 'printf' writes to stdout here
  // CHECK: discards-stdout.c:[[@LINE-3]]:5: note: the copied buffer is flushed here in the child, by 'exit'
  // CHECK: discards-stdout.c:[[@LINE-8]]:15: note: call fflush(NULL) before fork(), or end the child with _exit()
  return pid;
}

int flushes_first(char **argv) {
  printf("checking\n");
  // CHECK: discards-stdout.c:[[@LINE+1]]:15: warning: output written to stdout before this fork is still in its buffer
  pid_t pid = fork();
  if (pid == 0) {
    fflush(stdout);
    close(1);
    serve(argv);
    _exit(127);
  }
  // CHECK: discards-stdout.c:[[@LINE-9]]:3: note: 'printf' writes to stdout here
  // CHECK: discards-stdout.c:[[@LINE-6]]:5: note: the copied buffer is flushed here in the child, by 'fflush'
  // CHECK: discards-stdout.c:[[@LINE-9]]:15: note: call fflush(NULL) before fork(); forksafe_fork() flushes stdio before forking
  return pid;
}

void daemonize(void) {
  printf("Running in background... ");
  // CHECK: discards-stdout.c:[[@LINE+1]]:15: warning: output written to stdout before this fork is still in its buffer
  pid_t pid = fork();
  if (pid < 0)
    exit(1);
  if (pid > 0) {
    printf("OK\n");
    exit(0);
  }
  setsid();
  for (int i = 0; i < 256; i++)
    close(i);
  // CHECK: discards-stdout.c:[[@LINE-12]]:3: note: 'printf' writes to stdout here
  // CHECK: discards-stdout.c:[[@LINE-11]]:15: note: the child returns from 'daemonize', and its caller may flush the copied buffer
  // CHECK: discards-stdout.c:[[@LINE-12]]:15: note: call fflush(NULL) before fork(), or end the child with _exit()
}

/* pmacct's daemonize(): opening /dev/null is taken not to fail, so the
 * child always puts it on descriptor 1 before it returns. */
int daemonize_null(void) {
  int fd;
  printf("Daemonizing\n");
  pid_t pid = fork();
  switch (pid) {
  case -1:
    return -1;
  case 0:
    break;
  default:
    exit(0);
  }
  fd = open("/dev/null", O_RDWR, 0);
  if (fd != -1) {
    dup2(fd, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    if (fd > 2)
      close(fd);
  }
  return 0;
}
