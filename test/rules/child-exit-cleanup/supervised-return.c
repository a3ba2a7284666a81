// The parent waits for its child and then ends, and the child returns to
// the caller to go on as the process (su keeps the PAM session open in the
// parent, and the child returns to main to run the shell). What the child
// does after the call is judged as its own code: an exit() on a setup
// failure, and main's return after a failed exec, are reported, each with
// a note at the call it returned from. A server's child that returns to
// handle a connection, while the parent goes back to accept (it forks
// again), is not followed (carries-on.c); nor is a daemon whose first
// parent waits only for the middle process of a double fork and ends (what
// returns is the grandchild, whose own parent left: -DDAEMON).
// RUN: not %forkcheck --threads=no --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: %forkcheck --threads=no --disable=all --enable=child-exit-cleanup %s -- -DDAEMON | count 0
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void keep_session_open(void) {
  pid_t child = fork();
#ifdef DAEMON
  if (child == 0) {
    if (fork() != 0)
      exit(0);
    setsid();
    return;
  }
#else
  if (child == 0)
    return;
#endif
  if (child < 0) {
    perror("fork");
    exit(1);
  }
  int status;
  waitpid(child, &status, 0);
  // close the session here
  exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128);
}

int main(int argc, char **argv) {
  (void)argc;
  keep_session_open();
  if (setuid(getuid()) != 0)
    exit(1);
  execv("/bin/sh", argv);
  perror("/bin/sh");
  return 126;
}
// CHECK: supervised-return.c:45:5: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup{{.*}} [child-exit-cleanup]
// CHECK: supervised-return.c:19:17: note: child process created here
// CHECK: supervised-return.c:45:5: note: use _exit() in the child
// CHECK: supervised-return.c:43:3: note: the child returns from 'keep_session_open' here and goes on as the process, while its parent waits for it and ends
// CHECK: supervised-return.c:48:3: warning: return from 'main' in the child of fork() calls exit(), which runs the parent's atexit handlers and flushes the stdio buffers copied from it [child-exit-cleanup]
// CHECK: supervised-return.c:19:17: note: child process created here
// CHECK: supervised-return.c:48:3: note: end the child with _exit() instead of returning from 'main'
// CHECK: supervised-return.c:43:3: note: the child returns from 'keep_session_open' here
