// A flag the child sets with `forked++` (util-linux's ttymsg): on a
// blocking write the writer forks once, the child retries the write, and
// every way out -- another EWOULDBLOCK, an error, the end -- is guarded by
// `if (forked) _exit()`. forked was 0, so after forked++ it is 1: the child
// can neither fork again nor return. Where the parent counts instead, the
// child's forked is still 0, it loops back and forks again.
// RUN: not %forkcheck --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <errno.h>
#include <unistd.h>

pid_t writer;

int ttymsg(int fd, const char *buf, size_t len) {
  int forked = 0;
  for (;;) {
    ssize_t n = write(fd, buf, len);
    if (n >= (ssize_t)len)
      break;
    if (n < 0 && errno == EWOULDBLOCK) {
      if (forked)
        _exit(1);
      pid_t pid = writer = fork();
      if (pid != 0)
        return pid < 0 ? -1 : 0;
      forked++;
      continue;
    }
    if (forked)
      _exit(1);
    return -1;
  }
  if (forked)
    _exit(0);
  return 0;
}

int counted_in_parent(int fd, const char *buf, size_t len) {
  int forked = 0;
  for (;;) {
    ssize_t n = write(fd, buf, len);
    if (n >= (ssize_t)len)
      break;
    if (n < 0 && errno == EWOULDBLOCK) {
      if (forked)
        return -1;
      // CHECK: flag-increment.c:[[@LINE+3]]:19: warning: the child of this fork leaves its branch and loops back to fork again: a fork bomb [child-fallthrough]
      // CHECK: flag-increment.c:[[@LINE+2]]:19: note: the child leaves its branch here
      // CHECK: flag-increment.c:[[@LINE+1]]:19: note: end every path of the child with _exit()
      pid_t pid = fork();
      if (pid > 0)
        forked++;
      continue;
    }
    return -1;
  }
  return 0;
}
