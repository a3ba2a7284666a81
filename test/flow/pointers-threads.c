// Threads that may exist when a call through a pointer is made may exist in
// every function the pointer may hold, not only the first one found: a
// command table whose handlers run from one dispatcher after a thread
// started. A handler that forks then calls printf() in its child is
// reported; the same program without the thread start is not.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -DNO_THREAD | FileCheck %s --check-prefix=NONE --allow-empty --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

struct command {
  const char *name;
  void (*proc)(int);
};

static void ping_command(int fd) { (void)write(fd, "+PONG\r\n", 7); }
static void info_command(int fd) { (void)write(fd, "+OK\r\n", 5); }

static void debug_command(int fd) {
  if (fork() == 0) {
    // CHECK: pointers-threads.c:[[@LINE+2]]:5: warning: 'dprintf' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
    // CHECK: pointers-threads.c:[[@LINE-2]]:7: note: child process created here
    dprintf(fd, "debugging\n");
    _exit(0);
  }
}

static const struct command table[] = {
    {"ping", ping_command}, {"info", info_command}, {"debug", debug_command}};

static void dispatch(int which, int fd) { table[which].proc(fd); }

static void *io_thread(void *arg) { return arg; }

int main(int argc, char **argv) {
  (void)argv;
#ifndef NO_THREAD
  pthread_t t;
  // CHECK: pointers-threads.c:[[@LINE+1]]:3: note: another thread may be running at the fork: 'pthread_create' starts one here
  pthread_create(&t, NULL, io_thread, NULL);
#endif
  dispatch(argc % 3, 1);
  // CHECK: note: until exec or _exit
  return 0;
}
// NONE-NOT: {{.}}
