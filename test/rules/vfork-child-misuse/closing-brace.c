// A vfork() child that falls off the closing brace of a function returning
// void returns from it as surely as one that says `return;`: toybox's
// oneit_signaled() ends with `if (!vfork()) reboot(action);`, and when
// reboot() fails (no CAP_SYS_BOOT in a container) the child returns into
// the signal handler's caller on the parent's stack. Reported at the
// closing brace. A child that always ends in _exit() or exec, and the
// parent falling off the brace, are fine.
// RUN: not %forkcheck --disable=all --enable=vfork-child-misuse %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define _DEFAULT_SOURCE
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

static void signaled(int sig) {
  int action = sig == 1 ? RB_HALT_SYSTEM : RB_AUTOBOOT;
  sync();
  if (getpid() != 1)
    _exit(127 + sig);
  if (!vfork())
    reboot(action);
  // CHECK: closing-brace.c:[[@LINE+3]]:1: warning: return in the child of vfork() at the end of 'signaled': it pops the stack frame that the parent returns into when it resumes [vfork-child-misuse]
  // CHECK: closing-brace.c:19:8: note: child process created here by vfork(), sharing the parent's memory
  // CHECK: closing-brace.c:[[@LINE+1]]:1: note: in the child of vfork() end with _exit() after a failed exec
}

static void halt_careful(int action) {
  pid_t pid = vfork();
  if (pid == 0) {
    reboot(action);
    _exit(1);
  }
  if (pid > 0)
    waitpid(pid, NULL, 0);
}

int main(int argc, char **argv) {
  (void)argv;
  signaled(argc);
  halt_careful(RB_AUTOBOOT);
  return 0;
}
