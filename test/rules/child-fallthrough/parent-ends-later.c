// A parent whose every path ends the process leaves the code after the fork
// to its child only when it ends before running that code. One that ends
// later, with exit() after its loop, runs the loop too: a child that leaves
// its branch into it forks again, as it would with a return from main.
// RUN: not %forkcheck --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

void work(int i);
void serve(void);
void log_line(const char *s);

void start_workers(int n) {
  for (int i = 0; i < n; i++) {
    // CHECK: parent-ends-later.c:[[@LINE+1]]:17: warning: the child of this fork leaves its branch and loops back to fork again: a fork bomb [child-fallthrough]
    pid_t pid = fork();
    if (pid == 0)
      work(i);
    // CHECK: parent-ends-later.c:[[@LINE-1]]:7: note: the child leaves its branch here
    // CHECK: parent-ends-later.c:[[@LINE-4]]:17: note: end every path of the child with _exit()
  }
  while (wait(NULL) > 0)
    ;
  exit(0);
}

void report_then_exit(void) {
  pid_t pid = fork();
  // CHECK: parent-ends-later.c:[[@LINE-1]]:15: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
  if (pid == 0)
    work(0);
  // CHECK: parent-ends-later.c:[[@LINE-1]]:5: note: the child leaves its branch here
  // CHECK: parent-ends-later.c:[[@LINE-5]]:15: note: end every path of the child with _exit()
  log_line("started");
  waitpid(pid, NULL, 0);
  exit(0);
}

// A daemon that forks again each round: the parent ends at once, and the
// child alone goes round the loop. One process at a time: no finding.
void respawn_as_child(void) {
  for (;;) {
    pid_t pid = fork();
    if (pid != 0)
      exit(pid < 0);
    serve();
  }
}

// The parent ends at once; the child alone runs what follows.
void daemonize(void) {
  if (fork() != 0)
    exit(0);
  setsid();
  serve();
}
