// The chain of notes down to the thread start goes through each function
// once: where a call through a pointer may reach the thread start either
// directly or through a function that calls back (a dispatcher and its
// handler), the chain takes the target that leads on, and it never goes
// round the cycle (one real program's findings carried 6,680 notes each).
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

void (*hook)(void);
static void *work(void *x) { return x; }
static void dispatch(void);
static void handler(void) { dispatch(); }
static void start_worker(void) {
  pthread_t t;
  pthread_create(&t, NULL, work, NULL);
}
static void dispatch(void) { hook(); }

int main(int argc, char **argv) {
  (void)argv;
  hook = argc > 1 ? handler : start_worker;
  dispatch();
  if (fork() == 0) {
    malloc(1);
    _exit(0);
  }
  return 0;
}
// CHECK: evidence-chain-cycle.c:26:5: warning: 'malloc' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
// CHECK: evidence-chain-cycle.c:25:7: note: child process created here
// CHECK: evidence-chain-cycle.c:24:3: note: another thread may be running at the fork: 'dispatch', called here, starts one
// CHECK: evidence-chain-cycle.c:19:30: note: 'dispatch' may call 'start_worker' here
// CHECK: evidence-chain-cycle.c:17:3: note: 'start_worker' calls 'pthread_create' here
// CHECK: evidence-chain-cycle.c:26:5: note: until exec or _exit
