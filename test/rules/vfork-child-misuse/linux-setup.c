// What vfork() is used for on Linux: the child sets up descriptors, the
// directory and the environment with plain calls and stores into memory the
// parent reads afterwards (busybox undoes the setenv() in the parent,
// libuv probes vfork with a static flag), then execs or _exit()s. In a
// single-threaded program none of it breaks the parent: not reported.
// RUN: %forkcheck --disable=all --enable=vfork-child-misuse %s | count 0
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int vfork_shares_memory;

struct job {
  const char *path, *dir;
  char **argv;
  int failed;
};

int spawn(struct job *job, int in, int out) {
  int tries = 0;
  pid_t pid = vfork();
  if (pid == 0) {
    vfork_shares_memory = 1;
    tries++;
    dup2(in, 0);
    dup2(out, 1);
    close(in);
    if (chdir(job->dir) < 0)
      _exit(126);
    setenv("JOB", strrchr(job->path, '/'), 1);
    execv(job->path, job->argv);
    job->failed = 1;
    _exit(127);
  }
  unsetenv("JOB");
  if (pid < 0)
    return -1;
  int status;
  while (waitpid(pid, &status, 0) < 0)
    ;
  return status + tries;
}

int main(int argc, char **argv) {
  struct job job = {argc > 1 ? argv[1] : "/bin/true", "/", argv + 1, 0};
  return spawn(&job, 0, 1);
}
