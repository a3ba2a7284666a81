// A child that leaves its branch only to meet the parent's _exit() with
// nothing run before it just ends: sway's swaynag, whose grandchild, when
// its command is empty, falls onto the middle process's
// _exit(EXIT_SUCCESS). A child that meets the parent's calls first, or
// its exit(), runs the parent's code.
// RUN: not %forkcheck --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int check(const char *c) { return c[0] != 0; }

void launch(const char *cmd) {
  pid_t pid = fork();
  if (pid < 0)
    return;
  if (pid == 0) {
    pid = fork();
    if (pid < 0)
      _exit(EXIT_FAILURE);
    if (pid == 0) {
      if (check(cmd)) {
        execlp("sh", "sh", "-c", cmd, (char *)NULL);
        _exit(EXIT_FAILURE);
      }
    }
    _exit(EXIT_SUCCESS);
  }
  waitpid(pid, NULL, 0);
}

void launch_logged(const char *cmd) {
  pid_t pid = fork();
  if (pid < 0)
    return;
  if (pid == 0) {
    // CHECK: joins-parent-exit.c:[[@LINE+1]]:11: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
    pid = fork();
    if (pid < 0)
      _exit(EXIT_FAILURE);
    if (pid == 0) {
      if (check(cmd)) {
        execlp("sh", "sh", "-c", cmd, (char *)NULL);
        _exit(EXIT_FAILURE);
      }
      // CHECK: joins-parent-exit.c:[[@LINE+1]]:5: note: the child leaves its branch here
    }
    fprintf(stderr, "spawned %d\n", (int)pid);
    _exit(EXIT_SUCCESS);
    // CHECK: joins-parent-exit.c:[[@LINE-12]]:11: note: end every path of the child with _exit()
  }
  waitpid(pid, NULL, 0);
}
