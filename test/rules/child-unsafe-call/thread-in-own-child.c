// varnishd: the manager starts no thread; the worker child it forks does
// (child_main()). Both run CLI commands through one dispatcher over tables
// of one function type, so the child's dispatch is taken to reach the
// manager's 'start' command and the fork again. The child's threads run in
// the child: they are no evidence at the fork that made it. With a thread
// the manager starts itself (-DMANAGER_THREAD) the fork is multithreaded.
// RUN: %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s | FileCheck %s --allow-empty --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -DMANAGER_THREAD | FileCheck %s --check-prefix=THREAD
// THREAD: thread-in-own-child.c:39:5: warning: 'printf' is not async-signal-safe and is called in the child of a multithreaded program
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

typedef void cli_func_t(int arg);
static void *worker(void *arg) { return arg; }
static void child_ping(int arg) { printf("pong %d\n", arg); }
static void launch_child(void);
static void mcf_start(int arg) {
  (void)arg;
  launch_child();
}
static cli_func_t *child_cmds[] = {child_ping}, *mgt_cmds[] = {mcf_start};
static void cli_dispatch(cli_func_t **tab, int n) { tab[n](n); }

static void child_main(void) {
  pthread_t t;
  if (pthread_create(&t, NULL, worker, NULL) == 0)
    pthread_detach(t);
  cli_dispatch(child_cmds, 0);
}

static void launch_child(void) {
  pid_t pid = fork();
  if (pid < 0)
    exit(1);
  if (pid == 0) {
    printf("Child starts\n");
    child_main();
    _exit(0);
  }
  waitpid(pid, NULL, 0);
}

int main(void) {
#ifdef MANAGER_THREAD
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
#endif
  cli_dispatch(mgt_cmds, 0);
  return 0;
}
