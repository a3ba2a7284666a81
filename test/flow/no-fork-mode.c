// A launcher with a mode that runs the program in place instead of forking
// puts a constant 0 into the variable that holds the fork's result. The
// branch where that variable is 0 is still the child's: a parent coming
// round the loop takes the same no-fork path only as a process that does
// not fork in that round. Both spellings -- if/else and `?:` -- are
// followed. The parent's branch stays the parent's, and a value that is
// not a constant still hides which process runs the branch.
// RUN: not %forkcheck --exit-cleanup=always --threads=no --disable=all --enable=child-exit-cleanup --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int launch_each(char **argv, int copies, int in_place) {
  pid_t pid;
  while (copies-- > 0) {
    if (!in_place) {
      pid = fork();
    } else {
      pid = 0;
    }
    switch (pid) {
    case 0:
      execv(argv[0], argv);
      // CHECK: no-fork-mode.c:[[@LINE+1]]:7: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup{{.*}} [child-exit-cleanup]
      exit(errno);
      // CHECK: no-fork-mode.c:[[@LINE-9]]:13: note: child process created here
      // CHECK: note: use _exit() in the child
    case -1:
      perror("fork");
      break;
    default:
      printf("started %d\n", (int)pid);
      break;
    }
  }
  return 0;
}

int launch_short(char **argv, int copies, int in_place) {
  pid_t pid;
  while (copies-- > 0) {
    pid = in_place ? 0 : fork();
    if (pid == 0) {
      execv(argv[0], argv);
      // CHECK: no-fork-mode.c:[[@LINE+1]]:7: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup{{.*}} [child-exit-cleanup]
      exit(127);
      // CHECK: no-fork-mode.c:[[@LINE-5]]:26: note: child process created here
      // CHECK: note: use _exit() in the child
    }
    if (pid > 0)
      waitpid(pid, NULL, 0);
  }
  return 0;
}

/* The parent's branch ends the parent: not the child's exit. */
int launch_parent_exits(char **argv, int in_place) {
  pid_t pid;
  for (;;) {
    if (!in_place)
      pid = fork();
    else
      pid = 0;
    if (pid > 0)
      exit(0);
    if (pid < 0)
      return -1;
    execv(argv[0], argv);
    _exit(127);
  }
}

extern int next_pid(void);

/* Not a constant: the tested value may be the parent's, and the branch is
 * not judged as the child's alone. */
int launch_unknown(char **argv, int reuse) {
  pid_t pid;
  for (int i = 0; i < 3; i++) {
    if (!reuse)
      pid = fork();
    else
      pid = next_pid();
    if (pid == 0) {
      execv(argv[0], argv);
      exit(127);
    }
  }
  return 0;
}
