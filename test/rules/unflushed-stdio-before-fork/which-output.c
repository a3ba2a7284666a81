// Only output that can really be in the buffer at the fork counts, and the
// child flushes only the streams it flushes:
// - a write on a path that then leaves main before any fork (a --version
//   answered in a helper whose result main tests, or under a mode variable
//   that main tests again to exit) is never buffered at a fork;
// - a write under a mode that goes on to fork (verbose) is;
// - fclose() of a stream the child opened with fdopen() on a pipe flushes
//   that stream, not stdout; fflush(stdout) and fflush(NULL) flush stdout.
// RUN: not %forkcheck --disable=all --enable=unflushed-stdio-before-fork %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int verbose;
static int print_version;

static int answer_version(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--version") == 0) {
    puts("mailpipe 2.1");
    return 1;
  }
  return 0;
}

static void count_args(int argc) {
  if (argc > 3)
    printf("mailpipe: %d arguments\n", argc);
}

int pipe_report(const char *text) {
  int fds[2];
  if (pipe(fds) < 0)
    return -1;
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    FILE *to_parent = fdopen(fds[1], "w");
    if (to_parent) {
      fputs(text, to_parent);
      fclose(to_parent);
    }
    _exit(0);
  }
  return 0;
}

// CHECK: which-output.c:57:15: warning: output written to stdout before this fork is still in its buffer, and the child can flush its copy: the text appears twice when stdout is a pipe or a file [unflushed-stdio-before-fork]
// CHECK: which-output.c:97:3: note: 'echo_flushed' is called here with output still in stdout's buffer
// CHECK: which-output.c:96:3: note: 'count_args', called here, leaves output in stdout's buffer
// CHECK: which-output.c:28:5: note: 'printf' writes to stdout here, and nothing flushes it before the fork
// CHECK: which-output.c:62:5: note: the copied buffer is flushed here in the child, by 'fflush'
// CHECK: which-output.c:57:15: note: call fflush(NULL) before fork(); forksafe_fork() flushes stdio before forking

int echo_flushed(const char *text) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    fputs(text, stdout);
    fflush(stdout);
    _exit(0);
  }
  return 0;
}

// CHECK: which-output.c:75:15: warning: output written to stdout before this fork is still in its buffer
// CHECK: which-output.c:95:3: note: 'flush_all' is called here with output still in stdout's buffer
// CHECK: which-output.c:94:5: note: 'printf' writes to stdout here, and nothing flushes it before the fork
// CHECK: which-output.c:79:5: note: the copied buffer is flushed here in the child, by 'fflush'
// CHECK: which-output.c:75:15: note: call fflush(NULL) before fork()

int flush_all(void) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    fflush(NULL);
    _exit(0);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (answer_version(argc, argv))
    return 0;
  if (print_version)
    printf("mailpipe 2.1\n");
  if (print_version)
    exit(0);
  pipe_report("started");
  if (verbose)
    printf("mailpipe: verbose\n");
  flush_all();
  count_args(argc);
  echo_flushed("done");
  return 0;
}
