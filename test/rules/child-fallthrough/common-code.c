// Code written for both processes between two tests of the fork's result
// is common code, not the parent's: the child leaves its first branch, both
// run the setup, and the second test parts them again before the parent
// returns. A loop that both run after the branch is the parent's work done
// twice.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <sys/wait.h>
#include <unistd.h>

void reset_signals(void);
void restore_group(void);
void handle_requests(void);
void run_substitution(int fd);

int substitute(int fd) {
  pid_t pid = fork();
  if (pid == 0)
    reset_signals();
  restore_group(); /* both, on purpose */
  if (pid < 0)
    return -1;
  if (pid > 0)
    return 0;
  run_substitution(fd);
  _exit(0);
}

void serve_both(void) {
  // CHECK: common-code.c:[[@LINE+3]]:15: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
  // CHECK: common-code.c:[[@LINE+4]]:5: note: the child leaves its branch here
  // CHECK: common-code.c:[[@LINE+1]]:15: note: end every path of the child
  pid_t pid = fork();
  if (pid == 0)
    reset_signals();
  for (;;)
    handle_requests();
}
