// The safe list: POSIX plus Linux syscall wrappers by default,
// --profile=posix for the strict list, --safe-function to add names.
// Functions without a definition in the program and unknown to the list are
// "not known to be" async-signal-safe.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s --threads=yes | FileCheck %s --check-prefix=LINUX --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s --threads=yes --profile=posix | FileCheck %s --check-prefixes=LINUX,POSIX --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s --threads=yes --safe-function=custom_reset --safe-function=prctl --profile=posix | FileCheck %s --check-prefix=POSIX2 --implicit-check-not='{{warning|note}}:'
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/time.h>
#include <unistd.h>

void custom_reset(void);
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static sem_t ready;

int main(void) {
  pid_t pid = fork();
  if (pid == 0) {
    // LINUX: safe-list.c:[[@LINE+4]]:5: warning: 'custom_reset' is not known to be async-signal-safe
    // LINUX: safe-list.c:[[@LINE-3]]:15: note: child process created here
    // LINUX: safe-list.c:[[@LINE-4]]:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // LINUX: safe-list.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    custom_reset();
    // POSIX: safe-list.c:[[@LINE+4]]:5: warning: 'prctl' is not async-signal-safe
    // POSIX: safe-list.c:[[@LINE-8]]:15: note: child process created here
    // POSIX: safe-list.c:[[@LINE-9]]:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX: safe-list.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    prctl(PR_SET_PDEATHSIG, 9);
    // POSIX: safe-list.c:[[@LINE+8]]:5: warning: 'close_range' is not async-signal-safe
    // POSIX: safe-list.c:[[@LINE-13]]:15: note: child process created here
    // POSIX: safe-list.c:[[@LINE-14]]:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX: safe-list.c:[[@LINE+5]]:5: note: until exec or _exit, call only async-signal-safe functions
    // POSIX2: safe-list.c:[[@LINE+4]]:5: warning: 'close_range' is not async-signal-safe
    // POSIX2: safe-list.c:[[@LINE-17]]:15: note: child process created here
    // POSIX2: safe-list.c:[[@LINE-18]]:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX2: safe-list.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    close_range(3, ~0U, 0);
    struct timeval tv;
    // POSIX: safe-list.c:[[@LINE+8]]:5: warning: 'gettimeofday' is not async-signal-safe
    // POSIX: safe-list.c:22:15: note: child process created here
    // POSIX: safe-list.c:22:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX: safe-list.c:[[@LINE+5]]:5: note: until exec or _exit, call only async-signal-safe functions
    // POSIX2: safe-list.c:[[@LINE+4]]:5: warning: 'gettimeofday' is not async-signal-safe
    // POSIX2: safe-list.c:22:15: note: child process created here
    // POSIX2: safe-list.c:22:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX2: safe-list.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    gettimeofday(&tv, NULL);
    // Pure string functions the C library has besides POSIX's list.
    char spec[] = "a:b", *rest = spec;
    // POSIX: safe-list.c:[[@LINE+8]]:10: warning: 'strsep' is not async-signal-safe
    // POSIX: safe-list.c:22:15: note: child process created here
    // POSIX: safe-list.c:22:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX: safe-list.c:[[@LINE+5]]:10: note: until exec or _exit, call only async-signal-safe functions
    // POSIX2: safe-list.c:[[@LINE+4]]:10: warning: 'strsep' is not async-signal-safe
    // POSIX2: safe-list.c:22:15: note: child process created here
    // POSIX2: safe-list.c:22:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX2: safe-list.c:[[@LINE+1]]:10: note: until exec or _exit, call only async-signal-safe functions
    if (!strsep(&rest, ":"))
      _exit(1);
    // Destroying what the child no longer needs takes no lock and never
    // waits in glibc (pthread_cond_destroy can wait, and is not listed).
    // POSIX: safe-list.c:[[@LINE+8]]:5: warning: 'pthread_mutex_destroy' is not async-signal-safe
    // POSIX: safe-list.c:22:15: note: child process created here
    // POSIX: safe-list.c:22:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX: safe-list.c:[[@LINE+5]]:5: note: until exec or _exit, call only async-signal-safe functions
    // POSIX2: safe-list.c:[[@LINE+4]]:5: warning: 'pthread_mutex_destroy' is not async-signal-safe
    // POSIX2: safe-list.c:22:15: note: child process created here
    // POSIX2: safe-list.c:22:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX2: safe-list.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    pthread_mutex_destroy(&lock);
    // POSIX: safe-list.c:[[@LINE+8]]:5: warning: 'sem_destroy' is not async-signal-safe
    // POSIX: safe-list.c:22:15: note: child process created here
    // POSIX: safe-list.c:22:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX: safe-list.c:[[@LINE+5]]:5: note: until exec or _exit, call only async-signal-safe functions
    // POSIX2: safe-list.c:[[@LINE+4]]:5: warning: 'sem_destroy' is not async-signal-safe
    // POSIX2: safe-list.c:22:15: note: child process created here
    // POSIX2: safe-list.c:22:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX2: safe-list.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    sem_destroy(&ready);
    // The calling thread's own cancellation flag (glibc: an atomic on the
    // thread's descriptor, no lock), and GNU basename(), a pure string function.
    int old;
    // POSIX: safe-list.c:[[@LINE+8]]:5: warning: 'pthread_setcancelstate' is not async-signal-safe
    // POSIX: safe-list.c:22:15: note: child process created here
    // POSIX: safe-list.c:22:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX: safe-list.c:[[@LINE+5]]:5: note: until exec or _exit, call only async-signal-safe functions
    // POSIX2: safe-list.c:[[@LINE+4]]:5: warning: 'pthread_setcancelstate' is not async-signal-safe
    // POSIX2: safe-list.c:22:15: note: child process created here
    // POSIX2: safe-list.c:22:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX2: safe-list.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
    // POSIX: safe-list.c:[[@LINE+8]]:10: warning: 'basename' is not async-signal-safe
    // POSIX: safe-list.c:22:15: note: child process created here
    // POSIX: safe-list.c:22:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX: safe-list.c:[[@LINE+5]]:10: note: until exec or _exit, call only async-signal-safe functions
    // POSIX2: safe-list.c:[[@LINE+4]]:10: warning: 'basename' is not async-signal-safe
    // POSIX2: safe-list.c:22:15: note: child process created here
    // POSIX2: safe-list.c:22:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // POSIX2: safe-list.c:[[@LINE+1]]:10: note: until exec or _exit, call only async-signal-safe functions
    if (!basename(spec))
      _exit(1);
    write(2, "x", 1);
    _exit(0);
  }
  return 0;
}
