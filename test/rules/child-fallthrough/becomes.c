// A child that returns a value its parent never returns after the fork
// becomes the process: its caller tells them apart by that value (1 for the
// worker, 0 for the supervisor; an exec failure's status against 0). A
// child that returns what the parent returns runs the caller's code as a
// second parent.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

int setup_child(void);

/* The child returns 126 or 127 after a failed exec, the parent 0. */
int spawn(char **argv, pid_t *out) {
  pid_t pid = fork();
  if (pid < 0)
    return 1;
  if (pid == 0) {
    if (setup_child())
      return 1;
    execvp(argv[0], argv);
    int status = 126;
    if (errno == ENOENT)
      status = 127;
    return status;
  }
  *out = pid;
  return 0;
}

/* 1 in the worker, 0 in the supervisor once the worker has ended. */
int supervise(void) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0)
    return 1;
  waitpid(pid, NULL, 0);
  return 0;
}

/* Both return 0: the caller cannot tell them apart. */
int same_for_both(void) {
  // CHECK: becomes.c:[[@LINE+4]]:15: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
  // CHECK: becomes.c:[[@LINE+5]]:5: note: the child returns from 'same_for_both' here, into its caller's code
  // CHECK: becomes.c:[[@LINE+2]]:15: note: end every path of the child
  int status;
  pid_t pid = fork();
  if (pid == 0)
    return 0;
  waitpid(pid, &status, 0);
  return 0;
}
