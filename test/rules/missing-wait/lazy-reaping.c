// A parent that returns from the function that forked and comes back to it
// round a loop reaps its children lazily when a wait for any child runs on
// the way back: before the fork in that function (a limit on the children
// running), or on the caller's loop. A wait for any child that never runs
// again after the fork (before the loop that forks) does not reap the
// children forked after it. One that follows the call after
// the loop does: the batch's children are reaped once the batch is started
// (every caller waits after the call).
// RUN: not %forkcheck --disable=all --enable=missing-wait %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

static int running;
static const int limit = 4;

static void serve(void) { (void)!write(1, "served\n", 7); }

/* At the limit, one child is reaped before the next is forked. */
static int accept_one(void) {
  if (running == limit) {
    while (waitpid(-1, NULL, 0) < 0)
      if (errno != EINTR)
        return 1;
    running--;
  }
  pid_t pid = fork();
  if (pid < 0)
    return 1;
  if (pid == 0) {
    serve();
    _exit(0);
  }
  running++;
  return 1;
}

static void start_job(void) {
  pid_t pid = fork();
  if (pid == 0)
    _exit(0);
}

static void collect_one(void) { (void)wait(NULL); }

static void start_batch(void) {
  pid_t pid = fork();
  if (pid == 0)
    _exit(0);
}

static void start_late(void) {
  // CHECK: lazy-reaping.c:[[@LINE+3]]:15: warning: the child of this 'fork' is never waited for
  // CHECK: note: no wait for it on the parent's path
  // CHECK: note: wait for the child with waitpid()
  pid_t pid = fork();
  if (pid == 0)
    _exit(0);
}

int main(int argc, char **argv) {
  (void)argv;
  for (int i = 0; i < argc; i++)
    accept_one();
  for (int i = 0; i < argc; i++) {
    start_job();
    collect_one();
  }
  for (int i = 0; i < argc; i++)
    start_batch();
  while (wait(NULL) > 0)
    ;
  for (int i = 0; i < argc; i++)
    start_late();
  return 0;
}
