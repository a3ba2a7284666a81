// A failed assertion in the child crashes it (abort()): the program's own
// assertion handler (libreswan's PASSERT formats a message and aborts) and
// assert() itself are not reported. A die() helper that prints and ends
// with _exit() is an ordinary error end, and its fprintf is reported.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <assert.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

_Noreturn static void passert_fail(const char *fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  fprintf(stderr, "ASSERTION FAILED: %s\n", buf);
  abort();
}
#define PASSERT(c)                                                                         \
  do {                                                                                     \
    if (!(c))                                                                              \
      passert_fail("%s:%d %s", __FILE__, __LINE__, #c);                                    \
  } while (0)

_Noreturn static void die(const char *msg) {
  fprintf(stderr, "%s\n", msg);
  _exit(1);
}

static void *helper(void *arg) {
  for (;;)
    pause();
  return arg;
}

int main(void) {
  pthread_t t;
  int fd[2];
  pthread_create(&t, NULL, helper, NULL);
  if (pipe(fd) < 0)
    return 1;
  pid_t pid = fork();
  if (pid == 0) {
    PASSERT(fd[1] != STDOUT_FILENO);
    assert(fd[0] != STDIN_FILENO);
    if (dup2(fd[1], STDOUT_FILENO) < 0)
      // CHECK: assertion-panic.c:[[@LINE+4]]:7: warning: call to 'die' reaches 'fprintf', which is not async-signal-safe
      // CHECK: assertion-panic.c:29:3: note: 'die' calls 'fprintf' here
      // CHECK: assertion-panic.c:45:15: note: child process created here
      // CHECK: assertion-panic.c:42:3: note: another thread may be running at the fork
      die("dup2");
    // CHECK: assertion-panic.c:[[@LINE-1]]:7: note: until exec or _exit
    execl("true", "true", (char *)NULL);
    _exit(127);
  }
  return 0;
}
