// A daemonize helper whose parent returns what a helper returns, and that
// helper returns -1 or ends the process (nslcd's daemonize_daemon(): the
// parent waits for the daemon's word on a pipe and _exit()s with it): the
// parent returns -1 whenever it returns, the child 0, so the callers' test
// tells them apart and the child carries on as the daemon. Nothing falls
// through, and the caller that exits on -1 cares for the child. A helper
// that can return another value (-DMAYBE_ZERO) tells nothing. With a second
// fork in the child, whose parent ends (-DDOUBLE_FORK, nslcd's own shape),
// the role returned is still the first fork's.
// RUN: %forkcheck --disable=all --enable=child-fallthrough --enable=missing-wait %s | count 0
// RUN: %forkcheck --disable=all --enable=child-fallthrough --enable=missing-wait %s -- -DDOUBLE_FORK | count 0
// RUN: not %forkcheck --disable=all --enable=child-fallthrough %s -- -DMAYBE_ZERO | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <unistd.h>

static int wait_for_response(int fd) {
  char rc;
  if (read(fd, &rc, 1) != 1)
    return -1;
#ifdef MAYBE_ZERO
  if (rc == 0)
    return 0;
#endif
  _exit(rc);
}

int daemonize_daemon(void) {
  int pipefds[2];
  if (pipe(pipefds) < 0)
    return -1;
  // CHECK: role-constant-return.c:[[@LINE+1]]:11: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
  switch (fork()) {
  case 0:
    close(pipefds[0]);
    break;
  case -1:
    return -1;
  default:
    close(pipefds[1]);
    return wait_for_response(pipefds[0]);
  }
  if (setsid() < 0)
    _exit(EXIT_FAILURE);
#ifdef DOUBLE_FORK
  switch (fork()) {
  case 0:
    break;
  case -1:
    _exit(EXIT_FAILURE);
  default:
    _exit(EXIT_SUCCESS);
  }
#endif
  // CHECK: role-constant-return.c:[[@LINE+2]]:3: note: the child returns from 'daemonize_daemon' here, into its caller's code
  // CHECK: note: end every path of the child with _exit()
  return 0;
}

int main(void) {
  if (daemonize_daemon() != 0)
    exit(EXIT_FAILURE);
  for (;;)
    pause();
}
