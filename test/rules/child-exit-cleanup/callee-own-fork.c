// A callee that forks a child of its own: the exit() in that inner child runs
// in another process and is judged at the inner fork. It does not make the
// call to the callee, from an outer child, "reach exit". An exit() the callee
// makes in the calling process still does.
// RUN: not %forkcheck --exit-cleanup=always --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void hook(const char *command) {
  pid_t hook_pid = fork();
  if (hook_pid == 0) {
    execl("/bin/sh", "sh", "-c", command, (char *)0);
    // CHECK: callee-own-fork.c:[[@LINE+3]]:5: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
    // CHECK: callee-own-fork.c:[[@LINE-4]]:20: note: child process created here
    // CHECK: callee-own-fork.c:[[@LINE+1]]:5: note: use _exit() in the child
    exit(127);
  }
  if (hook_pid > 0)
    waitpid(hook_pid, 0, 0);
}

static void hook_or_die(const char *command) {
  pid_t hook_pid = fork();
  if (hook_pid < 0)
    exit(1); // in the calling process
  if (hook_pid == 0) {
    execl("/bin/sh", "sh", "-c", command, (char *)0);
    _exit(127);
  }
  waitpid(hook_pid, 0, 0);
}

static void remove_pidfile(void) { unlink("/run/example.pid"); }

static void finish(void) {
  hook("echo done");
  _exit(0);
}

int main(void) {
  atexit(remove_pidfile);
  pid_t worker = fork();
  if (worker == 0)
    finish();
  if (worker > 0)
    waitpid(worker, 0, 0);
  pid_t other = fork();
  if (other == 0) {
    // CHECK: callee-own-fork.c:[[@LINE+5]]:5: warning: call to 'hook_or_die' reaches 'exit', which runs the parent's exit-time cleanup in the child of fork()
    // CHECK: callee-own-fork.c:[[@LINE-25]]:5: note: 'hook_or_die' calls 'exit' here
    // CHECK: callee-own-fork.c:[[@LINE-4]]:17: note: child process created here
    // CHECK: callee-own-fork.c:[[@LINE-11]]:3: note: the program registers 'remove_pidfile' with atexit() here
    // CHECK: callee-own-fork.c:[[@LINE+1]]:5: note: use _exit() in the child
    hook_or_die("echo other");
    _exit(0);
  }
  waitpid(other, 0, 0);
  return 0;
}
