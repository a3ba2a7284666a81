// A child that leaves its branch only to meet the parent's _exit() with
// nothing run before it just ends: sway's swaynag, whose grandchild, when
// its command is empty, falls onto the middle process's
// _exit(EXIT_SUCCESS). One that meets only the parent's exit() ends there
// too (a window manager's spawn(): the grandchild whose exec failed falls
// onto the middle process's exit(0)): that exit() is the child's end,
// which child-exit-cleanup judges by its harm (here the handler the
// program registers). A child that meets the parent's calls first runs the
// parent's code.
// RUN: not %forkcheck --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=child-exit-cleanup %s | FileCheck %s --check-prefix=EXIT --implicit-check-not='{{warning|note}}:'
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

static void remove_lock(void) { unlink("/tmp/launcher.lock"); }

void spawn(char *const argv[]) {
  atexit(remove_lock);
  if (fork() == 0) {
    if (fork() == 0) {
      setsid();
      execvp(argv[0], argv);
    }
    // EXIT: joins-parent-exit.c:[[@LINE+4]]:5: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
    // EXIT: joins-parent-exit.c:[[@LINE-6]]:7: note: child process created here
    // EXIT: joins-parent-exit.c:[[@LINE-8]]:3: note: the program registers 'remove_lock' with atexit() here
    // EXIT: joins-parent-exit.c:[[@LINE+1]]:5: note: use _exit() in the child
    exit(0);
  }
}
