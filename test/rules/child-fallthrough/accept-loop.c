// A server forks per connection, and the child returns from the accept loop
// to handle the connection in the caller, while the parent stays in the loop
// for ever: the caller's code after the loop is the child's alone, and its
// return is not a fall-through. When the parent can leave the loop too (a
// stop request), both return to the same code, and the child's return is
// reported.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <sys/socket.h>
#include <unistd.h>

int handle(int fd);
extern volatile int stop_requested;

static void accept_forever(int lfd, int *conn) {
  for (;;) {
    int fd = accept(lfd, NULL, NULL);
    if (fd < 0)
      continue;
    pid_t pid = fork();
    if (pid == 0) {
      close(lfd);
      *conn = fd;
      return;
    }
    close(fd);
  }
}

int serve_forever(int lfd) {
  int conn;
  accept_forever(lfd, &conn);
  return handle(conn);
}

static void accept_until_stopped(int lfd, int *conn) {
  while (!stop_requested) {
    int fd = accept(lfd, NULL, NULL);
    if (fd < 0)
      continue;
    // CHECK: accept-loop.c:[[@LINE+1]]:17: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
    pid_t pid = fork();
    if (pid == 0) {
      close(lfd);
      *conn = fd;
      // CHECK: accept-loop.c:[[@LINE+1]]:7: note: the child returns from 'accept_until_stopped' here, into its caller's code
      return;
    }
    close(fd);
  }
  *conn = -1;
}
// CHECK: accept-loop.c:[[@LINE-11]]:17: note: end every path of the child with _exit() (after a failed exec too)

int serve_until_stopped(int lfd) {
  int conn;
  accept_until_stopped(lfd, &conn);
  return conn < 0 ? 0 : handle(conn);
}

// sshd's server_accept_loop(): in debugging mode it returns with the first
// connection without forking, before the fork in the same loop. The mode
// is a global only set before the loop starts: the parent, that passed
// the test to fork, passes it again each time round and never returns.
// Among the loop's many other tests (sshd's), that one is followed first.
int debug_mode;

void set_debug_mode(void) { debug_mode = 1; }
int wait_for_event(int fd);

static void accept_or_debug(int lfd, int *conn) {
  int listening = 0, lameduck = 0, active = 0, oactive = -1, ret;
  for (;;) {
    ret = wait_for_event(lfd);
    if (ret == -1)
      continue;
    if (lameduck && ret == 0)
      continue;
    if (oactive != active)
      oactive = active;
    if (listening > 8 && !lameduck)
      lameduck = 1;
    if (active > 100 || listening < 0 || oactive < 0)
      continue;
    int fd = accept(lfd, NULL, NULL);
    if (fd < 0)
      continue;
    if (debug_mode) {
      close(lfd);
      *conn = fd;
      return;
    }
    listening++;
    pid_t pid = fork();
    if (pid == 0) {
      close(lfd);
      *conn = fd;
      return;
    }
    active++;
    close(fd);
  }
}

int serve_or_debug(int lfd) {
  int conn;
  accept_or_debug(lfd, &conn);
  return handle(conn);
}
