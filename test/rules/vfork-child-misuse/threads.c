// In a multithreaded program vfork() suspends only the calling thread: a
// call in the child that is not async-signal-safe can wait forever on a lock
// another thread holds, so it is reported with the thread evidence. A
// system call that is async-signal-safe is not.
// RUN: not %forkcheck --disable=all --enable=vfork-child-misuse %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void *worker(void *arg) { return arg; }

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pid_t pid = vfork();
  if (pid == 0) {
    dup2(1, 2);
    // CHECK: threads.c:[[@LINE+4]]:18: warning: 'strdup' in the child of vfork() is not async-signal-safe, in a multithreaded program [vfork-child-misuse]
    // CHECK: threads.c:18:15: note: child process created here by vfork(), sharing the parent's memory
    // CHECK: threads.c:17:3: note: another thread may be running at the fork: 'pthread_create' starts one here
    // CHECK: threads.c:25:18: note: in the child of vfork() end with _exit() after a failed exec, and call nothing that can exit; use fork() or posix_spawn() for anything more
    char *path = strdup(argc > 1 ? argv[1] : "/bin/true");
    execl(path, path, (char *)NULL);
    _exit(127);
  }
  int status;
  waitpid(pid, &status, 0);
  pthread_join(t, NULL);
  return status;
}
