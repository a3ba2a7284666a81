// A child that never execs and empties the exit-time callback lists it
// inherited (PostgreSQL's on_exit_reset(): the atexit() handler then runs
// none of the parent's callbacks) ends with exit() by design: not
// reported. Reported: a child that resets on one path only, one that does
// not reset, and an exit() after a failed exec, which still flushes the
// copied stdio buffers.
// RUN: not %forkcheck --exit-cleanup=always --threads=no --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

typedef void (*exit_cb)(int code);
static exit_cb callbacks[8];
static int n_callbacks;

static void atexit_callback(void) {
  while (--n_callbacks >= 0)
    callbacks[n_callbacks](1);
}

void on_proc_exit(exit_cb cb) {
  if (n_callbacks == 0)
    atexit(atexit_callback);
  callbacks[n_callbacks++] = cb;
}

void on_exit_reset(void) { n_callbacks = 0; }

static void remove_pidfile(int code) {
  (void)code;
  unlink("/run/server.pid");
}

static void do_work(void) {}

pid_t start_worker(void) {
  pid_t pid = fork();
  if (pid != 0)
    return pid;
  on_exit_reset();
  do_work();
  exit(0);
}

pid_t start_checker(int quick) {
  pid_t pid = fork();
  if (pid != 0)
    return pid;
  if (!quick)
    on_exit_reset();
  do_work();
  // CHECK: exit-reset.c:[[@LINE+4]]:3: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
  // CHECK: note: child process created here
  // CHECK: note: the program registers 'atexit_callback' with atexit() here
  // CHECK: note: use _exit() in the child
  exit(0);
}

pid_t start_logger(void) {
  pid_t pid = fork();
  if (pid != 0)
    return pid;
  do_work();
  // CHECK: exit-reset.c:[[@LINE+4]]:3: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
  // CHECK: note: child process created here
  // CHECK: note: the program registers 'atexit_callback' with atexit() here
  // CHECK: note: use _exit() in the child
  exit(0);
}

pid_t run_command(char *const argv[]) {
  pid_t pid = fork();
  if (pid != 0)
    return pid;
  on_exit_reset();
  execv(argv[0], argv);
  // CHECK: exit-reset.c:[[@LINE+3]]:3: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
  // CHECK: note: child process created here
  // CHECK: note: use _exit() in the child
  exit(127);
}

int main(int argc, char **argv) {
  on_proc_exit(remove_pidfile);
  start_worker();
  start_checker(argc > 1);
  start_logger();
  run_command(argv + 1);
  while (wait(NULL) > 0)
    ;
  return 0;
}
