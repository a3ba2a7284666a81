// inn's makehistory: with -F it sorts each batch in a forked child, and
// every exit of code the child shares with the mode that does not fork is
// `if (Fork) _exit(1); else exit(1);`. Fork, set only by the options,
// decides whether the fork is made, and is followed before the variables
// the parent and the child set after it: the child never reaches exit().
// Reported: a fork that is not made under that test.
// RUN: %forkcheck --threads=no --disable=all --enable=child-exit-cleanup %s | count 0
// RUN: not %forkcheck --threads=no --disable=all --enable=child-exit-cleanup %s -- -DNOT_GUARDED | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static bool Fork;
static int first = 1;
static char *tmp_path;
static FILE *tmp_file;

static void remove_tmp(void) {
  if (tmp_path)
    unlink(tmp_path);
}

static void flush_batch(void) {
  int a = 0, b = 0, c = 0, d = 0;
  pid_t pid;
#ifndef NOT_GUARDED
  if (Fork)
#endif
  {
    if (!first)
      wait(NULL);
    pid = fork();
    if (pid == -1)
      exit(1);
    if (pid > 0) {
      first = 0;
      tmp_path = NULL;
      return;
    }
    a = 1;
    b = 2;
    c = 3;
    d = 4;
  }
  if (tmp_file == NULL || fflush(tmp_file) != 0) {
    if (Fork)
      _exit(1);
    else
      exit(1);
  }
  if (a && b && c && d && system("sort -o batch batch") != 0)
    puts("sort failed");
  if (a || b || c || d)
    _exit(0);
}

int main(int argc, char **argv) {
  int opt;
  while ((opt = getopt(argc, argv, "F")) != -1)
    if (opt == 'F')
      Fork = true;
  atexit(remove_tmp);
  for (int i = 0; i < 4; i++)
    flush_batch();
  return 0;
}
// CHECK: mode-exit.c:51:7: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
// CHECK: mode-exit.c:34:11: note: child process created here
// CHECK: mode-exit.c:64:3: note: the program registers 'remove_tmp' with atexit() here, and the child inherits it
// CHECK: mode-exit.c:51:7: note: use _exit() in the child
