// Output left in a copied stdio buffer is written again by the child's
// exit(). In a child that can exec, an exit() where the exec failed, or
// before it on a set-up failure, does that only when the exec (or the
// set-up) fails: with no exit-time work and no other thread, it is not
// reported (--exit-cleanup=always reports it). An exit(0) with no exec
// before it and not on a call's failure is the designed end of a way that
// does the child's own work: it writes the copy every time, and is
// reported with the write that left it. A child that never execs is
// reported with it too. With an atexit handler in the program, the
// failed exec's exit() is reported with the handler alone.
// RUN: not %forkcheck --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --exit-cleanup=always --disable=all --enable=child-exit-cleanup %s | FileCheck %s --check-prefixes=CHECK,ALWAYS --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=child-exit-cleanup %s -- -DHANDLER | FileCheck %s --check-prefixes=CHECK,HANDLER --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef HANDLER
static void remove_pidfile(void) { unlink("/run/runner.pid"); }
#endif

static int reap(pid_t pid) {
  int status;
  if (pid < 0 || waitpid(pid, &status, 0) < 0)
    return -1;
  return status;
}

int run(const char *dir, char *const argv[]) {
  pid_t pid = fork();
  if (pid == 0) {
    // ALWAYS: exec-output.c:[[@LINE+7]]:21: warning: 'exit' in the child
    // ALWAYS: exec-output.c:[[@LINE-3]]:15: note: child process created here
    // HANDLER: exec-output.c:[[@LINE+5]]:21: warning: 'exit' in the child
    // HANDLER: exec-output.c:[[@LINE-5]]:15: note: child process created here
    // HANDLER: exec-output.c:{{[0-9]+}}:3: note: the program registers 'remove_pidfile' with atexit() here, and the child inherits it
    // ALWAYS: exec-output.c:[[@LINE+2]]:21: note: use _exit() in the child
    // HANDLER: exec-output.c:[[@LINE+1]]:21: note: use _exit() in the child
    if (chdir(dir)) exit(1);
    execvp(argv[0], argv);
    // ALWAYS: exec-output.c:[[@LINE+2]]:5: note: the child calls 'exit' here too
    // HANDLER: exec-output.c:[[@LINE+1]]:5: note: the child calls 'exit' here too
    exit(127);
  }
  return reap(pid);
}

int check_only(int dry_run, char *const argv[]) {
  pid_t pid = fork();
  if (pid == 0) {
    // The dry run's own end: reported with the output it writes again.
    if (dry_run)
      // CHECK: exec-output.c:[[@LINE+6]]:7: warning: 'exit' in the child
      // CHECK: exec-output.c:[[@LINE-5]]:15: note: child process created here
      // HANDLER: exec-output.c:{{[0-9]+}}:3: note: the program registers 'remove_pidfile' with atexit() here
      // CHECK: exec-output.c:{{[0-9]+}}:7: note: 'check_only' is called here with output still in stdout's buffer
      // CHECK: exec-output.c:{{[0-9]+}}:3: note: 'printf' writes to stdout here, and nothing flushes it before the fork: the child copies the buffer, and exit() writes it again
      // CHECK: exec-output.c:[[@LINE+1]]:7: note: use _exit() in the child
      exit(0);
    execvp(argv[0], argv);
    _exit(127);
  }
  return reap(pid);
}

int main(int argc, char **argv) {
#ifdef HANDLER
  atexit(remove_pidfile);
#endif
  if (argc < 2)
    return 2;
  printf("running %s\n", argv[1]);
  if (check_only(argc > 2, argv + 1) != 0)
    return 1;
  return run(".", argv + 1) != 0;
}
