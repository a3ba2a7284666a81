// Functions of the program that return a fork's result are forks too,
// through any number of levels, in any file; a function that forks and
// returns only in the parent is not.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s --threads=yes | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static pid_t spawn_worker(void) {
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    exit(1);
  }
  return pid;
}

static pid_t spawn_logged(void) { return spawn_worker(); }

static pid_t run_detached(void) {
  pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/true", "true", (char *)NULL);
    _exit(127);
  }
  return pid;
}

int main(void) {
  if (spawn_logged() == 0) {
    // CHECK: fork-wrappers.c:[[@LINE+4]]:5: warning: 'puts' is not async-signal-safe
    // CHECK: fork-wrappers.c:[[@LINE-2]]:7: note: child process created here
    // CHECK: fork-wrappers.c:30:7: note: another thread is assumed to be running at the fork (--threads=yes)
    // CHECK: fork-wrappers.c:35:5: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    puts("worker");
    _exit(0);
  }
  run_detached();
  puts("parent");
  return 0;
}
