// sysconf() with a constant name that glibc answers from a system call or a
// constant (_SC_OPEN_MAX, _SC_PAGESIZE, _SC_CLK_TCK, ...) is safe in the
// linux profile; so is __sysconf, which PTHREAD_STACK_MIN expands to,
// getpagesize(), and getdtablesize() (sysconf(_SC_OPEN_MAX) in glibc). A name glibc answers by reading /proc or /sys, or one that
// is not a constant, is not known to be safe; --profile=posix has none of
// them on its list.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s --threads=yes -- -D_GNU_SOURCE | FileCheck %s --check-prefix=LINUX --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s --threads=yes --profile=posix -- -D_GNU_SOURCE | FileCheck %s --check-prefix=POSIX --implicit-check-not='{{warning|note}}:'
#include <limits.h>
#include <pthread.h>
#include <unistd.h>

long limits(int name) {
  pid_t pid = fork();
  if (pid == 0) {
    // POSIX: sysconf.c:[[@LINE+4]]:17: warning: 'sysconf' is not async-signal-safe
    // POSIX: sysconf.c:14:15: note: child process created here
    // POSIX: sysconf.c:14:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX: sysconf.c:20:17: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    long open = sysconf(_SC_OPEN_MAX);
    // POSIX: sysconf.c:[[@LINE+4]]:17: warning: 'sysconf' is not async-signal-safe
    // POSIX: sysconf.c:14:15: note: child process created here
    // POSIX: sysconf.c:14:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX: sysconf.c:25:17: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    long page = sysconf(_SC_PAGE_SIZE);
    // POSIX: sysconf.c:[[@LINE+4]]:17: warning: 'sysconf' is not async-signal-safe
    // POSIX: sysconf.c:14:15: note: child process created here
    // POSIX: sysconf.c:14:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX: sysconf.c:30:17: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    long tick = sysconf(_SC_CLK_TCK);
    // POSIX: sysconf.c:[[@LINE+4]]:18: warning: '__sysconf' is not async-signal-safe
    // POSIX: sysconf.c:14:15: note: child process created here
    // POSIX: sysconf.c:14:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX: sysconf.c:35:18: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    long stack = PTHREAD_STACK_MIN;
    // POSIX: sysconf.c:[[@LINE+4]]:17: warning: 'getpagesize' is not async-signal-safe
    // POSIX: sysconf.c:14:15: note: child process created here
    // POSIX: sysconf.c:14:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX: sysconf.c:40:17: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    long size = getpagesize();
    // LINUX: sysconf.c:[[@LINE+8]]:17: warning: 'sysconf' is not known to be async-signal-safe
    // LINUX: sysconf.c:14:15: note: child process created here
    // LINUX: sysconf.c:14:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // LINUX: sysconf.c:49:17: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    // POSIX: sysconf.c:[[@LINE+4]]:17: warning: 'sysconf' is not async-signal-safe
    // POSIX: sysconf.c:14:15: note: child process created here
    // POSIX: sysconf.c:14:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX: sysconf.c:49:17: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    // LINUX: sysconf.c:[[@LINE+8]]:17: warning: 'sysconf' is not known to be async-signal-safe
    // LINUX: sysconf.c:14:15: note: child process created here
    // LINUX: sysconf.c:14:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // LINUX: sysconf.c:58:17: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    // POSIX: sysconf.c:[[@LINE+4]]:17: warning: 'sysconf' is not async-signal-safe
    // POSIX: sysconf.c:14:15: note: child process created here
    // POSIX: sysconf.c:14:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX: sysconf.c:58:17: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    long some = sysconf(name);
    // POSIX: sysconf.c:[[@LINE+4]]:16: warning: 'getdtablesize' is not async-signal-safe
    // POSIX: sysconf.c:14:15: note: child process created here
    // POSIX: sysconf.c:14:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX: sysconf.c:[[@LINE+1]]:16: note: until exec or _exit
    long fds = getdtablesize();
    _exit((int)(open + page + tick + stack + size + cpus + some + fds));
  }
  return pid;
}
