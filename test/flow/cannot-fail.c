// A call that cannot fail with the constant arguments it is given has no
// failure branch: signal() of a catchable signal never returns SIG_ERR,
// sigemptyset(), sigaddset() of a valid signal and sigprocmask() with
// SIG_SETMASK return 0 (data/cannot-fail.def). The err() under those tests
// never runs (spectrwm's spawned children). signal() of a signal number
// that is not a constant, and sigaction() of SIGKILL, may fail: their
// err() is reported.
// RUN: not %forkcheck --exit-cleanup=always --threads=no --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <err.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

void spawn(char **argv, int sig) {
  if (fork() == 0) {
    sigset_t set;
    if (signal(SIGPIPE, SIG_DFL) == SIG_ERR)
      err(1, "could not reset SIGPIPE");
    if (sigemptyset(&set) < 0 || sigaddset(&set, SIGCHLD) < 0)
      err(1, "sigset");
    if (sigprocmask(SIG_SETMASK, &set, NULL) != 0)
      err(1, "sigprocmask");
    if (signal(sig, SIG_DFL) == SIG_ERR)
      // CHECK: cannot-fail.c:[[@LINE+2]]:7: warning: 'err' in the child of fork() runs the parent's exit-time cleanup
      // CHECK: cannot-fail.c:15:7: note: child process created here
      err(1, "could not reset %d", sig);
    // CHECK: cannot-fail.c:[[@LINE-1]]:7: note: use _exit() in the child
    if (sigaction(SIGKILL, NULL, NULL) < 0)
      // CHECK: cannot-fail.c:[[@LINE+1]]:7: note: the child calls 'err' here too
      err(1, "sigaction");
    execvp(argv[0], argv);
    _exit(127);
  }
}
