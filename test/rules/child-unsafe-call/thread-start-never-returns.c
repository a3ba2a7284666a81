// A thread started in a call that never returns is not running at any code
// after that call: varnishd's `AZ(setrlimit(...))` fails through
// VAS_Fail(), whose hook may start a thread, and the fork after the check
// has no other thread. A thread started before the fork by a call that
// returns is evidence, as always.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *dump(void *a) { return a; }

__attribute__((noreturn)) static void fail(const char *what) {
  pthread_t t;
  pthread_create(&t, NULL, dump, (void *)what);
  abort();
}

static void start_logger(void) {
  pthread_t t;
  pthread_create(&t, NULL, dump, NULL);
}

static pid_t spawn(char *cmd) {
  pid_t pid = fork();
  if (pid == 0) {
    char *s = malloc(10);
    snprintf(s, 10, "%s", cmd);
    execlp(s, s, (char *)NULL);
    _exit(127);
  }
  return pid;
}

static pid_t spawn_logged(char *cmd) {
  start_logger();
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: thread-start-never-returns.c:[[@LINE+5]]:15: warning: 'malloc' is not async-signal-safe and is called in the child of a multithreaded program
    // CHECK: thread-start-never-returns.c:[[@LINE-3]]:15: note: child process created here
    // CHECK: thread-start-never-returns.c:[[@LINE-5]]:3: note: another thread may be running at the fork: 'start_logger', called here, starts one
    // CHECK: thread-start-never-returns.c:22:3: note: 'start_logger' calls 'pthread_create' here
    // CHECK: thread-start-never-returns.c:[[@LINE+1]]:15: note: until exec or _exit
    char *s = malloc(10);
    _exit(s == NULL || cmd == NULL);
  }
  return pid;
}

int main(int argc, char **argv) {
  if (argc < 2)
    fail("usage");
  spawn(argv[1]);
  if (argc > 2)
    spawn_logged(argv[2]);
  return 0;
}
