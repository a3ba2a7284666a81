// A pointer a setter stores its parameter in holds what the setter is given
// (libevent's event_set_mem_functions(): `mm_free_fn_ = free_fn;`): a
// worker thread that frees through it runs my_free(), not every function of
// the pointer's type, and the test whose child looks up a user, run from a
// table before the worker starts, has no thread beside it. Reported: the
// setter given that test function, which the worker then runs.
// RUN: %forkcheck --disable=all --enable=child-unsafe-call %s | FileCheck %s --allow-empty --check-prefix=NONE --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -DSETS_FORKER | FileCheck %s --implicit-check-not='{{warning|note}}:'
// NONE-NOT: warning
#include <pthread.h>
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

static void (*free_fn_)(void *);

void set_free(void (*fn)(void *)) { free_fn_ = fn; }

void mm_free(void *p) {
  if (free_fn_)
    free_fn_(p);
  else
    free(p);
}

static void my_free(void *p) { free(p); }

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

static void *worker(void *arg) {
  mm_free(arg);
  return NULL;
}

static pthread_t run_worker(void *arg) {
  pthread_t t;
  pthread_create(&t, NULL, worker, arg);
  return t;
}

int main(int argc, char **argv) {
#ifdef SETS_FORKER
  set_free(test_fork);
#else
  set_free(my_free);
#endif
  tests[argc % 5](argv[0]);
  pthread_t t = run_worker(NULL);
  return pthread_join(t, NULL);
}
// CHECK: pointer-setter.c:34:5: warning: 'getpwnam' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
// CHECK: pointer-setter.c:33:7: note: child process created here
// CHECK: pointer-setter.c:48:3: note: another thread may be running at the fork: 'worker' is handed to 'pthread_create' here and may run at any time
// CHECK: pointer-setter.c:34:5: note: until exec or _exit
