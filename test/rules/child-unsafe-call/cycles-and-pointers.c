// Recursion and call cycles terminate; calls through function pointers are
// not judged.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s --threads=yes | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <unistd.h>

static void ping(int n);
static void pong(int n) { if (n) ping(n - 1); }
static void ping(int n) {
  if (n > 10)
    abort();
  if (n)
    pong(n - 1);
  else
    free(NULL);
}
static int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }

int main(int argc, char **argv) {
  void (*hook)(void) = (void (*)(void))argv[0];
  pid_t pid = fork();
  if (pid == 0) {
    hook();
    (void)fact(argc);
    // CHECK: cycles-and-pointers.c:[[@LINE+5]]:5: warning: call to 'ping' reaches 'free', which is not async-signal-safe
    // CHECK: cycles-and-pointers.c:15:5: note: 'ping' calls 'free' here
    // CHECK: cycles-and-pointers.c:21:15: note: child process created here
    // CHECK: cycles-and-pointers.c:21:15: note: another thread is assumed to be running at the fork (--threads=yes)
    // CHECK: cycles-and-pointers.c:30:5: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    ping(argc);
    _exit(0);
  }
  return 0;
}
