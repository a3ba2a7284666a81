// The child leaves its branch without _exit() or exec and runs code that
// belongs to the parent: after the branch, through a shared error label, or
// in its caller when it returns. Reported at the fork, with a note where
// the child leaves its branch.
// RUN: not %forkcheck --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int run_exit_hook(void) {
  static const char msg[] = "exit hook\n";
  int status;
  // CHECK: falls-through.c:[[@LINE+1]]:15: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    (void)!write(2, msg, sizeof msg - 1);
    // CHECK: falls-through.c:[[@LINE+2]]:3: note: the child leaves its branch here
    // CHECK: falls-through.c:[[@LINE-6]]:15: note: end every path of the child with _exit() (after a failed exec too)
  }
  if (waitpid(pid, &status, 0) < 0)
    return -1;
  return status;
}

int spawn(const char *path, char *const argv[], int fd) {
  int status;
  // CHECK: falls-through.c:[[@LINE+1]]:15: warning: the child of this fork leaves its branch without _exit() or exec
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    if (dup2(fd, 1) < 0)
      // CHECK: falls-through.c:[[@LINE+2]]:7: note: the child returns from 'spawn' here, into its caller's code
      // CHECK: falls-through.c:30:15: note: end every path of the child with _exit() (after a failed exec too)
      return -1;
    execv(path, argv);
    _exit(127);
  }
  if (waitpid(pid, &status, 0) < 0)
    return -1;
  return status;
}

void log_status(int status);

int spawn_goto(const char *path, char *const argv[], int fd) {
  int status = -1;
  // CHECK: falls-through.c:[[@LINE+1]]:15: warning: the child of this fork leaves its branch without _exit() or exec
  pid_t pid = fork();
  if (pid < 0)
    goto out;
  if (pid == 0) {
    if (dup2(fd, 1) < 0)
      // CHECK: falls-through.c:[[@LINE-1]]:9: note: the child leaves its branch here
      // CHECK: falls-through.c:51:15: note: end every path of the child with _exit() (after a failed exec too)
      goto out;
    execv(path, argv);
    _exit(127);
  }
  waitpid(pid, &status, 0);
out:
  close(fd);
  log_status(status);
  return status;
}

int main(void) {
  char *argv[] = {"true", NULL};
  pid_t pid = fork();
  // CHECK: falls-through.c:[[@LINE-1]]:15: warning: the child of this fork leaves its branch without _exit() or exec
  if (pid == 0) {
    run_exit_hook();
    // CHECK: falls-through.c:[[@LINE+2]]:3: note: the child leaves its branch here
    // CHECK: falls-through.c:71:15: note: end every path of the child with _exit() (after a failed exec too)
  }
  puts("done");
  return spawn("/bin/true", argv, 1) || spawn_goto("/bin/true", argv, 1);
}
