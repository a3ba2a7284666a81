// The program's one exit-time handler does nothing unless a global is set,
// and the child has cleared it before its exit: arachsys init's children
// do `if (pidfile.path) { pidfile.path = NULL; close(pidfile.fd); }`
// before the exec, and pidfile_close() unlinks only `if (pidfile.path)`;
// kpropd keeps the fork's result in the global its handler tests, `if
// (fullprop_child > 0) kill(...)`, and that is 0 in the child. Neither
// exit() after the failed exec is reported. Reported: a child that keeps
// the path (init's logger), and one that sets the global again.
// RUN: %forkcheck --disable=all --enable=child-exit-cleanup %s | count 0
// RUN: not %forkcheck --disable=all --enable=child-exit-cleanup %s -- -DKEEPS | FileCheck %s --check-prefix=KEEPS --implicit-check-not='{{warning|note}}:'
// RUN: %forkcheck --disable=all --enable=child-exit-cleanup %s -- -DFORK_RESULT | count 0
// RUN: not %forkcheck --disable=all --enable=child-exit-cleanup %s -- -DFORK_RESULT -DSETS_AGAIN | FileCheck %s --check-prefix=AGAIN --implicit-check-not='{{warning|note}}:'
#include <err.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static struct {
  char *path;
  int fd;
} pidfile;
static pid_t helper;

#ifndef FORK_RESULT
static void pidfile_close(void) {
  if (pidfile.path) {
    close(pidfile.fd);
    unlink(pidfile.path);
  }
}

static void run(char **argv) {
  switch (fork()) {
  case -1:
    err(EXIT_FAILURE, "fork");
  case 0:
#ifndef KEEPS
    if (pidfile.path) {
      pidfile.path = NULL;
      close(pidfile.fd);
    }
#endif
    execvp(argv[0], argv);
    err(EXIT_FAILURE, "exec");
  }
}

int main(int argc, char **argv) {
  pidfile.path = argc > 2 ? argv[2] : NULL;
  atexit(pidfile_close);
  run(argv + 1);
  return wait(NULL) < 0;
}
#else
static void stop_helper(void) {
  if (helper > 0)
    kill(helper, SIGTERM);
}

int main(int argc, char **argv) {
  (void)argc;
  atexit(stop_helper);
  helper = fork();
  if (helper == 0) {
#ifdef SETS_AGAIN
    helper = getppid();
#endif
    execvp(argv[1], argv + 1);
    exit(1);
  }
  return wait(NULL) < 0;
}
#endif
// KEEPS: handler-disarmed.c:45:5: warning: 'err' in the child of fork() runs the parent's exit-time cleanup
// KEEPS: handler-disarmed.c:34:11: note: child process created here
// KEEPS: handler-disarmed.c:51:3: note: the program registers 'pidfile_close' with atexit() here, and the child inherits it
// KEEPS: handler-disarmed.c:45:5: note: use _exit() in the child
// AGAIN: handler-disarmed.c:70:5: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
// AGAIN: handler-disarmed.c:64:12: note: child process created here
// AGAIN: handler-disarmed.c:63:3: note: the program registers 'stop_helper' with atexit() here, and the child inherits it
// AGAIN: handler-disarmed.c:70:5: note: use _exit() in the child
