// The compiler's own functions are no calls into a library: the atomic
// builtins (__atomic_*, __sync_*), which compile to the processor's atomic
// instructions, and the intrinsics its own headers define as inline code
// over builtins (x86intrin.h's __rolq() and __rorq(): stress-ng's hash of
// a process title, and its spinlock in shared memory). None of them is
// reported in the child of a threaded program. Reported: a library call
// beside them.
// RUN: %forkcheck --disable=all --enable=child-unsafe-call %s | count 0
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -DLIBRARY_CALL | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include <x86intrin.h>

static void *worker(void *arg) { return arg; }
static int lock;

static unsigned long long hash(unsigned long long x) { return __rolq(x, 3) ^ __rorq(x, 5); }

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  if (fork() == 0) {
    while (__atomic_test_and_set(&lock, __ATOMIC_ACQUIRE))
      ;
    __atomic_clear(&lock, __ATOMIC_RELEASE);
    __sync_fetch_and_add(&lock, (int)hash(7));
#ifdef LIBRARY_CALL
    (void)!write(2, strerror(lock), 8);
#endif
    _exit(0);
  }
  return 0;
}
// CHECK: compiler-builtins.c:29:21: warning: 'strerror' is not async-signal-safe
// CHECK: compiler-builtins.c:23:7: note: child process created here
// CHECK: compiler-builtins.c:22:3: note: another thread may be running at the fork
// CHECK: compiler-builtins.c:29:21: note: until exec or _exit
