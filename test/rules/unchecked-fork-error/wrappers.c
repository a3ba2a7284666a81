// A function of the program that returns fork()'s result is a fork for its
// callers; if it handles the failure itself (it exits), its callers need
// not, and if it passes -1 on, they must. One that cleans up on -1 and then
// returns what fork() gave, the child's `return pid;` and the failure's
// alike (auditd's auditd_fork_child()), passes -1 to its callers: it does
// not run the child's code, and a caller that tests it is fine.
// RUN: not %forkcheck --disable=all --enable=unchecked-fork-error %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t xfork(void) {
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    exit(1);
  }
  return pid;
}

static pid_t spawn(void) { return fork(); }

struct child {
  pid_t pid;
  struct child *next;
};
static struct child *children;

static pid_t fork_child(void) {
  struct child *c = malloc(sizeof *c);
  if (c == NULL)
    return -1;
  pid_t pid = fork();
  if (pid > 0) {
    c->pid = pid;
    c->next = children;
    children = c;
    return pid;
  }
  if (pid < 0)
    free(c);
  return pid;
}

int run_helper(void) {
  pid_t pid = fork_child();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    execlp("helper", "helper", (char *)NULL);
    _exit(127);
  }
  return 0;
}

static void work(void) { (void)!write(1, "child\n", 6); }

int main(void) {
  int status;
  pid_t pid = xfork();
  if (pid > 0) {
    waitpid(pid, &status, 0);
  } else {
    work();
    _exit(0);
  }
  // CHECK: wrappers.c:[[@LINE+1]]:9: warning: 'spawn' returns -1 on failure, and -1 reaches the child's code, which the parent then runs [unchecked-fork-error]
  pid = spawn();
  if (pid > 0) {
    waitpid(pid, &status, 0);
  } else {
    // CHECK: wrappers.c:[[@LINE+2]]:5: note: on failure (-1) the parent takes the child's path
    // CHECK: wrappers.c:[[@LINE-5]]:9: note: handle -1 first: if (pid < 0) { report the error; return or exit }
    work();
    _exit(0);
  }
  return 0;
}
