// A daemonizing function in the style of libdaemon's daemon_fork(): the
// first child calls setsid() and forks again, the middle process _exit()s,
// and the grandchild returns 0 to the caller, which carries on as the
// daemon; the first parent returns the daemon's pid, read from a pipe
// (fork()'s convention, with a value the analysis cannot know). The
// grandchild's return is the daemon's way on, by design: not reported. A
// middle process that returns too (its parent's code runs twice) is.
// RUN: %forkcheck --disable=all --enable=child-fallthrough %s | FileCheck %s --allow-empty --check-prefix=NONE --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=child-fallthrough %s -- -DMIDDLE_RETURNS | FileCheck %s --implicit-check-not='{{warning|note}}:'
// NONE-NOT: warning
#include <sys/types.h>
#include <unistd.h>

pid_t daemon_fork(void) {
  int fds[2];
  pid_t pid, dpid = -1;
  if (pipe(fds) < 0)
    return -1;
  // CHECK: daemon-fork.c:[[@LINE+1]]:14: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code
  if ((pid = fork()) < 0)
    return -1;
  if (pid == 0) {
    close(fds[0]);
    if (setsid() < 0)
      _exit(1);
    if ((pid = fork()) < 0)
      _exit(1);
    if (pid == 0) {
      dpid = getpid();
      if (write(fds[1], &dpid, sizeof dpid) != sizeof dpid)
        _exit(1);
      close(fds[1]);
      return 0;
    }
    close(fds[1]);
#ifdef MIDDLE_RETURNS
    return pid;
#else
    _exit(0);
#endif
  }
  close(fds[1]);
  if (read(fds[0], &dpid, sizeof dpid) != sizeof dpid)
    dpid = -1;
  close(fds[0]);
  return dpid;
}
// CHECK: daemon-fork.c:33:7: note: the child returns from 'daemon_fork' here, into its caller's code
// CHECK: daemon-fork.c:37:5: note: the child returns from 'daemon_fork' here, into its caller's code
// CHECK: daemon-fork.c:20:14: note: end every path of the child with _exit()
