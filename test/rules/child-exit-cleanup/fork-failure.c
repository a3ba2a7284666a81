// A fork is an allocation too, of a process: a child whose own fork fails
// (EAGAIN, ENOMEM) and exits, directly or in a helper it calls, ends on a
// resource failure, as after a failed malloc(), and is not reported --
// even in a program with an exit-time handler. Its exit() on another
// failure, and the grandchild's after a failed exec, are.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void remove_pidfile(void) { unlink("/run/supervisor.pid"); }

static pid_t must_fork(void) {
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    exit(1);
  }
  return pid;
}

int supervise(char *const argv[]) {
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir("/") != 0)
      exit(3);
    pid_t job = fork();
    if (job < 0)
      exit(2);
    if (job == 0) {
      execvp(argv[0], argv);
      exit(127);
    }
    pid_t again = must_fork();
    if (again == 0)
      _exit(0);
    waitpid(job, NULL, 0);
    _exit(0);
  }
  return pid < 0 ? -1 : 0;
}

int main(int argc, char **argv) {
  atexit(remove_pidfile);
  return argc > 1 ? supervise(argv + 1) : 0;
}
// CHECK: fork-failure.c:27:7: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup{{.*}} [child-exit-cleanup]
// CHECK: fork-failure.c:24:15: note: child process created here
// CHECK: fork-failure.c:45:3: note: the program registers 'remove_pidfile' with atexit() here, and the child inherits it
// CHECK: fork-failure.c:27:7: note: use _exit() in the child
// CHECK: fork-failure.c:33:7: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup{{.*}} [child-exit-cleanup]
// CHECK: fork-failure.c:28:17: note: child process created here
// CHECK: fork-failure.c:33:7: note: use _exit() in the child
