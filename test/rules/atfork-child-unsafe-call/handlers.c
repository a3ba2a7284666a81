// The child handler of pthread_atfork() runs in the child of every fork:
// in a multithreaded program its unsafe calls are reported, directly or
// through the program's functions. The prepare and parent handlers run in
// the parent and are not judged; a careful child handler is clean.
// RUN: not %forkcheck --profile=posix --disable=all --enable=atfork-child-unsafe-call %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: %forkcheck --profile=posix --disable=all --enable=atfork-child-unsafe-call %s -- -pthread -DNO_THREADS | count 0
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char *cache;
static int cache_valid;

static void *worker(void *arg) { return arg; }

static void prepare(void) {
  pthread_mutex_lock(&lock);
  free(malloc(16));
}

static void parent(void) { pthread_mutex_unlock(&lock); }

static void log_reset(void) { fprintf(stderr, "reset\n"); }

static void child(void) {
  // CHECK: handlers.c:[[@LINE+5]]:11: warning: 'malloc' is not async-signal-safe and is called in 'child', a pthread_atfork() child handler, which runs in the child of a multithreaded program [atfork-child-unsafe-call]
  // CHECK: handlers.c:[[@LINE+21]]:3: note: 'child' is registered as a child handler here
  // CHECK: handlers.c:[[@LINE+26]]:15: note: it runs in the child of this fork, where another thread may be running
  // CHECK: note: another thread may be running at the fork: 'pthread_create' starts one here
  // CHECK: handlers.c:34:11: note: a child handler may call only async-signal-safe functions (and unlock what the prepare handler locked): reset state with plain assignments, allocate in the prepare handler; confirm at run time with LD_PRELOAD=libforksafe-detect.so
  cache = malloc(64);
  // CHECK: handlers.c:[[@LINE+6]]:3: warning: call to 'log_reset' reaches 'fprintf', which is not async-signal-safe, in 'child', a pthread_atfork() child handler
  // CHECK: handlers.c:26:31: note: 'log_reset' calls 'fprintf' here
  // CHECK: handlers.c:51:3: note: 'child' is registered as a child handler here
  // CHECK: handlers.c:57:15: note: it runs in the child of this fork, where another thread may be running
  // CHECK: handlers.c:55:3: note: another thread may be running at the fork: 'pthread_create' starts one here
  // CHECK: handlers.c:41:3: note: a child handler may call only async-signal-safe functions (and unlock what the prepare handler locked): reset state with plain assignments, allocate in the prepare handler; confirm at run time with LD_PRELOAD=libforksafe-detect.so
  log_reset();
  pthread_mutex_unlock(&lock);
}

static void careful_child(void) {
  cache_valid = 0;
  pthread_mutex_unlock(&lock);
}

int main(void) {
  pthread_atfork(prepare, parent, child);
  pthread_atfork(NULL, NULL, careful_child);
#ifndef NO_THREADS
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
#endif
  pid_t pid = fork();
  if (pid < 0)
    return 1;
  if (pid == 0)
    _exit(0);
  waitpid(pid, NULL, 0);
  return cache_valid;
}
