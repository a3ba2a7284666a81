// In a vfork() child, a helper that dies only when an allocation fails
// (busybox's xstrdup()) and the child's own exit() after a failed malloc()
// are not reported: running out of
// memory there is not what a reviewer asks to fix. A helper that dies when
// dup2() fails is, and so is a return, even after a failed allocation: it
// pops the frame the parent returns into.
// RUN: not %forkcheck --threads=no --disable=all --enable=vfork-child-misuse %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void die(const char *what) {
  perror(what);
  exit(1);
}

static char *xstrdup(const char *s) {
  char *t = strdup(s);
  if (t == NULL)
    die("strdup");
  return t;
}

static void xdup2(int from, int to) {
  if (dup2(from, to) != to)
    die("dup2");
}

int run(char **argv, int fd) {
  pid_t pid = vfork();
  if (pid == 0) {
    char *prog = xstrdup(argv[0]);
    char **args = malloc(4 * sizeof *args);
    if (args == NULL)
      exit(1);
    // CHECK: alloc-failure.c:[[@LINE+5]]:5: warning: call to 'xdup2' in the child of vfork() reaches 'exit', which runs the parent's exit-time cleanup (atexit handlers, stdio flush) in the parent's memory [vfork-child-misuse]
    // CHECK: alloc-failure.c:27:5: note: 'xdup2' calls 'die' here
    // CHECK: alloc-failure.c:15:3: note: 'die' calls 'exit' here
    // CHECK: alloc-failure.c:31:15: note: child process created here by vfork(), sharing the parent's memory
    // CHECK: alloc-failure.c:[[@LINE+1]]:5: note: in the child of vfork() end with _exit()
    xdup2(fd, 0);
    args[0] = strdup(argv[1]);
    if (!args[0])
      // CHECK: alloc-failure.c:[[@LINE+2]]:7: warning: return in the child of vfork(): it pops the stack frame that the parent returns into when it resumes [vfork-child-misuse]
      // CHECK: alloc-failure.c:31:15: note: child process created here by vfork(), sharing the parent's memory
      return -1;
    // CHECK: alloc-failure.c:[[@LINE-1]]:7: note: in the child of vfork() end with _exit()
    execvp(prog, args);
    _exit(127);
  }
  return pid;
}
