// Direct calls and chains within one file, in a program that starts a thread
// before it forks.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

static void *worker(void *arg) { return arg; }

static void log_it(const char *msg) {
  syslog(LOG_INFO, "%s", msg);
}

static void prepare(void) {
  log_it("child");
}

static int careful(int fd) {
  return dup2(fd, 1) < 0 ? -1 : close(fd);
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    return 1;
  }
  if (pid == 0) {
    // CHECK: direct-and-chain.c:[[@LINE+6]]:5: warning: 'printf' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
    // CHECK-NEXT: {{^}}    printf("in child\n");
    // CHECK-NEXT: {{^}}    ^
    // CHECK: direct-and-chain.c:[[#FORK:]]:15: note: child process created here
    // CHECK: direct-and-chain.c:27:3: note: another thread may be running at the fork: 'pthread_create' starts one here
    // CHECK: direct-and-chain.c:40:5: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    printf("in child\n");
    // CHECK: direct-and-chain.c:[[@LINE+6]]:5: warning: call to 'prepare' reaches 'syslog', which is not async-signal-safe, in the child of a multithreaded program [child-unsafe-call]
    // CHECK: direct-and-chain.c:18:3: note: 'prepare' calls 'log_it' here
    // CHECK: direct-and-chain.c:14:3: note: 'log_it' calls 'syslog' here
    // CHECK: note: child process created here
    // CHECK: direct-and-chain.c:27:3: note: another thread may be running at the fork: 'pthread_create' starts one here
    // CHECK: direct-and-chain.c:47:5: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    prepare();
    // CHECK: direct-and-chain.c:[[@LINE+4]]:15: warning: 'malloc' is not async-signal-safe
    // CHECK: direct-and-chain.c:28:15: note: child process created here
    // CHECK: direct-and-chain.c:27:3: note: another thread may be running at the fork: 'pthread_create' starts one here
    // CHECK: direct-and-chain.c:52:15: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    char *p = malloc(16);
    careful(3);
    write(1, "ok\n", 3);
    _exit(p != NULL);
  }
  printf("parent\n");
  waitpid(pid, NULL, 0);
  prepare();
  return 0;
}
