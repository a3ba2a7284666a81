// A function that may exit only deep inside, on an error path of something
// it calls (an allocator's out-of-memory exit), is not reported at each call
// in the child; a die() helper, or a function that calls one, is.
// RUN: not %forkcheck --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void oom(void) {
  fputs("out of memory\n", stderr);
  exit(1);
}

static void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (!p)
    oom();
  return p;
}

static char *dup_title(const char *s) {
  char *t = xmalloc(strlen(s) + 1);
  return strcpy(t, s);
}

static void set_title(const char *s) {
  free(dup_title(s));
}

static void die(const char *msg) {
  perror(msg);
  exit(1);
}

static void require(int ok, const char *msg) {
  if (!ok)
    die(msg);
}

int main(void) {
  pid_t pid = fork();
  if (pid == 0) {
    set_title("child");
    // CHECK: deep-error-exit.c:[[@LINE+6]]:5: warning: call to 'require' reaches 'exit'
    // CHECK: deep-error-exit.c:38:5: note: 'require' calls 'die' here
    // CHECK: deep-error-exit.c:33:3: note: 'die' calls 'exit' here
    // CHECK: deep-error-exit.c:42:15: note: child process created here
    // CHECK: deep-error-exit.c:{{[0-9]+}}:{{[0-9]+}}: note: 'flush_logs' is a destructor function of the program: exit() runs it in the child too
    // CHECK: deep-error-exit.c:51:5: note: use _exit() in the child: it ends the process without running the parent's atexit handlers or flushing its stdio buffers; confirm at run time with LD_PRELOAD=libforksafe-detect.so
    require(chdir("/") == 0, "chdir");
    _exit(0);
  }
  return 0;
}

/* The program's exit-time work, which exit() in a child runs again. */
__attribute__((destructor)) static void flush_logs(void) { fsync(2); }
