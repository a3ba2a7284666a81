// A function that returns the process's role (0 in the child, -1 in a
// parent that failed to hear from its child) leaves the parent's end to its
// callers: spiped's daemonize() waits for the child's poke and _exit()s, or
// returns -1, and main then exits. Reported when a caller goes on in the
// parent (-DGOES_ON) and comes back to the call (a supervisor's loop): the
// daemons it left are never waited for.
// RUN: %forkcheck --threads=no --disable=all --enable=missing-wait %s | FileCheck %s --allow-empty --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --threads=no --disable=all --enable=missing-wait %s -- -DGOES_ON | FileCheck %s --check-prefix=ON --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int poke_wait(int fd) {
  char c;
  return read(fd, &c, 1) == 1 ? 0 : -1;
}

int daemonize(void) {
  int fds[2];
  if (pipe(fds))
    return -1;
  // ON: role-to-callers.c:[[@LINE+1]]:11: warning: the child of this 'fork' is never waited for
  switch (fork()) {
  case -1:
    return -1;
  case 0:
    break;
  default:
    if (poke_wait(fds[0]))
      return -1;
    _exit(0);
  }
  // ON: note: no wait for it on the parent's path
  // ON: note: wait for the child with waitpid()
  setsid();
  write(fds[1], "", 1);
  return 0;
}

static void serve(void) {
  while (getchar() != EOF)
    puts("request");
}

int main(void) {
  for (;;) {
    if (daemonize()) {
      perror("daemonize");
#ifndef GOES_ON
      exit(1);
#endif
    }
    serve();
  }
}
