// Code that only gives back what the process holds (free(), close():
// data/release-only.def) on the way to the end of the process is the
// end's housekeeping, not the parent's work: a child that leaves its
// branch for main's shared `finish:` label, which frees and exits
// (slirp4netns), or returns into a main that frees and returns (nrpe's
// run_daemon()), does not run the parent's code. A label that also reports
// (-DREPORTS) is the parent's code.
// RUN: %forkcheck --threads=no --disable=all --enable=child-fallthrough %s | FileCheck %s --allow-empty --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --threads=no --disable=all --enable=child-fallthrough %s -- -DREPORTS | FileCheck %s --check-prefix=REPORTS --implicit-check-not='{{warning|note}}:'
// REPORTS: housekeeping-end.c:48:15: warning: the child of this fork leaves its branch
// REPORTS: note: the child leaves its branch here
// REPORTS: note: end every path of the child with _exit()
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int stop;
static void serve(void) {
  while (!stop)
    pause();
}

static void run_daemon(void) {
  pid_t pid = fork();
  if (pid != 0) {
    if (pid == -1) {
      perror("fork");
      exit(2);
    }
    return;
  }
  setsid();
  serve();
}

static int child_work(void) { return fputs("child: sent fd\n", stderr) < 0 ? -1 : 0; }
void report(int status);

int main(int argc, char **argv) {
  int status = 0;
  char *opts = malloc(32);
  if (argc > 1) {
    run_daemon();
    free(opts);
    return 0;
  }
  pid_t pid = fork();
  if (pid < 0) {
    status = 1;
    goto finish;
  }
  if (pid == 0) {
    if (child_work() < 0) {
      status = 1;
      goto finish;
    }
    execv(argv[0], argv);
    _exit(127);
  }
  waitpid(pid, &status, 0);
finish:
#ifdef REPORTS
  report(status);
#endif
  free(opts);
  exit(status);
}
