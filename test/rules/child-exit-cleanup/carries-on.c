// A server forks per connection, and the child sets itself up and returns
// from the accept loop to handle the connection, while the parent stays in
// the loop for ever: the child carries on the program's work, and an exit()
// on its way out of the loop (a failed setup) is the process's own end. When
// the parent can leave the loop and return too, the child's exit() is
// reported.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int reopen_log(void);
extern volatile int stop_requested;

void accept_forever(int lfd, int *conn) {
  for (;;) {
    int fd = accept(lfd, NULL, NULL);
    if (fd < 0)
      continue;
    pid_t pid = fork();
    if (pid == 0) {
      close(lfd);
      if (reopen_log() != 0)
        exit(1);
      *conn = fd;
      return;
    }
    close(fd);
  }
}

void accept_until_stopped(int lfd, int *conn) {
  while (!stop_requested) {
    int fd = accept(lfd, NULL, NULL);
    if (fd < 0)
      continue;
    pid_t pid = fork();
    if (pid == 0) {
      close(lfd);
      if (reopen_log() != 0)
        // CHECK: carries-on.c:[[@LINE+4]]:9: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup{{.*}} [child-exit-cleanup]
        // CHECK: carries-on.c:[[@LINE-5]]:17: note: child process created here
        // CHECK: carries-on.c:{{[0-9]+}}:{{[0-9]+}}: note: 'flush_logs' is a destructor function of the program: exit() runs it in the child too
        // CHECK: carries-on.c:[[@LINE+1]]:9: note: use _exit() in the child
        exit(1);
      *conn = fd;
      return;
    }
    close(fd);
  }
  *conn = -1;
}

/* The program's exit-time work, which exit() in a child runs again. */
__attribute__((destructor)) static void flush_logs(void) { fsync(2); }
