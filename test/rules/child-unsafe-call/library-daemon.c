// A library (no main: with --threads=library, threads are a hypothesis
// about its unknown host)
// that daemonizes its host as libdaemon's daemon_fork() does: the first
// child calls setsid() and forks again, the middle process _exit()s, and
// the grandchild returns 0 to the caller and becomes the daemon. A daemon
// has the calling thread alone and goes on as if it were the whole
// program, which works only in a host with no other thread: what the
// children log on their way is not reported. A fork wrapper whose parent
// goes on (a threaded host may call it, then exec), and a spawn whose child
// execs, keep the hypothesis: reported.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s --threads=library | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <errno.h>
#include <string.h>
#include <sys/types.h>
#include <syslog.h>
#include <unistd.h>

pid_t daemon_fork(void) {
  int fds[2];
  pid_t pid, dpid = -1;
  if (pipe(fds) < 0)
    return -1;
  if ((pid = fork()) < 0) {
    syslog(LOG_ERR, "fork: %s", strerror(errno));
    return -1;
  } else if (pid == 0) {
    close(fds[0]);
    if (setsid() < 0) {
      syslog(LOG_ERR, "setsid: %s", strerror(errno));
      goto fail;
    }
    if ((pid = fork()) < 0) {
      syslog(LOG_ERR, "second fork: %s", strerror(errno));
      goto fail;
    } else if (pid == 0) {
      dpid = getpid();
      if (write(fds[1], &dpid, sizeof dpid) != sizeof dpid) {
        syslog(LOG_ERR, "write: %s", strerror(errno));
        goto fail;
      }
      close(fds[1]);
      return 0;
    } else {
      close(fds[1]);
      _exit(0);
    }
  fail:
    dpid = -1;
    if (write(fds[1], &dpid, sizeof dpid) != sizeof dpid)
      syslog(LOG_ERR, "write: %s", strerror(errno));
    _exit(0);
  }
  close(fds[1]);
  if (read(fds[0], &dpid, sizeof dpid) != sizeof dpid)
    dpid = -1;
  close(fds[0]);
  return dpid;
}

pid_t logged_fork(void) {
  pid_t pid = fork();
  if (pid == 0)
    syslog(LOG_DEBUG, "child %d", (int)getpid());
  return pid;
}

int spawn(char *const argv[]) {
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[0], argv);
    syslog(LOG_ERR, "exec: %s", strerror(errno));
    _exit(127);
  }
  return pid < 0 ? -1 : 0;
}
// CHECK: library-daemon.c:63:5: warning: 'syslog' is not async-signal-safe and is called in the child of 
// CHECK: library-daemon.c:61:15: note: child process created here
// CHECK: library-daemon.c:60:7: note: another thread may be running at the fork: the analysed files ha
// CHECK: library-daemon.c:63:5: note: until exec or _exit, call only async-signal-safe functions: prep
// CHECK: library-daemon.c:71:5: warning: 'syslog' is not async-signal-safe and is called in the child of 
// CHECK: library-daemon.c:68:15: note: child process created here
// CHECK: library-daemon.c:67:5: note: another thread may be running at the fork: the analysed files ha
// CHECK: library-daemon.c:71:5: note: until exec or _exit, call only async-signal-safe functions: prep
// CHECK: library-daemon.c:71:33: warning: 'strerror' is not async-signal-safe and is called in the child o
// CHECK: library-daemon.c:68:15: note: child process created here
// CHECK: library-daemon.c:67:5: note: another thread may be running at the fork: the analysed files ha
// CHECK: library-daemon.c:71:33: note: until exec or _exit, call only async-signal-safe functions: prep
