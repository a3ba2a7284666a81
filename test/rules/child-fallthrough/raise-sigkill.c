// raise(SIGKILL) never returns: SIGKILL cannot be caught, blocked or
// ignored. strongswan's process_start() ends each failure in its child with
// it, and the "not reached" fall into the parent's `default:` cannot
// happen. raise(SIGTERM) returns when the signal is caught or ignored: the
// child may go on into the parent's code.
// RUN: not %forkcheck --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

struct proc {
  pid_t pid;
  int out[2];
};

struct proc *proc_start(char **argv) {
  struct proc *this = calloc(1, sizeof *this);
  if (!this || pipe(this->out) != 0)
    return NULL;
  this->pid = fork();
  switch (this->pid) {
  case -1:
    free(this);
    return NULL;
  case 0:
    close(this->out[0]);
    if (dup2(this->out[1], 1) == -1)
      raise(SIGKILL);
    if (execv(argv[0], argv) == -1)
      raise(SIGKILL);
    /* not reached */
  default:
    close(this->out[1]);
    return this;
  }
}

struct proc *proc_start_term(char **argv) {
  struct proc *this = calloc(1, sizeof *this);
  if (!this || pipe(this->out) != 0)
    return NULL;
  // CHECK: raise-sigkill.c:[[@LINE+1]]:15: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code
  this->pid = fork();
  switch (this->pid) {
  case -1:
    free(this);
    return NULL;
  case 0:
    close(this->out[0]);
    if (execv(argv[0], argv) == -1)
      // CHECK: raise-sigkill.c:[[@LINE+1]]:7: note: the child leaves its branch here
      raise(SIGTERM);
    // CHECK: raise-sigkill.c:43:15: note: end every path of the child with _exit()
    /* reached when SIGTERM is caught or ignored */
  default:
    close(this->out[1]);
    return this;
  }
}
