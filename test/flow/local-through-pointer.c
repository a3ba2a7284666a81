// A local whose address a call is given (picocom's split_quoted(cmd,
// &argc, argv) does (*argc)++) may hold anything after the call: the 0 it
// was initialised with no longer decides `if (argc < 1)`. The exec after
// it is reachable, so the child execs, and its exits are judged as an
// exec'ing child's. Where the local is passed by value, it still holds 0:
// the exec is dead code, the child never execs, and with nothing for its
// exit() to do, it is clean. (An address kept in a pointer, `p = &argc`,
// is not followed: the Limitations of docs/rules/child-exit-cleanup.md.)
// RUN: not %forkcheck --exit-cleanup=always --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int split(char *s, int *argc, char *argv[]);
int count(const char *s);

void run_cmd(char *cmd) {
  pid_t pid = fork();
  if (pid == 0) {
    char *argv[16];
    int argc = 0;
    split(cmd, &argc, argv);
    if (argc < 1)
      // CHECK: local-through-pointer.c:[[@LINE+3]]:7: warning: 'exit' in the child of fork()
      // CHECK: local-through-pointer.c:18:15: note: child process created here
      // CHECK: local-through-pointer.c:[[@LINE+1]]:7: note: use _exit() in the child
      exit(126);
    argv[argc] = NULL;
    execvp(argv[0], argv);
    // CHECK: local-through-pointer.c:[[@LINE+1]]:5: note: the child calls 'exit' here too
    exit(126);
  }
  if (pid > 0)
    waitpid(pid, NULL, 0);
}

void run_by_value(char *cmd) {
  pid_t pid = fork();
  if (pid == 0) {
    char *argv[16] = {cmd, NULL};
    int argc = 0;
    count(cmd + argc);
    if (argc < 1)
      exit(126);
    execvp(argv[0], argv);
    exit(126);
  }
  if (pid > 0)
    waitpid(pid, NULL, 0);
}

int main(int argc, char **argv) {
  if (argc > 1) {
    run_cmd(argv[1]);
    run_by_value(argv[1]);
  }
  return 0;
}
