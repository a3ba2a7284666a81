// libev's default loop reaps every child: ev_default_loop() (the EV_DEFAULT
// macro) starts a SIGCHLD watcher that calls waitpid(-1, ..., WNOHANG)
// (data/reapers.def). i3lock's raise_loop child, never waited for by the
// code, is reaped by it. Without the default loop each stays a zombie.
// RUN: %forkcheck --disable=all --enable=missing-wait %s -- -DLIBEV | FileCheck %s --allow-empty --check-prefix=LIBEV
// RUN: not %forkcheck --disable=all --enable=missing-wait %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
// LIBEV-NOT: warning
#include <unistd.h>

struct ev_loop;
struct ev_loop *ev_default_loop(unsigned int flags);
int ev_run(struct ev_loop *loop, int flags);

static void raise_loop(void) {
  for (;;)
    pause();
}

int main(void) {
#ifdef LIBEV
  struct ev_loop *loop = ev_default_loop(0);
  ev_run(loop, 0);
#endif
  for (;;) {
    // CHECK: library-reaper.c:[[@LINE+3]]:9: warning: the child of this 'fork' is never waited for
    // CHECK: library-reaper.c:[[@LINE+2]]:9: note: no wait for it on the parent's path
    // CHECK: library-reaper.c:[[@LINE+1]]:9: note: wait for the child with waitpid()
    if (fork() == 0) {
      raise_loop();
      _exit(0);
    }
    pause();
  }
}
