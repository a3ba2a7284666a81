// A thread the child of a fork starts before its exit() exists in no
// process that comes round the loop to fork again, though the CFG takes
// `case 0:` on into the parent's `default:` (pdsh's prompt loop: each
// command runs in a child that starts the worker threads). A parent that
// runs a command itself before it forks again has threads there.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void *work(void *a) { return a; }

int dsh(const char *cmd) {
  pthread_t t;
  pthread_create(&t, NULL, work, (void *)cmd);
  printf("%s\n", cmd);
  return 0;
}

static void prompt_loop(void) {
  char buf[100];
  while (fgets(buf, sizeof buf, stdin)) {
    if (strcmp(buf, "quit\n") == 0)
      break;
    pid_t pid;
    switch (pid = fork()) {
    case -1:
      perror("fork");
      exit(1);
    case 0:
      dsh(buf);
      _exit(0);
    default:
      waitpid(pid, NULL, 0);
    }
  }
}

static void local_then_fork(void) {
  char buf[100];
  while (fgets(buf, sizeof buf, stdin)) {
    if (buf[0] == '!') {
      dsh(buf + 1);
      continue;
    }
    pid_t pid = fork();
    if (pid == 0) {
      // CHECK: thread-in-child-loop.c:[[@LINE+5]]:7: warning: call to 'dsh' reaches 'pthread_create' and 'printf', which are not async-signal-safe, in the child of a multithreaded program [child-unsafe-call]
      // CHECK: note: 'dsh' calls 'pthread_create' here
      // CHECK: note: 'dsh' calls 'printf' here
      // CHECK: note: child process created here
      // CHECK: note: another thread may be running at the fork
      dsh(buf);
      // CHECK: note: 'dsh' calls 'pthread_create' here
      // CHECK: note: until exec or _exit
      _exit(0);
    }
    waitpid(pid, NULL, 0);
  }
}

int main(int argc, char **argv) {
  if (argc > 2)
    local_then_fork();
  else
    prompt_loop();
  return 0;
}
