// What a function of the program called in the child flushes: closing a
// pipe it opened with fdopen() writes that pipe, not the copy of stdout's
// buffer, and a lock helper called with the flag that skips its exit()
// does not exit. A helper that flushes everything, or the lock helper
// called with the flag that reaches its exit(), writes the copy.
// RUN: not %forkcheck --disable=all --enable=unflushed-stdio-before-fork %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int lock_fd = -1;

static void hold_lock(int release) {
  if (release) {
    close(lock_fd);
    return;
  }
  lock_fd = open("/run/lock", O_RDWR | O_CREAT, 0600);
  if (lock_fd < 0)
    exit(1);
}

static void send_report(int fd) {
  FILE *out = fdopen(fd, "w");
  if (!out)
    _exit(1);
  fputs("report\n", out);
  fclose(out);
}

static void flush_all(void) { fflush(NULL); }

void run_job(int fd) {
  printf("starting job\n");
  if (fork() == 0) {
    hold_lock(1);
    send_report(fd);
    _exit(0);
  }
}

void run_job_flushing(void) {
  printf("starting job\n");
  // CHECK: child-flush-calls.c:[[@LINE+1]]:7: warning: output written to stdout before this fork is still in its buffer{{.*}} [unflushed-stdio-before-fork]
  if (fork() == 0) {
    // CHECK: child-flush-calls.c:[[@LINE-3]]:3: note: 'printf' writes to stdout here
    // CHECK: child-flush-calls.c:[[@LINE+1]]:5: note: the copied buffer is flushed here in the child, by 'flush_all'
    flush_all();
    // CHECK: note: call fflush(NULL) before fork()
    _exit(0);
  }
}

void run_job_locking(void) {
  printf("starting job\n");
  // CHECK: child-flush-calls.c:[[@LINE+1]]:7: warning: output written to stdout before this fork is still in its buffer{{.*}} [unflushed-stdio-before-fork]
  if (fork() == 0) {
    // CHECK: child-flush-calls.c:[[@LINE-3]]:3: note: 'printf' writes to stdout here
    // CHECK: child-flush-calls.c:[[@LINE+1]]:5: note: the copied buffer is flushed here in the child, by 'hold_lock'
    hold_lock(0);
    // CHECK: note: call fflush(NULL) before fork()
    _exit(0);
  }
}
