// vfork() used as intended: everything prepared before, only execve and
// _exit in the child (the exit status may read errno); the parent checks -1
// and waits. No rule reports anything.
// RUN: %forkcheck %s | count 0
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int spawn_fast(const char *path, char *const argv[], char *const envp[], int *status) {
  pid_t pid = vfork();
  if (pid < 0) {
    perror("vfork");
    return -1;
  }
  if (pid == 0) {
    execve(path, argv, envp);
    _exit(errno == ENOENT ? 127 : 126);
  }
  while (waitpid(pid, status, 0) < 0)
    if (errno != EINTR)
      return -1;
  return 0;
}

int spawn_switch(const char *path, char *const argv[]) {
  int status = 0;
  switch (vfork()) {
  case -1:
    return -1;
  case 0:
    execv(path, argv);
    _Exit(127);
  default:
    if (wait(&status) < 0)
      return -1;
  }
  return status;
}
