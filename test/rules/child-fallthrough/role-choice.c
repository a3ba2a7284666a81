// A fork wrapper that returns the process's role, the parent's a choice of
// two constants (`return ok ? PARENT : ERROR;`), the child's a third: the
// caller tells the child by it, so the child's return is not a fall-through.
// When one of the parent's values is the child's too, the caller cannot
// tell them apart, and the child's return is reported.
// RUN: %forkcheck --threads=no --disable=all --enable=child-fallthrough %s | FileCheck %s --allow-empty --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --threads=no --disable=all --enable=child-fallthrough %s -- -DSAME=1 | FileCheck %s --check-prefix=SAME --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

typedef enum { FORK_ERROR = -1, FORK_CHILD, FORK_PARENT } fork_state;

#ifdef SAME
#define DONE FORK_CHILD
#else
#define DONE FORK_PARENT
#endif

static fork_state fork_state_of(void) {
  // SAME: role-choice.c:[[@LINE+1]]:15: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
  pid_t pid = fork();
  if (pid < 0)
    return FORK_ERROR;
  if (pid == 0)
    // SAME: role-choice.c:[[@LINE+1]]:5: note: the child returns from 'fork_state_of' here, into its caller's code
    return FORK_CHILD;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0)
    return FORK_ERROR;
  return WEXITSTATUS(status) == 0 ? DONE : FORK_ERROR;
  // SAME: role-choice.c:[[@LINE-10]]:15: note: end every path of the child with _exit()
}

int main(int argc, char **argv) {
  switch (fork_state_of()) {
  case FORK_CHILD:
    execvp(argv[1], argv + 1);
    _exit(127);
  case FORK_ERROR:
    fputs("failed\n", stderr);
    return 1;
  default:
    return argc > 2;
  }
}
