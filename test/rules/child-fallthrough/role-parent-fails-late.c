// A fork wrapper whose parent returns the pid, or -1 when a step after the
// fork fails (ngircd's Proc_Fork(): a pipe watcher it cannot register),
// still returns 0 in the child alone: its callers' `if (pid == 0)` is the
// child's branch, and a child that ends there does not fall through. A
// wrapper whose parent may return 0 after the fork cannot be told from
// the child by its callers: the child's return is reported.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>
int watch_fd(int fd);

pid_t proc_fork(int pipefds[2]) {
  if (pipe(pipefds) != 0)
    return -1;
  pid_t pid = fork();
  if (pid == -1)
    return -1;
  if (pid == 0) {
    close(pipefds[0]);
    return 0;
  }
  close(pipefds[1]);
  if (!watch_fd(pipefds[0]))
    return -1;
  return pid;
}

int resolve(const char *host) {
  int fds[2];
  pid_t pid = proc_fork(fds);
  if (pid == 0) {
    (void)write(fds[1], host, 1);
    _exit(0);
  }
  return pid > 0;
}

pid_t proc_fork_quiet(int pipefds[2]) {
  if (pipe(pipefds) != 0)
    return -1;
  // CHECK: role-parent-fails-late.c:[[@LINE+1]]:15: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
  pid_t pid = fork();
  if (pid == -1)
    return -1;
  if (pid == 0)
    return 0;
  // CHECK: role-parent-fails-late.c:[[@LINE-1]]:5: note: the child returns from 'proc_fork_quiet' here, into its caller's code
  // CHECK: role-parent-fails-late.c:[[@LINE-6]]:15: note: end every path of the child with _exit()
  if (!watch_fd(pipefds[0]))
    return 0;
  return pid;
}

int resolve_quiet(const char *host) {
  int fds[2];
  pid_t pid = proc_fork_quiet(fds);
  if (pid == 0) {
    (void)write(fds[1], host, 1);
    _exit(0);
  }
  return pid > 0;
}
