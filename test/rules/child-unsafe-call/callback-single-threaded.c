// A callback is not a thread: handed to an event loop or a signal, it runs
// on main's thread. A program that never starts a thread (no
// pthread_create, no library known to start one) is single-threaded at
// every fork, callbacks included: nothing is reported. --threads=yes still
// assumes otherwise.
// RUN: %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s | count 0
// RUN: not %forkcheck --profile=posix --threads=yes --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
// CHECK: callback-single-threaded.c:[[#@LINE+20]]:5: warning: 'printf' is not async-signal-safe
// CHECK: callback-single-threaded.c:[[#@LINE+17]]:15: note: child process created here
// CHECK: callback-single-threaded.c:[[#@LINE+16]]:15: note: another thread is assumed to be running at the fork (--threads=yes)
// CHECK: callback-single-threaded.c:[[#@LINE+17]]:5: note: until exec or _exit, call only async-signal-safe functions
// CHECK: callback-single-threaded.c:[[#@LINE+26]]:15: warning: 'malloc' is not async-signal-safe
// CHECK: callback-single-threaded.c:[[#@LINE+24]]:7: note: child process created here
// CHECK: callback-single-threaded.c:[[#@LINE+23]]:7: note: another thread is assumed to be running at the fork (--threads=yes)
// CHECK: callback-single-threaded.c:[[#@LINE+23]]:15: note: until exec or _exit, call only async-signal-safe functions
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct event { void (*cb)(int, short, void *); };
void event_set(struct event *ev, int fd, short what, void (*cb)(int, short, void *), void *arg);
int event_dispatch(void);

static void on_accept(int fd, short what, void *arg) {
  pid_t pid = fork();
  if (pid == 0) {
    printf("child for %d\n", fd);
    execl("/bin/sh", "sh", (char *)NULL);
    _exit(127);
  }
  (void)what;
  (void)arg;
}

static void on_signal(int sig) {
  if (fork() == 0) {
    char *s = malloc(16);
    _exit(s ? sig : 1);
  }
}

int main(void) {
  struct event ev;
  event_set(&ev, 0, 1, on_accept, NULL);
  signal(SIGHUP, on_signal);
  return event_dispatch();
}
