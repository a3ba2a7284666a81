// An assignment's value is what it stores, into an array element or a
// member too: `(args[i] = strdup(s)) == NULL` tests strdup()'s result, and
// its exit() runs only when the allocation failed (sysstat's salloc(), in
// sar's child before it execs sadc): not reported. The same store of
// open()'s result, tested and exiting, is a setup failure: reported.
// RUN: not %forkcheck --exit-cleanup=always --threads=no --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *args[8];
static int fds[2];

static void salloc(int i, const char *s) {
  if ((args[i] = strdup(s)) == NULL) {
    perror("strdup");
    exit(4);
  }
}

static void open_in(int i, const char *path) {
  if ((fds[i] = open(path, O_RDONLY)) < 0) {
    perror(path);
    exit(4);
  }
}

int main(void) {
  pid_t pid = fork();
  if (pid == 0) {
    salloc(0, "sadc");
    // CHECK: alloc-failure-store.c:[[@LINE+4]]:5: warning: call to 'open_in' reaches 'exit', which runs the parent's exit-time cleanup in the child of fork()
    // CHECK: alloc-failure-store.c:27:5: note: 'open_in' calls 'exit' here
    // CHECK: alloc-failure-store.c:[[@LINE-5]]:15: note: child process created here
    // CHECK: alloc-failure-store.c:[[@LINE+1]]:5: note: use _exit() in the child
    open_in(0, "/etc/sadc.conf");
    execv("/usr/lib/sysstat/sadc", args);
    _exit(127);
  }
  waitpid(pid, NULL, 0);
  return 0;
}
