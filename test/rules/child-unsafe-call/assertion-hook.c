// An assertion handler that calls a hook through a pointer and then
// abort()s is a crash by design, whatever the hook does (varnish's
// VAS_Fail() and the test harness's VAS_Fail_Func, which prints and
// exits): a helper whose only unsafe calls are its failed assertions is
// not reported, nor is a failed assertion in the child. After a failed
// exec the assertion fails every time (`AZ(execl(...))`): reported.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>

typedef void fail_f(const char *cond, int line);
static fail_f *fail_hook;

_Noreturn static void assert_fail(const char *cond, int line) {
  if (fail_hook != NULL)
    fail_hook(cond, line);
  else
    fprintf(stderr, "assertion %s failed at line %d\n", cond, line);
  abort();
}
#define AN(c)                                                                              \
  do {                                                                                     \
    if (!(c))                                                                              \
      assert_fail(#c, __LINE__);                                                           \
  } while (0)
#define AZ(c) AN((c) == 0)

static void harness_fail(const char *cond, int line) {
  fprintf(stderr, "test failed: %s (%d)\n", cond, line);
  exit(1);
}

static void null_fd(int target) {
  AN(target >= 0);
  int fd = open("/dev/null", 0);
  AN(fd >= 0);
  AZ(dup2(fd, target) < 0);
}

static void *worker(void *arg) {
  for (;;)
    pause();
  return arg;
}

int main(void) {
  pthread_t t;
  fail_hook = harness_fail;
  pthread_create(&t, NULL, worker, NULL);
  pid_t pid = fork();
  if (pid == 0) {
    null_fd(0);
    AZ(setsid() < 0);
    // CHECK: assertion-hook.c:[[@LINE+6]]:5: warning: call to 'assert_fail' reaches 'fprintf' and 'exit'
    // CHECK: note: 'assert_fail' calls 'fprintf' here
    // CHECK: note: 'assert_fail' may call 'harness_fail' here
    // CHECK: note: 'harness_fail' calls 'exit' here
    // CHECK: note: child process created here
    // CHECK: note: another thread may be running at the fork
    AZ(execl("/bin/sh", "sh", "-c", "true", (char *)NULL));
    // CHECK: note: until exec or _exit
  }
  return 0;
}
