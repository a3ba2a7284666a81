// Recursion and call cycles terminate; calls through function pointers are
// not judged.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s --threads=yes | FileCheck %s --implicit-check-not=warning:
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
    // CHECK: cycles-and-pointers.c:[[@LINE+1]]:5: warning: call to 'ping' reaches 'free', which is not async-signal-safe
    ping(argc);
    _exit(0);
  }
  return 0;
}
