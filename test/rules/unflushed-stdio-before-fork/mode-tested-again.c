// A logger that writes to stdout only where a flag says so, and flushes
// under the same test of the flag (openfortivpn's do_log(): `if
// (!do_syslog) printf(...)`, `if (do_syslog) vsyslog(...); else
// vprintf(...)`, `if (!do_syslog) fflush(stdout)`) leaves nothing in the
// buffer: a test that confirms the condition keeps it, and a `?:` in the
// call's arguments does not hide it. A logger that flushes under another
// flag (-DOTHER_FLAG) leaves its output.
// RUN: %forkcheck --threads=no --disable=all --enable=unflushed-stdio-before-fork %s | FileCheck %s --allow-empty --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --threads=no --disable=all --enable=unflushed-stdio-before-fork %s -- -DOTHER_FLAG | FileCheck %s --check-prefix=OTHER --implicit-check-not='{{warning|note}}:'
// OTHER: mode-tested-again.c:50:15: warning: output written to stdout before this fork is still in its buffer
// OTHER: note: 'do_log', called here, leaves output in stdout's buffer
// OTHER: note: 'printf' writes to stdout here
// OTHER: note: the copied buffer is flushed here in the child, by 'do_log'
// OTHER: note: call fflush(NULL) before fork()
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>

static int do_syslog, is_a_tty, quiet;

void set_syslog(int use) { do_syslog = use; }

void do_log(int verbosity, const char *format, ...) {
  va_list args;
  if (!do_syslog)
    printf("%s", verbosity > 1 ? "DEBUG: " : "");
  va_start(args, format);
  if (do_syslog)
    vsyslog(LOG_INFO, format, args);
  else
    vprintf(format, args);
  va_end(args);
#ifdef OTHER_FLAG
  if (!quiet) {
#else
  if (!do_syslog) {
#endif
    if (is_a_tty)
      printf("\033[0;0m");
    fflush(stdout);
  }
}

int main(int argc, char **argv) {
  set_syslog(argc > 1);
  quiet = argc > 2;
  do_log(1, "starting %s\n", argv[0]);
  pid_t pid = fork();
  if (pid == 0) {
    do_log(1, "child\n");
    exit(0);
  }
  return 0;
}
