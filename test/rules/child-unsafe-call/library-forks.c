// Library calls that return like fork() (0 in the child, the pid in the
// parent) are fork sites: FreeBSD's pdfork, illumos' fork1 and forkx. APR's
// apr_proc_fork() is not one (it returns APR_INCHILD or APR_INPARENT); nor
// is a function the program only declares, unless --fork-function names it.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s --threads=yes | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s --threads=yes --fork-function=sandbox_fork --fork-function=other_fork | FileCheck %s --check-prefixes=CHECK,OPT --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <unistd.h>

pid_t pdfork(int *fdp, int flags);
pid_t fork1(void);
pid_t forkx(int flags);
pid_t sandbox_fork(void);
int apr_proc_fork(void *proc, void *pool);
#define APR_INCHILD 70005

void with_pdfork(void) {
  int fd;
  if (pdfork(&fd, 0) == 0) {
    // CHECK: library-forks.c:[[@LINE+4]]:5: warning: 'puts' is not async-signal-safe
    // CHECK: library-forks.c:[[@LINE-2]]:7: note: child process created here
    // CHECK: library-forks.c:[[@LINE-3]]:7: note: another thread is assumed to be running at the fork (--threads=yes)
    // CHECK: library-forks.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    puts("child");
    _exit(0);
  }
}

void with_forkx(void) {
  pid_t pid = forkx(0);
  if (pid == 0) {
    // CHECK: library-forks.c:[[@LINE+4]]:5: warning: 'printf' is not async-signal-safe
    // CHECK: library-forks.c:[[@LINE-3]]:15: note: child process created here
    // CHECK: library-forks.c:[[@LINE-4]]:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // CHECK: library-forks.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    printf("child %d\n", (int)getpid());
    _exit(0);
  }
}

void careful_fork1(void) {
  if (fork1() == 0) {
    write(2, "child\n", 6);
    _exit(0);
  }
}

void with_sandbox(void) {
  if (sandbox_fork() == 0) {
    // OPT: library-forks.c:[[@LINE+4]]:5: warning: 'puts' is not async-signal-safe
    // OPT: library-forks.c:[[@LINE-2]]:7: note: child process created here
    // OPT: library-forks.c:[[@LINE-3]]:7: note: another thread is assumed to be running at the fork (--threads=yes)
    // OPT: library-forks.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    puts("sandboxed");
    _exit(0);
  }
}

void with_apr(void *proc, void *pool) {
  if (apr_proc_fork(proc, pool) == APR_INCHILD) {
    puts("apr child");
    _exit(0);
  }
}
