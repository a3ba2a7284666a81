// A fork reached both from a callback (which may run at any time) and after
// a thread start on main's own path: the evidence is the thread start, the
// stronger one, whichever the analysis meets first.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static void rotate_logs(void) {
  if (fork() == 0) {
    puts("rotating");
    _exit(0);
  }
}

static void on_usr1(int sig) {
  (void)sig;
  rotate_logs();
}

static void *writer(void *arg) { return arg; }

int main(void) {
  signal(SIGUSR1, on_usr1);
  pthread_t t;
  pthread_create(&t, NULL, writer, NULL);
  rotate_logs();
  return 0;
}

// CHECK: thread-start-over-callback.c:12:5: warning: 'puts' is not async-signal-safe
// CHECK: thread-start-over-callback.c:11:7: note: child process created here
// CHECK: thread-start-over-callback.c:27:3: note: another thread may be running at the fork: 'pthread_create' starts one here
// CHECK: thread-start-over-callback.c:12:5: note: until exec or _exit
