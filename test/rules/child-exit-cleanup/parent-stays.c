// A parent whose every path ends the process leaves its child behind only
// when it goes at once (daemonizing): the child is then the process and its
// exit() its own end. A parent that first waits for the child, or goes back
// round a loop to fork another one, supervises it: the child's exit() after
// a failed exec runs the handlers and the copied buffers a second time.
// RUN: not %forkcheck --exit-cleanup=always --threads=no --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

void cleanup(void);
void work(void);
extern volatile int stopping;

void waits_then_exits(char **argv) {
  atexit(cleanup);
  pid_t pid = fork();
  if (pid < 0)
    exit(1);
  if (pid == 0) {
    execvp(argv[0], argv);
    exit(127);
    // CHECK: parent-stays.c:[[@LINE-1]]:5: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
    // CHECK: note: child process created here
    // CHECK: note: use _exit()
  }
  work();
  waitpid(pid, NULL, 0);
  exit(0);
}

__attribute__((noreturn)) void respawns(char **argv) {
  while (!stopping) {
    pid_t pid = fork();
    if (pid == -1)
      exit(1);
    if (pid == 0) {
      execvp(argv[0], argv);
      exit(127);
      // CHECK: parent-stays.c:[[@LINE-1]]:7: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
      // CHECK: note: child process created here
      // CHECK: note: use _exit()
    }
    sleep(1);
  }
  exit(0);
}

// Daemonizing: the parent leaves at once; not reported.
void daemonizes(char **argv) {
  pid_t pid = fork();
  if (pid < 0)
    exit(1);
  if (pid > 0)
    exit(0);
  setsid();
  execvp(argv[0], argv);
  exit(127);
}
