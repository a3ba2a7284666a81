// Where the fork's result goes: a flag set in one branch, a truth value, a
// copy, and a function that returns a value telling the child from the
// parent. A test of any of them is a test of the fork. Where the flag does
// not follow the fork (set in both branches, or changed by a call), the
// child still loops back to fork.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-fallthrough --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

extern volatile int stopping;
void serve_clients(void);
void log_line(const char *);
void refresh(int *);

/* The loop ends in the child: `!in_child` is false there. */
int start_workers(int n) {
  int in_child = 0;
  while (!in_child && !stopping) {
    if (n > 0) {
      pid_t pid = fork();
      if (pid < 0)
        return -1;
      if (pid == 0)
        in_child = 1;
      else
        n--;
    } else {
      wait(NULL);
      n++;
    }
  }
  return in_child; /* 1 in a worker, 0 in the parent: a role */
}

/* The caller branches on the role: the worker serves and ends. */
void run_server(void) {
  if (start_workers(4) == 1) {
    serve_clients();
    _exit(0);
  }
  log_line("all workers started");
}

/* A truth value made from the result: the exit is the child's alone. */
void truth_value(void) {
  pid_t pid = fork();
  int is_child = (pid == 0);
  if (is_child) {
    serve_clients();
    // CHECK: fork-result-flow.c:[[@LINE+4]]:5: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup{{.*}} [child-exit-cleanup]
    // CHECK: fork-result-flow.c:[[@LINE-5]]:15: note: child process created here
    // CHECK: fork-result-flow.c:{{[0-9]+}}:{{[0-9]+}}: note: 'flush_logs' is a destructor function of the program: exit() runs it in the child too
    // CHECK: fork-result-flow.c:[[@LINE+1]]:5: note: use _exit() in the child
    exit(0);
  }
  waitpid(pid, NULL, 0);
}

/* A copy of the result. */
void copied(void) {
  pid_t pid = fork();
  pid_t who = pid;
  if (who == 0)
    // CHECK: fork-result-flow.c:[[@LINE+4]]:5: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup{{.*}} [child-exit-cleanup]
    // CHECK: fork-result-flow.c:[[@LINE-4]]:15: note: child process created here
    // CHECK: fork-result-flow.c:{{[0-9]+}}:{{[0-9]+}}: note: 'flush_logs' is a destructor function of the program: exit() runs it in the child too
    // CHECK: fork-result-flow.c:[[@LINE+1]]:5: note: use _exit() in the child
    exit(2);
  waitpid(pid, NULL, 0);
}

/* Returns 0 in the child and the pid in the parent, by constants. */
pid_t fork_quietly(void) {
  pid_t pid = fork();
  if (pid < 0)
    exit(1);
  if (pid == 0)
    return 0;
  log_line("forked");
  return pid;
}

void uses_fork_quietly(void) {
  if (fork_quietly() != 0)
    return;
  serve_clients();
  // CHECK: fork-result-flow.c:[[@LINE+4]]:3: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup{{.*}} [child-exit-cleanup]
  // CHECK: fork-result-flow.c:[[@LINE-4]]:7: note: child process created here
  // CHECK: fork-result-flow.c:{{[0-9]+}}:{{[0-9]+}}: note: 'flush_logs' is a destructor function of the program: exit() runs it in the child too
  // CHECK: fork-result-flow.c:[[@LINE+1]]:3: note: use _exit() in the child
  exit(0);
}

/* The flag is set in both branches: it does not tell them apart, and the
 * child forks again. */
void flag_both(int n) {
  int done = 0;
  while (!done) {
    // CHECK: fork-result-flow.c:[[@LINE+3]]:17: warning: the child of this fork leaves its branch and loops back to fork again: a fork bomb [child-fallthrough]
    // CHECK: fork-result-flow.c:[[@LINE+6]]:5: note: the child leaves its branch here
    // CHECK: fork-result-flow.c:[[@LINE+1]]:17: note: end every path of the child
    pid_t pid = fork();
    if (pid == 0) {
      log_line("child");
      done = 0;
    } else {
      done = --n == 0;
    }
  }
}

/* The flag is a global a call may change: unknown after it. */
int leaving;
void flag_clobbered(void) {
  while (!leaving) {
    // CHECK: fork-result-flow.c:[[@LINE+3]]:17: warning: the child of this fork leaves its branch and loops back to fork again: a fork bomb [child-fallthrough]
    // CHECK: fork-result-flow.c:[[@LINE+6]]:5: note: the child leaves its branch here
    // CHECK: fork-result-flow.c:[[@LINE+1]]:17: note: end every path of the child
    pid_t pid = fork();
    if (pid == 0) {
      leaving = 1;
      refresh(&leaving);
    }
  }
}

/* A path that does not fork is the parent's: returning 0 there, as the
 * parent does, keeps the role, and the caller's exit() is the child's. */
int fork_unless_sync(int sync) {
  if (sync)
    return 0;
  pid_t pid = fork();
  if (pid < 0)
    return 0;
  return pid == 0;
}

void after_fork_unless_sync(int sync) {
  if (fork_unless_sync(sync)) {
    serve_clients();
    // CHECK: fork-result-flow.c:[[@LINE+4]]:5: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup{{.*}} [child-exit-cleanup]
    // CHECK: fork-result-flow.c:[[@LINE-3]]:7: note: child process created here
    // CHECK: fork-result-flow.c:{{[0-9]+}}:{{[0-9]+}}: note: 'flush_logs' is a destructor function of the program: exit() runs it in the child too
    // CHECK: fork-result-flow.c:[[@LINE+1]]:5: note: use _exit() in the child
    exit(0);
  }
}

/* Returning 1 where it did not fork, as the child does: the caller's 1 is
 * not the child's alone, and its code is not judged as the child's. */
int fork_or_run_here(int sync) {
  if (sync)
    return 1;
  pid_t pid = fork();
  if (pid < 0)
    return 0;
  return pid == 0;
}

void after_fork_or_run_here(int sync) {
  if (fork_or_run_here(sync)) {
    serve_clients();
    exit(0);
  }
}

/* The program's exit-time work, which exit() in a child runs again. */
__attribute__((destructor)) static void flush_logs(void) { fsync(2); }
