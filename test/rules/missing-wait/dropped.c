// A fork whose child nobody waits for: the parent's path has no wait, the
// pid goes nowhere, and the program does not reap on SIGCHLD. Each fork
// runs more than once: the zombies pile up (a fork that runs once:
// once.c).
// RUN: not %forkcheck --disable=all --enable=missing-wait %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

void handle(int fd);

void start_heartbeat(void) {
  // CHECK: dropped.c:[[@LINE+3]]:15: warning: the child of this 'fork' is never waited for: it stays a zombie until the parent exits [missing-wait]
  // CHECK: dropped.c:[[@LINE+2]]:15: note: no wait for it on the parent's path, its pid is not kept for a reaper, and the program neither reaps on SIGCHLD nor ignores SIGCHLD
  // CHECK: dropped.c:[[@LINE+1]]:15: note: wait for the child with waitpid() (forksafe_wait() retries on EINTR), keep its pid for the code that reaps it, or set SIGCHLD to SIG_IGN if its status is not needed
  pid_t pid = fork();
  if (pid < 0) {
    perror("heartbeat");
    return;
  }
  if (pid == 0) {
    (void)!write(2, "alive\n", 6);
    _exit(0);
  }
}

void serve(int listener) {
  for (;;) {
    int fd = accept(listener, NULL, NULL);
    if (fd < 0)
      continue;
    // CHECK: dropped.c:[[@LINE+3]]:9: warning: the child of this 'fork' is never waited for
    // CHECK: dropped.c:[[@LINE+2]]:9: note: no wait for it on the parent's path, its pid is not kept for a reaper, and the program neither reaps on SIGCHLD nor ignores SIGCHLD
    // CHECK: dropped.c:[[@LINE+1]]:9: note: wait for the child with waitpid() (forksafe_wait() retries on EINTR), keep its pid for the code that reaps it, or set SIGCHLD to SIG_IGN if its status is not needed; confirm at run time with LD_PRELOAD=libforksafe-detect.so
    if (fork() == 0) {
      handle(fd);
      _exit(0);
    }
    close(fd);
  }
}

int main(void) {
  for (int i = 0; i < 3; i++)
    start_heartbeat();
  serve(3);
  return 0;
}
