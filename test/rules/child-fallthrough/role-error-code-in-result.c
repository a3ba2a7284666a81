// A fork wrapper that reuses the fork's result variable for an error code
// in the parent (reproc's process_fork(): `r = waitpid(...); r = r < 0 ?
// -errno : -child_errno;` then `return r < 0 ? r : child;`, with `child`
// a copy of the pid) returns a value other than 0 there: a negative one
// the test `r < 0` picked, or the pid. Its child returns 0 alone, so the
// caller's `if (r == 0)` is the child's branch. When the parent's error
// path can leave 0 (`r > 0 ? ... : r` keeps a waitpid() result that may be
// 0), the child cannot be told apart: its return is reported.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>
int block_signals(void);

static int process_fork(int err_fd) {
  int r = block_signals();
  if (r < 0)
    return r;
  r = fork();
  if (r < 0) {
    r = -errno;
    return r;
  }
  if (r > 0) {
    int child = r;
    int child_errno = 0;
    (void)read(err_fd, &child_errno, sizeof child_errno);
    if (child_errno > 0) {
      r = waitpid(child, NULL, 0);
      r = r < 0 ? -errno : -child_errno;
    }
    return r < 0 ? r : child;
  }
  close(err_fd);
  return 0;
}

int process_start(int err_fd) {
  int r = process_fork(err_fd);
  if (r < 0)
    return r;
  if (r == 0) {
    execlp("true", "true", (char *)0);
    _exit(127);
  }
  return r;
}

static int process_fork_unsure(int err_fd) {
  // CHECK: role-error-code-in-result.c:[[@LINE+1]]:11: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
  int r = fork();
  if (r < 0)
    return r;
  if (r > 0) {
    int child = r;
    r = waitpid(child, NULL, WNOHANG);
    return r > 0 ? -1 : r;
  }
  close(err_fd);
  return 0;
  // CHECK: role-error-code-in-result.c:[[@LINE-1]]:3: note: the child returns from 'process_fork_unsure' here, into its caller's code
  // CHECK: role-error-code-in-result.c:[[@LINE-11]]:11: note: end every path of the child with _exit()
}

int process_start_unsure(int err_fd) {
  int r = process_fork_unsure(err_fd);
  if (r == 0) {
    execlp("true", "true", (char *)0);
    _exit(127);
  }
  return r;
}
