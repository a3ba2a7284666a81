// A multi-call program runs each tool's main through a table and passes
// what it returns to exit(): a child that returns from a tool's main ends
// the process there, as a return from main does, and is not falling
// through into the parent's code. The same through a function that returns
// the tool's value on to main. A caller that does more after the call (it
// cleans up, removing a file, then returns) runs the parent's code in the
// child: reported. Closing its own copy of a descriptor alone would not be.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int status_file = -1;

/* The logger forks its writer; the writer's return ends its process. */
static int logger_main(int argc, char **argv) {
  (void)argv;
  pid_t pid = fork();
  if (pid < 0)
    return 1;
  if (pid == 0) {
    (void)!write(1, "log\n", 4);
    return 0;
  }
  return argc > 2;
}

/* Called by a tool that returns its value on. */
static int sweep_main(int argc, char **argv) {
  (void)argv;
  if (fork() == 0)
    return 0;
  return argc;
}

static int sweep_alias_main(int argc, char **argv) { return sweep_main(argc, argv); }

static void cleanup(void) {
  close(status_file);
  unlink("/run/report.status");
}

/* Its caller cleans up after it: the child does too, as a second parent. */
static int report_main(int argc) {
  // CHECK: returns-to-exit.c:[[@LINE+3]]:15: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
  // CHECK: returns-to-exit.c:[[@LINE+4]]:5: note: the child returns from 'report_main' here, into its caller's code
  // CHECK: returns-to-exit.c:[[@LINE+1]]:15: note: end every path of the child with _exit()
  pid_t pid = fork();
  if (pid == 0)
    return 0;
  return argc;
}

static int run_report(int argc) {
  int rc = report_main(argc);
  cleanup();
  return rc;
}

static int true_main(int argc, char **argv) { return argc < 0 && argv; }
static int false_main(int argc, char **argv) { return argc > 0 || argv; }
static int echo_main(int argc, char **argv) { return (int)write(1, argv[argc - 1], 1); }

static int (*const tools[])(int, char **) = {logger_main, sweep_alias_main, true_main,
                                             false_main, echo_main};

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "report") == 0)
    return run_report(argc);
  exit(tools[argc % 5](argc, argv));
}
