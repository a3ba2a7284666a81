// sysconf() with a constant name that glibc answers from a system call or a
// constant (_SC_OPEN_MAX, _SC_PAGESIZE, _SC_CLK_TCK, ...) is safe in the
// linux profile; so is __sysconf, which PTHREAD_STACK_MIN expands to, and
// getpagesize(). A name glibc answers by reading /proc or /sys, or one that
// is not a constant, is not known to be safe; --profile=posix has none of
// them on its list.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s --threads=yes -- -D_GNU_SOURCE | FileCheck %s --check-prefix=LINUX --implicit-check-not=warning:
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s --threads=yes --profile=posix -- -D_GNU_SOURCE | FileCheck %s --check-prefix=POSIX --implicit-check-not=warning:
#include <limits.h>
#include <pthread.h>
#include <unistd.h>

long limits(int name) {
  pid_t pid = fork();
  if (pid == 0) {
    // POSIX: sysconf.c:[[@LINE+1]]:17: warning: 'sysconf' is not async-signal-safe
    long open = sysconf(_SC_OPEN_MAX);
    // POSIX: sysconf.c:[[@LINE+1]]:17: warning: 'sysconf' is not async-signal-safe
    long page = sysconf(_SC_PAGE_SIZE);
    // POSIX: sysconf.c:[[@LINE+1]]:17: warning: 'sysconf' is not async-signal-safe
    long tick = sysconf(_SC_CLK_TCK);
    // POSIX: sysconf.c:[[@LINE+1]]:18: warning: '__sysconf' is not async-signal-safe
    long stack = PTHREAD_STACK_MIN;
    // POSIX: sysconf.c:[[@LINE+1]]:17: warning: 'getpagesize' is not async-signal-safe
    long size = getpagesize();
    // LINUX: sysconf.c:[[@LINE+2]]:17: warning: 'sysconf' is not known to be async-signal-safe
    // POSIX: sysconf.c:[[@LINE+1]]:17: warning: 'sysconf' is not async-signal-safe
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    // LINUX: sysconf.c:[[@LINE+2]]:17: warning: 'sysconf' is not known to be async-signal-safe
    // POSIX: sysconf.c:[[@LINE+1]]:17: warning: 'sysconf' is not async-signal-safe
    long some = sysconf(name);
    _exit((int)(open + page + tick + stack + size + cpus + some));
  }
  return pid;
}
