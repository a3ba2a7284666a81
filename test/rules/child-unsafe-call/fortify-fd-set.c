// FD_SET and FD_ISSET under _FORTIFY_SOURCE call glibc's bounds checks,
// __fdelt_chk() or, for a constant descriptor, __fdelt_warn() (the same
// function, declared with a compile-time warning): no lock, no allocation,
// safe in the linux profile (kitty's child sets up its select() so). Under
// the posix profile they are not POSIX functions: reported.
// RUN: %forkcheck --threads=yes --disable=all --enable=child-unsafe-call %s -- -O2 -D_FORTIFY_SOURCE=2
// RUN: not %forkcheck --profile=posix --threads=yes --disable=all --enable=child-unsafe-call %s -- -O2 -D_FORTIFY_SOURCE=2 | FileCheck %s --check-prefix=POSIX
#include <sys/select.h>
#include <unistd.h>

void watch(int fd) {
  if (fork() == 0) {
    fd_set set;
    FD_ZERO(&set);
    // POSIX: fortify-fd-set.c:[[@LINE+1]]:5: warning: {{.*}}'__fdelt_chk' are not async-signal-safe
    FD_SET(3, &set);
    // POSIX: fortify-fd-set.c:[[@LINE+1]]:5: warning: {{.*}}'__fdelt_chk' and '__fdelt_warn' are not async-signal-safe
    FD_SET(fd, &set);
    select(fd + 1, &set, NULL, NULL, NULL);
    _exit(0);
  }
}
