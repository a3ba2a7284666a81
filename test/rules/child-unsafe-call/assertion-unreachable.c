// An assertion macro that says, after the call of its failure handler, that
// control does not get there (`(handler(...), __builtin_unreachable())`, as
// redis's serverAssert does) declares the handler a crash even when the
// compiler cannot see it never returns: redis's _serverAssert() ends in
// bugReportEnd(), which abort()s, _exit()s when a debug option is set, or
// kill()s itself with a signal. Such a handler, reaching abort() and no
// exit() or exec, is the process crashing, and what it does on the way (a
// lock, its report) is not reported in the child. Without that declaration
// at the call, or when the handler has no abort() to reach (it only
// _exit()s), or when it can end in exit(), it is an ordinary call.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
static int exit_on_panic;

static void bug_report_end(int kill_via_signal, int sig) {
  if (!kill_via_signal) {
    if (exit_on_panic)
      _exit(1);
    abort();
  }
  signal(sig, SIG_DFL);
  kill(getpid(), sig);
}

void server_assert_fail(const char *e, const char *file, int line) {
  pthread_mutex_lock(&report_lock);
  fprintf(stderr, "%s:%d: '%s' is not true\n", file, line, e);
  bug_report_end(0, 0);
}

#define server_assert(e)                                                                   \
  ((e) ? (void)0 : (server_assert_fail(#e, __FILE__, __LINE__), __builtin_unreachable()))

static void die_quietly(const char *why) {
  fprintf(stderr, "%s\n", why);
  _exit(1);
}

static void fatal_exit(const char *why) {
  fprintf(stderr, "%s\n", why);
  if (getenv("DEBUG"))
    abort();
  exit(1);
}

static size_t title_len(const char *t) {
  size_t n = strlen(t);
  server_assert(n + 1 > n);
  return n;
}

static size_t title_len_unsure(const char *t) {
  size_t n = strlen(t);
  if (n + 1 <= n)
    server_assert_fail("n + 1 > n", __FILE__, __LINE__);
  return n;
}

static void *bio(void *arg) {
  for (;;)
    pause();
  return arg;
}

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, bio, NULL);
  pid_t pid = fork();
  if (pid == 0) {
    size_t n = title_len(argv[0]);
    // CHECK: assertion-unreachable.c:[[@LINE+8]]:10: warning: call to 'title_len_unsure' reaches 'pthread_mutex_lock' and 'fprintf', which are not async-signal-safe
    // CHECK: note: 'title_len_unsure' calls 'server_assert_fail' here
    // CHECK: note: 'server_assert_fail' calls 'pthread_mutex_lock' here
    // CHECK: note: 'title_len_unsure' calls 'server_assert_fail' here
    // CHECK: note: 'server_assert_fail' calls 'fprintf' here
    // CHECK: note: child process created here
    // CHECK: note: another thread may be running at the fork
    // CHECK: note: until exec or _exit
    n += title_len_unsure(argv[0]);
    if (n > 4096)
      // CHECK: assertion-unreachable.c:[[@LINE+4]]:8: warning: call to 'die_quietly' reaches 'fprintf', which is not async-signal-safe
      // CHECK: note: 'die_quietly' calls 'fprintf' here
      // CHECK: note: child process created here
      // CHECK: note: another thread may be running at the fork
      (die_quietly("too long"), __builtin_unreachable());
    // CHECK: note: until exec or _exit
    if (argc > 2)
      // CHECK: assertion-unreachable.c:[[@LINE+6]]:8: warning: call to 'fatal_exit' reaches 'fprintf', 'getenv' and 'exit'
      // CHECK: note: 'fatal_exit' calls 'fprintf' here
      // CHECK: note: 'fatal_exit' calls 'getenv' here
      // CHECK: note: 'fatal_exit' calls 'exit' here
      // CHECK: note: child process created here
      // CHECK: note: another thread may be running at the fork
      (fatal_exit("usage"), __builtin_unreachable());
    // CHECK: note: until exec or _exit
    execl("/bin/true", "true", (char *)NULL);
    _exit(127);
  }
  return 0;
}
