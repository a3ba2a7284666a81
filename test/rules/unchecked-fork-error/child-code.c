// -1 reaching the child's code: `if (pid > 0) {parent} else {child}` runs
// the child's code in the parent when fork() fails. Reported at the fork,
// with a note where the failed parent enters the child's code.
// RUN: not %forkcheck --disable=all --enable=unchecked-fork-error %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int clean_spool(char *const argv[]) {
  int status;
  // CHECK: child-code.c:[[@LINE+1]]:15: warning: 'fork' returns -1 on failure, and -1 reaches the child's code, which the parent then runs [unchecked-fork-error]
  pid_t pid = fork();
  if (pid > 0) {
    if (waitpid(pid, &status, 0) < 0)
      return -1;
    return status;
  } else {
    // CHECK: child-code.c:[[@LINE+2]]:5: note: on failure (-1) the parent takes the child's path: it runs the child's code from here
    // CHECK: child-code.c:[[@LINE-7]]:15: note: handle -1 first: if (pid < 0) { report the error; return or exit }
    execv("/bin/rm", argv);
    _exit(127);
  }
}

// The failed parent would carry on as the daemon.
int daemonize(void) {
  // CHECK: child-code.c:[[@LINE+1]]:15: warning: 'fork' returns -1 on failure, and -1 reaches the child's code
  pid_t pid = fork();
  if (pid > 0)
    exit(0);
  // CHECK: child-code.c:[[@LINE+2]]:3: note: on failure (-1) the parent takes the child's path
  // CHECK: child-code.c:29:15: note: handle -1 first: if (pid < 0) { report the error; return or exit }
  setsid();
  return 0;
}

// Handled first: nothing to report.
int checked(char *const argv[]) {
  int status;
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    return -1;
  }
  if (pid > 0) {
    if (waitpid(pid, &status, 0) < 0)
      return -1;
    return status;
  } else {
    execv("/bin/rm", argv);
    _exit(127);
  }
}

// On failure the parent only ends: not reported.
void only_exits(void) {
  pid_t pid = fork();
  if (pid > 0)
    waitpid(pid, NULL, 0);
  else
    _exit(0);
}

// -1 goes with the parent here, which exits with status 0: on failure the
// daemonize reports success and nothing runs (tinyproxy's, redis's
// makedaemon()). With a failure status, the failure is not hidden.
void parent_exits(void) {
  // CHECK: child-code.c:[[@LINE+3]]:7: warning: 'fork' returns -1 on failure, and -1 reaches the parent's exit with status 0: the process reports success, and no child runs [unchecked-fork-error]
  // CHECK: child-code.c:[[@LINE+3]]:5: note: on failure (-1) the parent takes its own way and 'exit' ends the process with status 0, as if the child had been made: nothing reports the error
  // CHECK: child-code.c:[[@LINE+1]]:7: note: handle -1 first
  if (fork() != 0)
    exit(0);
  setsid();
}

void parent_exits_failing(void) {
  if (fork() != 0)
    exit(1);
  setsid();
}

// An exit(0) the parent meets only on some way, under a test of something
// else, is not where the failure ends: the parent goes on. Nor is the
// middle process's of a double fork, whose status its own parent reads
// (lighttpd's daemonize() learns the failure from a silent pipe).
int other_work(void);
void parent_goes_on(void) {
  if (fork() == 0) {
    execl("/bin/true", "true", (char *)NULL);
    _exit(127);
  }
  if (other_work() == 0)
    _exit(0);
}

void double_fork(void) {
  pid_t pid = fork();
  if (pid < 0)
    exit(1);
  if (pid > 0) {
    waitpid(pid, NULL, 0);
    exit(0);
  }
  if (fork() != 0)
    exit(0);
  setsid();
}

// -1 tested in a branch of its own that reports it (dnsmasq: an error
// event sent before the parent's _exit(0)): the failure is not hidden.
void report_fork_error(void);
void daemon_reported(void) {
  pid_t pid;
  if ((pid = fork()) == -1)
    report_fork_error();
  if (pid != 0)
    _exit(0);
  setsid();
}
