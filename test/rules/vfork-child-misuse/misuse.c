// In the child of vfork() a return, and a call that can end in exit()
// (itself or through the program's functions), are reported at the
// statement: both run in the parent's memory and break it.
// RUN: not %forkcheck --disable=all --enable=vfork-child-misuse %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

struct job {
  const char *path;
  char **argv;
};

static void die(const char *what) {
  perror(what);
  exit(1);
}

static void open_input(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    die(path);
  dup2(fd, 0);
}

static int wait_for(pid_t pid) {
  int status;
  while (waitpid(pid, &status, 0) < 0)
    ;
  return status;
}

int calls(struct job *job) {
  pid_t pid = vfork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    // CHECK: misuse.c:[[@LINE+5]]:5: warning: call to 'open_input' in the child of vfork() reaches 'exit', which runs the parent's exit-time cleanup (atexit handlers, stdio flush) in the parent's memory [vfork-child-misuse]
    // CHECK: misuse.c:[[@LINE-17]]:5: note: 'open_input' calls 'die' here
    // CHECK: misuse.c:[[@LINE-24]]:3: note: 'die' calls 'exit' here
    // CHECK: misuse.c:[[@LINE-7]]:15: note: child process created here by vfork(), sharing the parent's memory
    // CHECK: misuse.c:46:5: note: in the child of vfork() end with _exit() after a failed exec, and call nothing that can exit; use fork() or posix_spawn() for anything more
    open_input("/dev/null");
    execv(job->path, job->argv);
    // CHECK: misuse.c:[[@LINE+3]]:5: warning: 'exit' in the child of vfork() runs the parent's exit-time cleanup (atexit handlers, stdio flush) in the parent's memory [vfork-child-misuse]
    // CHECK: misuse.c:37:15: note: child process created here by vfork(), sharing the parent's memory
    // CHECK: misuse.c:[[@LINE+1]]:5: note: in the child of vfork() end with _exit() after a failed exec, and call nothing that can exit; use fork() or posix_spawn() for anything more
    exit(127);
  }
  return wait_for(pid);
}

int returns(struct job *job) {
  pid_t pid = vfork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    if (execv(job->path, job->argv) < 0)
      // CHECK: misuse.c:[[@LINE+3]]:7: warning: return in the child of vfork(): it pops the stack frame that the parent returns into when it resumes [vfork-child-misuse]
      // CHECK: misuse.c:57:15: note: child process created here by vfork(), sharing the parent's memory
      // CHECK: misuse.c:65:7: note: in the child of vfork() end with _exit() after a failed exec, and call nothing that can exit; use fork() or posix_spawn() for anything more
      return -1;
    _exit(0);
  }
  return wait_for(pid);
}

int main(int argc, char **argv) {
  struct job job = {argc > 1 ? argv[1] : "/bin/true", argv + 1};
  return calls(&job) + returns(&job);
}
