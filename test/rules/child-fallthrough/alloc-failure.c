// A child whose only way out of its branch is an allocation's failure
// (`if (!argv) return NULL;` while it builds the exec's arguments: elvis's
// gdb front end, ldm's callback) leaves only when memory ran out, as the
// other rules judge such ways. Reported: the same return when the exec
// fails, which happens whenever the command is missing.
// RUN: %forkcheck --disable=all --enable=child-fallthrough %s | count 0
// RUN: not %forkcheck --disable=all --enable=child-fallthrough %s -- -DEXEC_FAILS | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

FILE *open_tool(int argc, char **argv) {
  int fds[2];
  if (pipe(fds) < 0)
    return NULL;
  switch (fork()) {
  case -1:
    close(fds[0]);
    close(fds[1]);
    return NULL;
  case 0: {
    close(fds[0]);
    dup2(fds[1], 1);
    char **args = malloc((size_t)(argc + 2) * sizeof *args);
    if (!args)
      return NULL;
    args[0] = "tool";
    for (int i = 1; i < argc; i++)
      args[i] = argv[i];
    args[argc] = NULL;
#ifdef EXEC_FAILS
    if (execvp("tool", args) < 0)
      return NULL;
#endif
    execvp("tool", args);
    _exit(127);
  }
  default:
    close(fds[1]);
    return fdopen(fds[0], "r");
  }
}
// CHECK: alloc-failure.c:16:11: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code
// CHECK: alloc-failure.c:33:7: note: the child returns from 'open_tool' here, into its caller's code
// CHECK: alloc-failure.c:16:11: note: end every path of the child with _exit()
