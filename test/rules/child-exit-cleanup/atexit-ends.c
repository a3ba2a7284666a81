// A child that registers its own exit-time handler, one that ends the
// process with _exit(): handlers run last registered first, so an exit()
// after the registration runs that handler alone, and neither the parent's
// handlers nor the flush of the copied stdio buffers. An exit() before the
// registration, or after a handler that returns, is reported.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int serve(int id);
int drop_privileges(void);

static void end_now(void) { _exit(30); }

static void say_bye(void) { fputs("bye\n", stderr); }

void start_router(int id) {
  pid_t pid = fork();
  if (pid != 0)
    return;
  if (drop_privileges() != 0)
    // CHECK: atexit-ends.c:[[@LINE+4]]:5: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup{{.*}} [child-exit-cleanup]
    // CHECK: atexit-ends.c:[[@LINE-5]]:15: note: child process created here
    // CHECK: atexit-ends.c:{{[0-9]+}}:{{[0-9]+}}: note: 'flush_logs' is a destructor function of the program: exit() runs it in the child too
    // CHECK: atexit-ends.c:[[@LINE+1]]:5: note: use _exit() in the child
    exit(1);
  atexit(end_now);
  if (serve(id) != 0)
    exit(1);
  exit(0);
}

void start_logger(int id) {
  pid_t pid = fork();
  if (pid != 0)
    return;
  atexit(say_bye);
  serve(id);
  // CHECK: atexit-ends.c:[[@LINE+4]]:3: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup{{.*}} [child-exit-cleanup]
  // CHECK: atexit-ends.c:[[@LINE-6]]:15: note: child process created here
  // CHECK: atexit-ends.c:{{[0-9]+}}:{{[0-9]+}}: note: 'flush_logs' is a destructor function of the program: exit() runs it in the child too
  // CHECK: atexit-ends.c:[[@LINE+1]]:3: note: use _exit() in the child
  exit(0);
}

/* The program's exit-time work, which exit() in a child runs again. */
__attribute__((destructor)) static void flush_logs(void) { fsync(2); }
