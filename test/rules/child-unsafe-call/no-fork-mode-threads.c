// A server with a no-fork debug mode (nbd-server's -d): `if (!dontfork)`
// around the fork, and code after it that both the child and the debug
// mode run, which starts the connection's threads. Those threads exist in
// the child, or in a process that never forks (dontfork is a settled
// global: only main's option parsing assigns it). An inetd mode in main
// that starts threads and returns before the accept loop never comes to
// the fork either. The forking parent is single-threaded at every fork:
// nothing is reported.
// A thread started before the loop, or a mode flag a signal handler may
// change (volatile), leaves threads possible at the fork: reported.
// RUN: %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --allow-empty --check-prefix=NONE --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread -DTHREAD_FIRST | FileCheck %s  --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread -DVOLATILE_MODE | FileCheck %s  --implicit-check-not='{{warning|note}}:'
// NONE-NOT: warning
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifdef VOLATILE_MODE
static volatile sig_atomic_t dontfork;
#else
static int dontfork;
#endif
static void *worker(void *arg) { return arg; }

static int negotiate(int fd) {
  pthread_t t;
  if (pthread_create(&t, NULL, worker, NULL) != 0)
    return -1;
  return fd > 0 ? 0 : -1;
}

static void handle_connection(int fd) {
  if (!dontfork) {
    pid_t pid = fork();
    if (pid != 0) {
      close(fd);
      return;
    }
  }
  char *buf = malloc(64);
  if (negotiate(fd) != 0 && !dontfork)
    _exit(1);
  free(buf);
  if (!dontfork)
    _exit(0);
}

int main(int argc, char **argv) {
  (void)argv;
  dontfork = argc > 2;
  if (argc > 3) {
    /* inetd mode: serve stdin with threads, and end */
    negotiate(0);
    return 0;
  }
#ifdef THREAD_FIRST
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
#endif
  for (;;)
    handle_connection(0);
}
// CHECK: no-fork-mode-threads.c:43:15: warning: 'malloc' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
// CHECK: no-fork-mode-threads.c:37:17: note: child process created here
// CHECK: no-fork-mode-threads.c:64:5: note: another thread may be running at the fork: 'handle_connection', called here, starts one
// CHECK: no-fork-mode-threads.c:44:7: note: 'handle_connection' calls 'negotiate' here
// CHECK: no-fork-mode-threads.c:30:7: note: 'negotiate' calls 'pthread_create' here
// CHECK: no-fork-mode-threads.c:43:15: note: until exec or _exit
// CHECK: no-fork-mode-threads.c:44:7: warning: call to 'negotiate' reaches 'pthread_create', which is not async-signal-safe, in the child of a multithreaded program [child-unsafe-call]
// CHECK: no-fork-mode-threads.c:30:7: note: 'negotiate' calls 'pthread_create' here
// CHECK: no-fork-mode-threads.c:37:17: note: child process created here
// CHECK: no-fork-mode-threads.c:64:5: note: another thread may be running at the fork: 'handle_connection', called here, starts one
// CHECK: no-fork-mode-threads.c:44:7: note: 'handle_connection' calls 'negotiate' here
// CHECK: no-fork-mode-threads.c:30:7: note: 'negotiate' calls 'pthread_create' here
// CHECK: no-fork-mode-threads.c:44:7: note: until exec or _exit
// CHECK: no-fork-mode-threads.c:46:3: warning: 'free' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
// CHECK: no-fork-mode-threads.c:37:17: note: child process created here
// CHECK: no-fork-mode-threads.c:64:5: note: another thread may be running at the fork: 'handle_connection', called here, starts one
// CHECK: no-fork-mode-threads.c:44:7: note: 'handle_connection' calls 'negotiate' here
// CHECK: no-fork-mode-threads.c:30:7: note: 'negotiate' calls 'pthread_create' here
// CHECK: no-fork-mode-threads.c:46:3: note: until exec or _exit
