// arpwatch's report(): in debug mode it writes to stdout, otherwise it
// forks a child that writes a mail; the code after is shared, and the
// child leaves it only at the exec, as `if (debug) return;` cannot hold in
// it (debug, a settled global, was 0 at the fork). Many other variables are
// tested twice after the fork (what the mail holds), and log levels are
// tested before and after it: the one whose test decides whether the fork
// is made is the one followed.
// Reported: the same shape where the mode is tested after the fork only.
// RUN: %forkcheck --disable=all --enable=child-fallthrough %s | FileCheck %s --allow-empty --check-prefix=NONE --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=child-fallthrough %s -- -DNOT_TESTED_BEFORE | FileCheck %s --implicit-check-not='{{warning|note}}:'
// NONE-NOT: warning
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int quiet, verbose, trace, dump, audit;
int debug;

#define LOG(level, text)                                                                           \
  do {                                                                                             \
    if (level)                                                                                     \
      fputs(text, stderr);                                                                         \
  } while (0)

static void reaper(int sig) {
  (void)sig;
  while (waitpid(-1, NULL, WNOHANG) > 0)
    ;
}

void report(const char *title, const char *e1, const char *e2, const long *t1p, const long *t2p,
            const char *interface) {
  FILE *f;
  LOG(quiet, "report\n");
  LOG(verbose, "report\n");
  LOG(trace, "report\n");
  LOG(dump, "report\n");
  LOG(audit, "report\n");
#ifndef NOT_TESTED_BEFORE
  if (debug) {
    f = stdout;
  } else
#endif
  {
    pid_t pid = fork();
    if (pid) {
      if (pid < 0)
        perror("fork");
      return;
    }
    f = tmpfile();
    if (f == NULL)
      _exit(1);
  }
  LOG(quiet, "mail\n");
  LOG(verbose, "mail\n");
  LOG(trace, "mail\n");
  LOG(dump, "mail\n");
  LOG(audit, "mail\n");
  fprintf(f, "Subject: %s\n", title);
  if (interface)
    fprintf(f, "interface %s\n", interface);
  if (e1)
    fprintf(f, "ethernet address %s\n", e1);
  if (e2)
    fprintf(f, "old ethernet address %s\n", e2);
  if (t1p)
    fprintf(f, "timestamp %ld\n", *t1p);
  if (t2p)
    fprintf(f, "previous timestamp %ld\n", *t2p);
  if (t1p && t2p && interface && e1 && e2)
    fprintf(f, "delta %ld\n", *t1p - *t2p);
  if (debug) {
    fflush(f);
    return;
  }
  rewind(f);
  dup2(fileno(f), 0);
  execl("/usr/sbin/sendmail", "sendmail", "-odi", "root", (char *)NULL);
  _exit(1);
}

int main(int argc, char **argv) {
  int c;
  while ((c = getopt(argc, argv, "d")) != -1)
    if (c == 'd')
      ++debug;
  signal(SIGCHLD, reaper);
  for (;;) {
    pause();
    report("new station", argv[0], NULL, NULL, NULL, "eth0");
  }
}
// CHECK: mode-tested-again.c:47:17: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
// CHECK: mode-tested-again.c:77:5: note: the child returns from 'report' here, into its caller's code
// CHECK: mode-tested-again.c:47:17: note: end every path of the child with _exit()
