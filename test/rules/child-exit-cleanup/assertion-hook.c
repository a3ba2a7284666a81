// A failed assertion whose handler calls a hook that exits (a test
// harness's) and otherwise abort()s is a crash by design: not reported,
// in a helper or in the child itself. After a failed exec the assertion
// fails every time (`AZ(execl(...))`), and the hook's exit() runs the
// parent's atexit handlers in the child: reported.
// RUN: not %forkcheck --exit-cleanup=always --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

typedef void fail_f(const char *cond, int line);
static fail_f *fail_hook;

_Noreturn static void assert_fail(const char *cond, int line) {
  if (fail_hook != NULL)
    fail_hook(cond, line);
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
  int fd = open("/dev/null", O_RDWR);
  AN(fd >= 0);
  AZ(dup2(fd, target) < 0);
}

int main(void) {
  fail_hook = harness_fail;
  pid_t pid = fork();
  if (pid == 0) {
    null_fd(0);
    AZ(chdir("/"));
    // CHECK: assertion-hook.c:[[@LINE+4]]:5: warning: call to 'assert_fail' reaches 'exit', which runs the parent's exit-time cleanup
    // CHECK: note: 'assert_fail' may call 'harness_fail' here
    // CHECK: note: 'harness_fail' calls 'exit' here
    // CHECK: note: child process created here
    AZ(execl("/bin/sh", "sh", "-c", "true", (char *)NULL));
    // CHECK: assertion-hook.c:[[@LINE-1]]:5: note: use _exit() in the child
  }
  waitpid(pid, NULL, 0);
  return 0;
}
