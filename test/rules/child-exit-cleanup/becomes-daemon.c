// A function that forks, makes its child a daemon and returns 0 there (the
// pid in the parent): the caller's child code runs in a daemon whose parent
// has exited, and its exit() is the process's own. Without the daemon()
// call the same shape is an ordinary child, and its exit() is reported.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <unistd.h>

int serve(void);

pid_t fork_daemon(void) {
  pid_t pid = fork();
  if (pid == -1)
    exit(1);
  if (pid == 0) {
    if (daemon(1, 0) != 0)
      _exit(1);
    return 0;
  }
  return pid;
}

pid_t fork_plain(void) {
  pid_t pid = fork();
  if (pid == -1)
    exit(1);
  if (pid == 0)
    return 0;
  return pid;
}

int start_server(void) {
  if (fork_daemon() != 0)
    return 0;
  exit(serve());
}

int start_helper(void) {
  if (fork_plain() != 0)
    return 0;
  // CHECK: becomes-daemon.c:[[@LINE+4]]:3: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup{{.*}} [child-exit-cleanup]
  // CHECK: becomes-daemon.c:[[@LINE-3]]:7: note: child process created here
  // CHECK: becomes-daemon.c:{{[0-9]+}}:{{[0-9]+}}: note: 'flush_logs' is a destructor function of the program: exit() runs it in the child too
  // CHECK: becomes-daemon.c:[[@LINE+1]]:3: note: use _exit() in the child
  exit(serve());
}

/* The program's exit-time work, which exit() in a child runs again. */
__attribute__((destructor)) static void flush_logs(void) { fsync(2); }
