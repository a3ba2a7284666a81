// A child that records its own process id in a global, in code the parent
// does not run (zsh's clone builtin: `mypid = getpid();` before it carries
// on as a second shell on another terminal; its suspended pipeline's
// shell: `setpgrp(0L, mypgrp = getpid());`), takes up an identity of its
// own: it is meant to carry on beside the parent, and leaving its branch
// is not falling through. One that only asks for its pid (to print it) is
// not recording it: its fall into the parent's code is reported.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <unistd.h>

long mypid, mypgrp;
void init_io(void);

int bin_clone(int ttyfd) {
  int pid = fork();
  if (!pid) {
    mypid = getpid();
    dup2(ttyfd, 0);
    init_io();
  }
  if (pid < 0)
    return 1;
  return 0;
}

int suspend_pipeline(void) {
  int pid = fork();
  if (pid == 0)
    setpgid(0, mypgrp = getpid());
  return pid < 0;
}

int tell_pid(void) {
  // CHECK: records-own-pid.c:[[@LINE+1]]:13: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
  int pid = fork();
  if (pid == 0)
    printf("%ld\n", (long)getpid());
  // CHECK: records-own-pid.c:[[@LINE-1]]:5: note: the child leaves its branch here
  // CHECK: records-own-pid.c:[[@LINE-4]]:13: note: end every path of the child with _exit()
  return pid < 0;
}
