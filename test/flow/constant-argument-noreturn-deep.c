// A parameter that decides whether a function returns decides it through
// the calls that pass it on: yash's exec_wcs(code, name, finally_exit)
// passes finally_exit to parse_and_exec(), which ends with `if
// (finally_exit) exit_shell();`, so `exec_wcs(..., true)` never returns and
// the command-substitution child does not leave its branch. With false it
// returns, and the child that calls it so falls through; a function that
// assigns its parameter before the test is not judged by the argument.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdbool.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

_Noreturn void exit_shell(void);
int read_and_run(const char *code);

static void parse_and_exec(const char *code, bool finally_exit) {
  while (read_and_run(code) > 0)
    if (code[0] == '#')
      goto out;
out:
  if (finally_exit)
    exit_shell();
}

void exec_wcs(const char *code, const char *name, bool finally_exit) {
  (void)name;
  parse_and_exec(code, finally_exit);
}

void exec_changed(const char *code, bool finally_exit) {
  if (code[0] == '!')
    finally_exit = false;
  parse_and_exec(code, finally_exit);
}

void command_substitution(const char *code) {
  pid_t pid = fork();
  if (pid == 0)
    exec_wcs(code, "command substitution", true);
  if (pid > 0)
    waitpid(pid, NULL, 0);
}

void background(const char *code) {
  // CHECK: constant-argument-noreturn-deep.c:[[@LINE+1]]:15: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
  pid_t pid = fork();
  if (pid == 0)
    exec_wcs(code, "background", false);
  // CHECK: constant-argument-noreturn-deep.c:[[@LINE-3]]:15: note: the child leaves its branch here
  // CHECK: constant-argument-noreturn-deep.c:[[@LINE-4]]:15: note: end every path of the child with _exit()
  if (pid > 0)
    waitpid(pid, NULL, 0);
}

void changed(const char *code) {
  // CHECK: constant-argument-noreturn-deep.c:[[@LINE+1]]:15: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
  pid_t pid = fork();
  if (pid == 0)
    exec_changed(code, true);
  // CHECK: constant-argument-noreturn-deep.c:[[@LINE-3]]:15: note: the child leaves its branch here
  // CHECK: constant-argument-noreturn-deep.c:[[@LINE-4]]:15: note: end every path of the child with _exit()
  if (pid > 0)
    waitpid(pid, NULL, 0);
}
