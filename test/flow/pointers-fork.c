// A call through a pointer every function of which is a fork wrapper (it
// returns fork()'s result) is a fork site: its child is checked like any
// other. A pointer that may also hold a function that does not fork is not
// a fork site. A call through a pointer every function of which starts a
// thread starts one.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>

static pid_t plain_fork(void) { return fork(); }
static pid_t logged_fork(void) {
  pid_t pid = fork();
  if (pid > 0)
    (void)write(2, "forked\n", 7);
  return pid;
}
static pid_t no_fork(void) { return 0; }

struct backend {
  pid_t (*spawn)(void);
};
static const struct backend unix_backend = {plain_fork};
static const struct backend test_backend = {logged_fork};

static pid_t (*maybe_spawn)(void) = no_fork;
static void set_spawn(void) { maybe_spawn = plain_fork; }

static void *worker(void *arg) { return arg; }
static void start_worker(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
}
static void (*start_hook)(void) = start_worker;

void run(const struct backend *b) {
  start_hook(); /* every target starts a thread */
  if (b->spawn() == 0) {
    // CHECK: pointers-fork.c:[[@LINE+3]]:5: warning: 'printf' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
    // CHECK: pointers-fork.c:[[@LINE-2]]:7: note: child process created here
    // CHECK: pointers-fork.c:[[@LINE-4]]:3: note: another thread may be running at the fork: 'start_hook' starts one here
    printf("child\n");
    _exit(0);
  }
  if (maybe_spawn() == 0) /* may be no_fork: not a fork site */
    printf("maybe\n");
  // CHECK: note: until exec or _exit
}

int main(int argc, char **argv) {
  (void)argv;
  set_spawn();
  run(argc > 1 ? &test_backend : &unix_backend);
  return 0;
}
