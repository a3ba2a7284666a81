// A failed assertion's handler that ends the process with a call that
// never returns with its arguments, and that ends it without the exit-time
// cleanup (redis's _serverAssert() ends with bugReportEnd(0, 0), which
// _exit()s or abort()s), is no die() helper by exit(), though its crash
// report reaches an exit() deep down (a memory test): a child calling
// code that may assert is not reported. A handler that ends with exit()
// itself (-DEXITS) is.
// RUN: %forkcheck --threads=no --disable=all --enable=child-exit-cleanup %s | FileCheck %s --allow-empty --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --threads=no --disable=all --enable=child-exit-cleanup %s -- -DEXITS | FileCheck %s --check-prefix=EXITS
// EXITS: ends-through-call.c:56:5: warning: call to 'set_oom_score' reaches 'exit'
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int use_exit_on_panic, interactive;

static void memory_test(void) {
  if (interactive)
    exit(1); /* the user asked to stop */
}

static void print_crash_report(void) {
  fputs("crash report\n", stderr);
  memory_test();
}

void bug_report_end(int kill_via_signal, int sig) {
  if (!kill_via_signal) {
    if (use_exit_on_panic)
      _exit(1);
    abort();
  }
  kill(getpid(), sig);
}

void server_assert(const char *what) {
  fprintf(stderr, "assertion failed: %s\n", what);
  print_crash_report();
#ifdef EXITS
  exit(1);
#else
  bug_report_end(0, 0);
#endif
}

static void set_oom_score(int score) {
  if (score < -1000 || score > 1000)
    server_assert("score in range");
}

void save_in_background(int score) {
  pid_t pid = fork();
  if (pid == 0) {
    set_oom_score(score);
    _exit(0);
  }
  waitpid(pid, NULL, 0);
}

static void remove_pidfile(void) { unlink("/run/server.pid"); }

int main(int argc, char **argv) {
  (void)argv;
  atexit(remove_pidfile);
  save_in_background(argc);
  return 0;
}
