// In the child of vfork() only _exit, _Exit and the exec functions may be
// called; any other call, any write other than to the variable holding
// vfork()'s result, and any return are reported at the statement.
// RUN: not %forkcheck --disable=all --enable=vfork-child-misuse %s | FileCheck %s --implicit-check-not=warning:
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

struct job {
  const char *path;
  char **argv;
  int state;
};

static void setup(int fd) { dup2(fd, 0); }

static int wait_for(pid_t pid) {
  int status;
  while (waitpid(pid, &status, 0) < 0)
    ;
  return status;
}

int calls(struct job *job, int fd) {
  pid_t pid = vfork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    // CHECK: misuse.c:[[@LINE+3]]:5: warning: call to 'close' in the child of vfork(): only _exit() and the exec functions may be called before the child ends or execs [vfork-child-misuse]
    // CHECK: misuse.c:[[@LINE-5]]:15: note: child process created here by vfork(), sharing the parent's memory
    // CHECK: misuse.c:[[@LINE+1]]:5: note: in the child of vfork() call only _exit() or an exec function, with everything prepared before vfork(); use fork() or posix_spawn() for anything more
    close(0);
    // CHECK: misuse.c:[[@LINE+1]]:5: warning: call to 'setup' in the child of vfork()
    setup(fd);
    execv(job->path, job->argv);
    // CHECK: misuse.c:[[@LINE+1]]:5: warning: call to 'perror' in the child of vfork()
    perror("execv");
    // CHECK: misuse.c:[[@LINE+1]]:5: warning: call to 'exit' in the child of vfork()
    exit(127);
  }
  return wait_for(pid);
}

int writes(struct job *job, int *shared) {
  int tries = 0;
  pid_t pid = vfork();
  if (pid == 0) {
    // CHECK: misuse.c:[[@LINE+1]]:5: warning: write to memory in the child of vfork(): the child shares the parent's memory and may change only the variable holding vfork()'s result [vfork-child-misuse]
    tries++;
    // CHECK: misuse.c:[[@LINE+1]]:5: warning: write to memory in the child of vfork()
    job->state = 1;
    // CHECK: misuse.c:[[@LINE+1]]:5: warning: write to memory in the child of vfork()
    *shared = 2;
    pid = 1; // the variable holding the result may change
    execv(job->path, job->argv);
    _exit(127);
  }
  if (pid < 0)
    return -1;
  return wait_for(pid) + tries;
}

int returns(struct job *job) {
  pid_t pid = vfork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    if (execv(job->path, job->argv) < 0)
      // CHECK: misuse.c:[[@LINE+1]]:7: warning: return in the child of vfork(): it pops the stack frame that the parent returns into when it resumes [vfork-child-misuse]
      return -1;
    _exit(0);
  }
  return wait_for(pid);
}
