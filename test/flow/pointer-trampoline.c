// A thread trampoline: the program's thread-create wrapper stores the start
// routine it is given in a struct, and the routine pthread_create() runs
// copies it into a local that it then calls (collectd's
// plugin_thread_create() and plugin_thread_start()). The local holds what
// the struct's member holds, which holds what the wrapper's callers pass:
// exec_thread, whose child formats with strerror() while the other threads
// run. The program's other functions of that type (its command handlers)
// are not run by the thread: cmd_spawn's child is single-threaded. A local
// assigned again after its initializer (`start = fallback;`) is not taken
// to hold the member's functions only: there, with more than four
// functions of its type, the call runs none known.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: %forkcheck --disable=all --enable=child-unsafe-call %s -- -DREASSIGNED | count 0
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  void *(*start_routine)(void *);
  void *arg;
} thread_t;

static void *idle(void *arg) { return arg; }

static void *trampoline(void *arg) {
  thread_t *t = arg;
  void *(*start)(void *) = t->start_routine;
  void *start_arg = t->arg;
  free(t);
#ifdef REASSIGNED
  if (start_arg == NULL)
    start = idle;
#endif
  return start(start_arg);
}

int thread_create(pthread_t *th, void *(*start_routine)(void *), void *arg) {
  thread_t *t = malloc(sizeof *t);
  if (t == NULL)
    return -1;
  t->start_routine = start_routine;
  t->arg = arg;
  return pthread_create(th, NULL, trampoline, t);
}

static void *exec_thread(void *arg) {
  if (fork() == 0) {
    char msg[128];
    strncpy(msg, strerror(2), sizeof msg - 1);
    _exit(1);
  }
  return arg;
}

void *cmd_list(void *arg) { return arg; }
void *cmd_stat(void *arg) { return arg; }
void *cmd_quit(void *arg) { return arg; }
void *cmd_spawn(void *arg) {
  if (fork() == 0) {
    char msg[128];
    strncpy(msg, strerror(2), sizeof msg - 1);
    _exit(1);
  }
  return arg;
}
void *(*commands[])(void *) = {cmd_list, cmd_stat, cmd_quit, cmd_spawn, idle};

int main(int argc, char **argv) {
  pthread_t th;
  commands[argc % 5](argv);
#ifndef REASSIGNED
  thread_create(&th, exec_thread, NULL);
#else
  thread_create(&th, idle, NULL);
#endif
  return pthread_join(th, NULL);
}
// CHECK: pointer-trampoline.c:50:18: warning: 'strerror' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
// CHECK: pointer-trampoline.c:48:7: note: child process created here
// CHECK: note: another thread may be running at the fork
// CHECK: pointer-trampoline.c:50:18: note: until exec or _exit
