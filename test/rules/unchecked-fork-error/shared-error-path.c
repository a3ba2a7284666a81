// -1 handled in a branch of its own that then jumps to the cleanup the
// child's failed set-up jumps to as well (selinux's newrole: `if (childPid
// < 0) { report; goto err_close_pam; }`, and the child's `goto
// err_close_pam` when a step before its exec fails): the cleanup is shared,
// not the child's code, and -1 is handled. Reported: a failure that is
// only logged and then falls into the child's own set-up.
// RUN: %forkcheck --disable=all --enable=unchecked-fork-error %s | count 0
// RUN: not %forkcheck --disable=all --enable=unchecked-fork-error %s -- -DFALLS_IN | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int open_session(void);
void close_session(void);
int set_context(void);

int run_shell(char **argv) {
  int rc = 1;
  if (open_session() < 0)
    return 1;
  pid_t pid = fork();
#ifdef FALLS_IN
  if (pid < 0)
    perror("fork");
  else if (pid > 0) {
#else
  if (pid < 0) {
    perror("fork");
    goto err_close;
  } else if (pid > 0) {
#endif
    int status;
    while (waitpid(pid, &status, 0) < 0)
      ;
    close_session();
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
  }
  if (set_context() < 0) {
    fprintf(stderr, "cannot set the context\n");
    goto err_close;
  }
  execv(argv[0], argv);
  perror(argv[0]);
  rc = 127;
err_close:
  close_session();
  return rc;
}
// CHECK: shared-error-path.c:21:15: warning: 'fork' returns -1 on failure, and -1 reaches the child's code, which the parent then runs
// CHECK: shared-error-path.c:38:7: note: on failure (-1) the parent takes the child's path: it runs the child's code from here
// CHECK: shared-error-path.c:21:15: note: handle -1 first
