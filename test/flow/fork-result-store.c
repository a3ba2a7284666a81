// Storing the fork result somewhere else (a member, an array element, a
// global) copies it: the variable still holds it, and a later test of it
// still tells the child from the parent. A wrapper that records its
// children's pids and returns the result is a fork wrapper, so the exit()
// in its caller's child is found and the wrapper does not fall through.
// RUN: not %forkcheck --profile=posix --exit-cleanup=always --disable=all --enable=child-unsafe-call --enable=child-exit-cleanup --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <syslog.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void *worker(void *arg) { return arg; }
static void say(const char *m) { syslog(LOG_ERR, "%s\n", m); }

struct job {
  long pid;
};

// Positive: the child's own call is still the child's after the store.
// CHECK: fork-result-store.c:[[#@LINE+9]]:5: warning: call to 'say' reaches 'syslog'
// CHECK: note: 'say' calls 'syslog' here
// CHECK: note: child process created here
// CHECK: note: another thread may be running
// CHECK: note: until exec or _exit
int start(struct job *j, char **argv) {
  pid_t pid = fork();
  j->pid = pid;
  if (pid == 0) {
    say("child");
    execv(argv[0], argv);
    _exit(127);
  }
  // Negative: the parent's branches, after the store, are not the child's.
  say("parent");
  return 0;
}

int start_switch(struct job *j, char **argv) {
  pid_t pid;
  pid = fork();
  j->pid = (long)pid;
  switch (pid) {
  case -1:
    say("fork failed");
    return -1;
  case 0:
    execv(argv[0], argv);
    _exit(127);
  default:
    say("started");
    return 0;
  }
}

static pid_t children[16];
static int n_children;

pid_t fork_recorded(void) {
  pid_t pid = fork();
  if (pid > 0)
    children[n_children++] = pid;
  return pid;
}

static void drop_tmp(void) { unlink("/tmp/job.tmp"); }

// CHECK: fork-result-store.c:[[#@LINE+10]]:5: warning: 'exit' in the child of fork()
// CHECK: note: child process created here
// CHECK: note: another thread may be running
// CHECK: note: use _exit() in the child
int run(char **argv) {
  pid_t pid = fork_recorded();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    execv(argv[0], argv);
    exit(127);
  }
  return waitpid(pid, NULL, 0) == pid ? 0 : -1;
}

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  atexit(drop_tmp);
  struct job j;
  if (argc > 2)
    return start_switch(&j, argv + 1);
  return start(&j, argv + 1) || run(argv + 1);
}
