// A child that returns only what its function returns when fork() fails is
// taken by the caller for that failure: xdm's StartClient() returns 0
// after a failed setgid() in the child, as after fork() == -1, and its
// caller's failure path (the reset script, as root) then runs in the child
// and again in the parent. Reported. A child whose value differs from the
// failure's, as well as from the parent's (0 against 1 and -1), becomes
// the process at its caller's test: not reported; nor is keepalived's
// xdaemon(), whose child returns -1 only when its own setup fails and 0
// otherwise.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <sys/types.h>
#include <unistd.h>

int start_client(gid_t gid, pid_t *pidp) {
  pid_t pid;
  // CHECK: role-same-as-failure.c:[[@LINE+1]]:17: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code
  switch (pid = fork()) {
  case 0:
    if (setgid(gid) < 0)
      // CHECK: role-same-as-failure.c:[[@LINE+1]]:7: note: the child returns from 'start_client' here, into its caller's code
      return 0;
    execl("/etc/X11/xdm/Xsession", "Xsession", (char *)0);
    _exit(1);
  case -1:
    return 0;
  default:
    *pidp = pid;
    return 1;
  }
  // CHECK: role-same-as-failure.c:[[@LINE-13]]:17: note: end every path of the child with _exit()
}

int start_worker(pid_t *pidp) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0)
    return 0;
  *pidp = pid;
  return 1;
}

pid_t xdaemon(void) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid)
    return pid;
  if (setsid() < 0)
    return -1;
  return 0;
}
