// A child that returns from a function whose callers only end the process
// after it (main returns its value, or passes it to exit()) runs exit()
// as a return from main does: the parent's atexit handlers and a flush of
// the stdio buffers copied from it. A function whose caller goes on after
// the call is not one: the child's return there is child-fallthrough's.
// RUN: not %forkcheck --exit-cleanup=always --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_session(char **argv) {
  pid_t pid = fork();
  if (pid < 0)
    return 127;
  if (pid == 0) {
    execvp(argv[0], argv);
    // CHECK: returns-to-exit.c:[[@LINE+3]]:5: warning: return from 'run_session' in the child of fork() calls exit() (its callers only end the process), which runs the parent's atexit handlers and flushes the stdio buffers copied from it [child-exit-cleanup]
    // CHECK: returns-to-exit.c:13:15: note: child process created here
    // CHECK: returns-to-exit.c:[[@LINE+1]]:5: note: end the child with _exit() instead of returning from 'run_session'
    return 127;
  }
  int status;
  waitpid(pid, &status, 0);
  return WEXITSTATUS(status);
}

static int run_helper(char **argv) {
  pid_t pid = fork();
  if (pid == 0) {
    execvp(argv[0], argv);
    return 127; /* its caller prints: not the end of the process */
  }
  return pid < 0;
}

int main(int argc, char **argv) {
  if (argc > 2) {
    int rc = run_helper(argv + 2);
    printf("helper: %d\n", rc);
  }
  return run_session(argv + 1);
}
