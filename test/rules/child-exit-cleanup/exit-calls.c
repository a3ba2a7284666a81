// Every call that runs the exit-time cleanup, directly or through a helper
// (an err()/die() function), in the code the child runs alone.
// RUN: not %forkcheck --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *msg) {
  perror(msg);
  exit(1);
}

static void check(int ok, const char *msg) {
  if (!ok)
    die(msg);
}

static int wait_for(pid_t pid) {
  int status;
  while (waitpid(pid, &status, 0) < 0)
    ;
  return status;
}

int direct(void) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    // CHECK: exit-calls.c:[[@LINE+4]]:5: warning: 'exit' in the child of fork()
    // CHECK: exit-calls.c:28:15: note: child process created here
    // CHECK: exit-calls.c:{{[0-9]+}}:{{[0-9]+}}: note: 'flush_logs' is a destructor function of the program: exit() runs it in the child too
    // CHECK: exit-calls.c:36:5: note: use _exit() in the child: it ends the process without running the parent's atexit handlers or flushing its stdio buffers; confirm at run time with LD_PRELOAD=libforksafe-detect.so
    exit(access("/tmp", W_OK) == 0 ? 0 : 1);
  }
  return wait_for(pid);
}

int quick(void) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    // CHECK: exit-calls.c:[[@LINE+4]]:5: warning: 'quick_exit' in the child of fork() runs the parent's exit-time cleanup: its at_quick_exit handlers [child-exit-cleanup]
    // CHECK: exit-calls.c:42:15: note: child process created here
    // CHECK: exit-calls.c:{{[0-9]+}}:{{[0-9]+}}: note: 'flush_logs' is a destructor function of the program: exit() runs it in the child too
    // CHECK: exit-calls.c:50:5: note: use _exit() in the child: it ends the process without running the parent's atexit handlers or flushing its stdio buffers; confirm at run time with LD_PRELOAD=libforksafe-detect.so
    quick_exit(0);
  }
  return wait_for(pid);
}

int via_err(const char *dir) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    if (chdir(dir) < 0)
      // CHECK: exit-calls.c:[[@LINE+4]]:7: warning: 'err' in the child of fork()
      // CHECK: exit-calls.c:56:15: note: child process created here
      // CHECK: exit-calls.c:{{[0-9]+}}:{{[0-9]+}}: note: 'flush_logs' is a destructor function of the program: exit() runs it in the child too
      // CHECK: exit-calls.c:65:7: note: use _exit() in the child: it ends the process without running the parent's atexit handlers or flushing its stdio buffers; confirm at run time with LD_PRELOAD=libforksafe-detect.so
      err(1, "%s", dir);
    _exit(0);
  }
  return wait_for(pid);
}

int via_helper(const char *dir) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    // CHECK: exit-calls.c:[[@LINE+3]]:5: warning: call to 'check' reaches 'exit', which runs the parent's exit-time cleanup in the child of fork() [child-exit-cleanup]
    // CHECK-NEXT: {{^}}    check(chdir(dir) == 0, dir);
    // CHECK: exit-calls.c:17:5: note: 'check' calls 'die' here
    check(chdir(dir) == 0, dir);
    // CHECK: exit-calls.c:12:3: note: 'die' calls 'exit' here
    // CHECK: exit-calls.c:[[@LINE-9]]:15: note: child process created here
    // CHECK: exit-calls.c:{{[0-9]+}}:{{[0-9]+}}: note: 'flush_logs' is a destructor function of the program: exit() runs it in the child too
    // CHECK: exit-calls.c:79:5: note: use _exit() in the child: it ends the process without running the parent's atexit handlers or flushing its stdio buffers; confirm at run time with LD_PRELOAD=libforksafe-detect.so
    _exit(0);
  }
  return wait_for(pid);
}

int main(void) {
  // The parent's own exit is its business.
  if (direct() != 0)
    exit(1);
  return quick() || via_err("/") || via_helper("/");
}

/* The program's exit-time work, which exit() in a child runs again. */
__attribute__((destructor)) static void flush_logs(void) { fsync(2); }
