// A call through a pointer no store names, in a thread, says nothing about
// which of the many functions of its type it runs (libevent: the event
// loop's worker thread calls a deferred callback of type void (*)(void *),
// and every test of the test suite has that type). The test that forks,
// run from the table before any thread starts, is single-threaded.
// Reported: the same call when the program stores the forking test under
// that pointer, and the worker runs it.
// RUN: %forkcheck --disable=all --enable=child-unsafe-call %s | count 0
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -DSTORED | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

struct deferred {
  void (*cb)(void *);
  void *arg;
};

struct deferred *loop_next_deferred(void); /* the event loop's, not seen */

void test_a(void *arg) { free(arg); }
void test_b(void *arg) { free(arg); }
void test_c(void *arg) { free(arg); }
void test_d(void *arg) { free(arg); }
void test_fork(void *arg) {
  if (fork() == 0) {
    getpwnam(arg);
    _exit(0);
  }
}

void (*tests[])(void *) = {test_a, test_b, test_c, test_d, test_fork};

static void *worker(void *unused) {
  struct deferred *d;
  while ((d = loop_next_deferred()) != NULL)
    d->cb(d->arg);
  return unused;
}

void test_thread(void *arg) {
  pthread_t t;
#ifdef STORED
  static struct deferred once;
  once.cb = test_fork;
  once.arg = arg;
#endif
  pthread_create(&t, NULL, worker, arg);
  pthread_join(t, NULL);
}

int main(int argc, char **argv) {
  tests[argc % 5](argv[0]);
  test_thread(argv[0]);
  return 0;
}
// CHECK: thread-unknown-pointer.c:28:5: warning: 'getpwnam' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
// CHECK: thread-unknown-pointer.c:27:7: note: child process created here
// CHECK: note: another thread may be running at the fork
// CHECK: thread-unknown-pointer.c:28:5: note: until exec or _exit
