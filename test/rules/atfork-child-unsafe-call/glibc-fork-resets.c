// glibc's fork() resets the allocator's and stdio's locks in the child
// before it runs the pthread_atfork() child handlers: in the linux profile
// a child handler's malloc() and fprintf() are not reported, its syslog()
// (a lock fork() does not reset) is. --profile=posix reports all three.
// RUN: not %forkcheck --disable=all --enable=atfork-child-unsafe-call %s -- -pthread | FileCheck %s --check-prefix=LINUX --implicit-check-not='warning:'
// RUN: not %forkcheck --profile=posix --disable=all --enable=atfork-child-unsafe-call %s -- -pthread | FileCheck %s --check-prefix=POSIX --implicit-check-not='warning:'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <sys/wait.h>
#include <unistd.h>

static char *scratch;

static void *worker(void *arg) { return arg; }

static void child(void) {
  // POSIX: glibc-fork-resets.c:[[@LINE+1]]:13: warning: 'malloc' is not async-signal-safe
  scratch = malloc(64);
  // POSIX: glibc-fork-resets.c:[[@LINE+1]]:3: warning: 'fprintf' is not async-signal-safe
  fprintf(stderr, "child %d\n", (int)getpid());
  // LINUX: glibc-fork-resets.c:[[@LINE+2]]:3: warning: 'syslog' is not async-signal-safe and is called in 'child', a pthread_atfork() child handler
  // POSIX: glibc-fork-resets.c:[[@LINE+1]]:3: warning: 'syslog' is not async-signal-safe
  syslog(LOG_DEBUG, "child");
}

int main(void) {
  pthread_t t;
  pthread_atfork(NULL, NULL, child);
  pthread_create(&t, NULL, worker, NULL);
  pid_t pid = fork();
  if (pid == 0)
    _exit(0);
  if (pid > 0)
    waitpid(pid, NULL, 0);
  return scratch != NULL;
}
