// Functions called through pointers (a dispatch table, a callback) run with
// whatever threads the calling point has: a command dispatched from main
// before any thread starts is single-threaded; a callback of the type a
// worker thread calls through may run with threads.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef int (*command_fn)(int argc);
typedef void (*job_fn)(const char *name);

static int cmd_gc(int argc) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid > 0)
    _exit(0);
  printf("gc detached: %d\n", argc);
  return 0;
}

static const struct {
  const char *name;
  command_fn fn;
} commands[] = {{"gc", cmd_gc}};

static void run_hook(const char *name) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: indirect-calls.c:[[@LINE+4]]:5: warning: 'printf' is not async-signal-safe
    // CHECK: indirect-calls.c:30:15: note: child process created here
    // CHECK: indirect-calls.c:[[#]]:3: note: another thread may be running at the fork: 'worker' is handed to 'pthread_create' here and may run at any time
    // CHECK: indirect-calls.c:36:5: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    printf("hook %s\n", name);
    _exit(0);
  }
}

static job_fn jobs[] = {run_hook};

static void *worker(void *arg) {
  jobs[0]((const char *)arg);
  return NULL;
}

int main(int argc, char **argv) {
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (argc > 1 && !strcmp(argv[1], commands[i].name))
      return commands[i].fn(argc);
  pthread_t t;
  pthread_create(&t, NULL, worker, "post-commit");
  pthread_join(t, NULL);
  return 0;
}
