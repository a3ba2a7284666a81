// Output written to the stream a parameter names is the caller's stream's:
// pdsh's out() passes stdout to _verr(stream, ...), which fputs() to it, so
// the prompt is in stdout's buffer at the fork, and the child's exit()
// writes it again. err() passes stderr, which holds nothing.
// RUN: not %forkcheck --threads=no --disable=all --enable=unflushed-stdio-before-fork %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: %forkcheck --threads=no --disable=all --enable=unflushed-stdio-before-fork %s -- -DTO_STDERR | FileCheck %s --allow-empty --check-prefix=ERR --implicit-check-not='{{warning|note}}:'
// CHECK: stream-parameter.c:42:15: warning: output written to stdout before this fork is still in its buffer
// CHECK: stream-parameter.c:39:3: note: 'out', called here, leaves output in stdout's buffer
// CHECK: stream-parameter.c:32:3: note: 'verr', called here, leaves output in stdout's buffer
// CHECK: stream-parameter.c:23:3: note: 'fputs' writes to stdout here, and nothing flushes it before the fork
// CHECK: stream-parameter.c:45:5: note: the copied buffer is flushed here in the child, by 'exit'
// CHECK: stream-parameter.c:42:15: note: call fflush(NULL) before fork()
// ERR-NOT: warning:
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void verr(FILE *stream, const char *format, va_list ap) {
  char buf[256];
  vsnprintf(buf, sizeof buf, format, ap);
  fputs(buf, stream);
}

void out(const char *format, ...) {
  va_list ap;
  va_start(ap, format);
#ifdef TO_STDERR
  verr(stderr, format, ap);
#else
  verr(stdout, format, ap);
#endif
  va_end(ap);
}

int main(void) {
  char line[128];
  out("pdsh> ");
  if (!fgets(line, sizeof line, stdin))
    return 0;
  pid_t pid = fork();
  if (pid == 0) {
    puts(line);
    exit(0);
  }
  waitpid(pid, NULL, 0);
  return 0;
}
