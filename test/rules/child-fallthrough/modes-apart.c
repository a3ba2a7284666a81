// strace -D: `if ((pid != 0 && daemonized) || (pid == 0 && !daemonized))
// exec_or_die();` -- with -D the parent execs the command and the child
// goes on as the tracer; without it the other way round. The code after
// the test is run by the child in one mode and by the parent in the other,
// never by both in one run: the child takes over, it does not fall into
// the parent's code. Judged so for a settled global (set only by the
// option parsing); a global a signal handler may change tells nothing.
// RUN: not %forkcheck --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int daemonized;
static int detached; /* also set by a signal handler */
static char **args;

__attribute__((noreturn)) static void exec_or_die(void) {
  execvp(args[0], args);
  perror("exec");
  _exit(1);
}

static void startup_child(void) {
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    exit(1);
  }
  if ((pid != 0 && daemonized) || (pid == 0 && !daemonized))
    exec_or_die();
  if (!daemonized)
    waitpid(pid, NULL, 0);
  else
    printf("tracing %d\n", (int)getppid());
}

static void on_hup(int sig) {
  (void)sig;
  detached = 0;
}

static void startup_detached(void) {
  // CHECK: modes-apart.c:[[@LINE+1]]:15: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
  pid_t pid = fork();
  if (pid < 0)
    exit(1);
  if ((pid != 0 && detached) || (pid == 0 && !detached))
    exec_or_die();
  // CHECK-COUNT-2: modes-apart.c:[[@LINE-5]]:15: note: the child leaves its branch here
  // CHECK: modes-apart.c:[[@LINE-4]]:5: note: the child leaves its branch here
  // CHECK: modes-apart.c:[[@LINE-7]]:15: note: end every path of the child with _exit()
  if (!detached)
    waitpid(pid, NULL, 0);
}

int main(int argc, char **argv) {
  int c;
  signal(SIGHUP, on_hup);
  while ((c = getopt(argc, argv, "Dd")) != -1) {
    if (c == 'D')
      daemonized = 1;
    if (c == 'd')
      detached = 1;
  }
  args = argv + optind;
  startup_child();
  startup_detached();
  printf("trace loop\n");
  return 0;
}
