// The child returns from the function that forked to a caller that
// returns from main with it (tini's spawn(): `return 1;` in the child when
// its set-up fails, and main's `if (spawn_ret) return spawn_ret;`):
// main's return flushes the copy, and child-exit-cleanup's finding there
// names the same write, with the same fix. This rule yields to it; with
// that rule off, it is this rule's.
// RUN: not %forkcheck --disable=all --enable=unflushed-stdio-before-fork --enable=child-exit-cleanup --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=unflushed-stdio-before-fork %s | FileCheck %s --check-prefix=ALONE
// CHECK: yields-to-callers-exit.c:45:5: warning: return from 'main' in the child of fork() calls exit()
// CHECK: yields-to-callers-exit.c:43:19: note: child process created here
// CHECK: yields-to-callers-exit.c:42:3: note: 'announce', called here, leaves output in stdout's buffer
// CHECK: yields-to-callers-exit.c:21:3: note: 'printf' writes to stdout here, and nothing flushes it before the fork: the child copies the buffer, and exit() writes it again
// CHECK: yields-to-callers-exit.c:45:5: note: end the child with _exit() instead of returning from 'main'
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int isolate(void);

static void announce(void) {
  printf("starting\n");
}

static int spawn(char *const argv[], pid_t *child) {
  // ALONE: yields-to-callers-exit.c:[[@LINE+1]]:15: warning: output written to stdout before this fork is still in its buffer
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    if (isolate())
      return 1;
    execvp(argv[0], argv);
    _exit(127);
  }
  *child = pid;
  return 0;
}

int main(int argc, char *argv[]) {
  pid_t child;
  (void)argc;
  announce();
  int spawn_ret = spawn(argv + 1, &child);
  if (spawn_ret)
    return spawn_ret;
  int status;
  waitpid(child, &status, 0);
  return 0;
}
