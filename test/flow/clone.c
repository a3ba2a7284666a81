// clone() and syscall() as forks. clone(fn, stack, flags, arg) without
// CLONE_VM makes a child process that runs fn: fn is checked as that
// child's code. With CLONE_VM and CLONE_VFORK the child borrows the
// parent's memory, as after vfork(); with CLONE_THREAD (or CLONE_VM alone)
// it is a thread, which makes the program multithreaded. syscall(SYS_fork)
// and syscall(SYS_clone, flags, ...) with constant numbers are forks whose
// child returns 0 from the call. Flags that are not a constant are not
// followed: fn stays a function handed to a library.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call --enable=child-exit-cleanup --enable=vfork-child-misuse %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static char stack[1 << 16];
#define TOP (stack + sizeof stack)

static int io_thread(void *arg) {
  printf("a thread may print %p\n", arg); /* a thread, not a child */
  return 0;
}

static int sandbox_main(void *arg) {
  // CHECK: clone.c:[[@LINE+1]]:3: warning: 'fprintf' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
  fprintf(stderr, "sandbox %p\n", arg);
  // CHECK: clone.c:60:3: note: child process created here
  // CHECK: clone.c:58:3: note: another thread may be running at the fork: 'clone' starts one here
  // CHECK: note: until exec or _exit
  return 0; /* the child ends: not a fall-through */
}

static int quiet_main(void *arg) {
  (void)arg;
  (void)write(1, "quiet\n", 6);
  _exit(0);
}

static int shared_main(void *arg) {
  (void)arg;
  // CHECK: clone.c:[[@LINE+1]]:3: warning: 'exit' in the child of vfork() runs the parent's exit-time cleanup (atexit handlers, stdio flush) in the parent's memory [vfork-child-misuse]
  exit(1);
  // CHECK: clone.c:63:3: note: child process created here by vfork(), sharing the parent's memory
  // CHECK: clone.c:58:3: note: another thread may be running at the fork
  // CHECK: note: in the child of vfork()
}

static int unknown_main(void *arg) {
  puts(arg); /* flags not known: not followed */
  return 0;
}

int main(int argc, char **argv) {
  (void)argv;
  // line 58: a thread
  clone(io_thread, TOP, CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD, NULL);
  // line 60: a child process that runs sandbox_main
  clone(sandbox_main, TOP, SIGCHLD | CLONE_NEWPID | CLONE_NEWNS, NULL);
  clone(quiet_main, TOP, SIGCHLD, NULL);
  // line 63: a vfork()-like child
  clone(shared_main, TOP, CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);
  clone(unknown_main, TOP, argc > 1 ? SIGCHLD : CLONE_VM, "x");
  if (syscall(SYS_fork) == 0) {
    // CHECK: clone.c:[[@LINE+1]]:5: warning: 'puts' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
    puts("raw fork");
    // CHECK: clone.c:[[@LINE-3]]:7: note: child process created here
    // CHECK: note: another thread may be running at the fork
    // CHECK: note: until exec or _exit
    _exit(0);
  }
  if (syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0) == 0) {
    // CHECK: clone.c:[[@LINE+1]]:5: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup: its atexit handlers, and a flush of the stdio buffers copied from it [child-exit-cleanup]
    exit(0);
    // CHECK: clone.c:[[@LINE-3]]:7: note: child process created here
    // CHECK: clone.c:58:3: note: another thread may be running at the fork: 'clone' starts one here
    // CHECK: note: use _exit() in the child
  }
  return 0;
}
