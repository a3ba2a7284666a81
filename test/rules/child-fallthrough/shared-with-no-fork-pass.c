// The process that does not fork in a pass of its loop may jump into the
// child's code and end there as the child does (yash runs the last command
// of a pipeline in place: `goto exec_one_command;`): the child does not
// run the parent's code, whatever it calls there before its end. A child that jumps to code the parent runs after
// forking, in the same pass, does.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdbool.h>
#include <sys/wait.h>
#include <unistd.h>

_Noreturn void exec_command(int c);
void cleanup(void);
void release_job(int c);

int exec_pipeline(int count, bool short_circuit) {
  for (int c = 0; c < count; c++) {
    bool is_last = c == count - 1;
    if (is_last && short_circuit)
      goto exec_one_command;
    pid_t pid = fork();
    if (pid == 0) {
    exec_one_command:
      release_job(c);
      exec_command(c);
    } else if (pid < 0) {
      return -1;
    }
  }
  while (wait(NULL) > 0)
    ;
  return 0;
}

int run(void) {
  // CHECK: shared-with-no-fork-pass.c:[[@LINE+1]]:15: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0)
    goto common;
  // CHECK: shared-with-no-fork-pass.c:[[@LINE-5]]:15: note: the child leaves its branch here
  // CHECK: shared-with-no-fork-pass.c:[[@LINE-6]]:15: note: end every path of the child with _exit()
  waitpid(pid, NULL, 0);
common:
  cleanup();
  return 0;
}
