/* Starting jobs: the careful spawner and two older ones. */
#include "jobrunner.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Looks `name` up in $PATH (in the parent, where that is allowed to
 * allocate or lock). Returns the full path in buf, or `name` itself when not
 * found, so that execve() fails with ENOENT. */
const char *resolve_command(const char *name, char *buf, size_t size)
{
  if (strchr(name, '/') != NULL)
    return name;
  const char *path = getenv("PATH");
  if (path == NULL || *path == '\0')
    path = "/usr/bin:/bin";
  for (;;) {
    const char *end = strchr(path, ':');
    int len = end != NULL ? (int)(end - path) : (int)strlen(path);
    int n = snprintf(buf, size, "%.*s/%s", len, path, name);
    if (len > 0 && n > 0 && (size_t)n < size && access(buf, X_OK) == 0)
      return buf;
    if (end == NULL)
      return name;
    path = end + 1;
  }
}

static int wait_for(pid_t pid, int *status)
{
  while (waitpid(pid, status, 0) < 0)
    if (errno != EINTR)
      return -1;
  return 0;
}

/* The careful spawner. Everything that may allocate or lock (the PATH
 * lookup, the environment, the pipes) happens before fork(); the child only
 * calls dup2, execve, write and _exit. An exec failure travels back to the
 * parent as an errno value through a close-on-exec pipe: end of file on that
 * pipe means the exec succeeded. The job's stdout is captured into out. */
int spawn_job(const struct job *job, char *out, size_t outsz, int *status)
{
  char pathbuf[PATH_MAX], jobvar[32];
  const char *path = resolve_command(job->argv[0], pathbuf, sizeof pathbuf);
  snprintf(jobvar, sizeof jobvar, "JOBRUNNER_JOB=%d", job->id);
  char *const envp[] = {"PATH=/usr/bin:/bin", "LC_ALL=C", jobvar, NULL};

  int outpipe[2], errpipe[2], devnull;
  if (pipe2(outpipe, O_CLOEXEC) < 0)
    return -1;
  if (pipe2(errpipe, O_CLOEXEC) < 0) {
    close(outpipe[0]);
    close(outpipe[1]);
    return -1;
  }
  devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (devnull < 0) {
    close(outpipe[0]);
    close(outpipe[1]);
    close(errpipe[0]);
    close(errpipe[1]);
    return -1;
  }
  fflush(NULL);

  /* CLEAN: fork result checked for -1, 0 and the pid; the child ends in _exit */
  pid_t pid = fork();
  if (pid < 0) {
    int err = errno;
    close(outpipe[0]);
    close(outpipe[1]);
    close(errpipe[0]);
    close(errpipe[1]);
    close(devnull);
    errno = err;
    return -1;
  }
  if (pid == 0) {
    /* CLEAN: only dup2, execve, write and _exit in the child */
    int err;
    if (dup2(devnull, STDIN_FILENO) < 0 || dup2(outpipe[1], STDOUT_FILENO) < 0) {
      err = errno;
    } else {
      execve(path, job->argv, envp);
      err = errno;
    }
    ssize_t n = write(errpipe[1], &err, sizeof err);
    (void)n;
    _exit(127);
  }

  /* CLEAN: the parent reads the exec status and the output, then waits */
  close(outpipe[1]);
  close(errpipe[1]);
  close(devnull);

  int child_err = 0;
  ssize_t n;
  do
    n = read(errpipe[0], &child_err, sizeof child_err);
  while (n < 0 && errno == EINTR);
  close(errpipe[0]);

  size_t used = 0;
  if (n == 0) {
    char scratch[256];
    for (;;) {
      char *dst = used + 1 < outsz ? out + used : scratch;
      size_t room = used + 1 < outsz ? outsz - 1 - used : sizeof scratch;
      ssize_t got = read(outpipe[0], dst, room);
      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        break;
      if (dst != scratch)
        used += (size_t)got;
    }
  }
  if (outsz > 0)
    out[used] = '\0';
  close(outpipe[0]);

  if (wait_for(pid, status) < 0)
    return -1;
  if (n != 0) {
    errno = n == (ssize_t)sizeof child_err ? child_err : EIO;
    return -1;
  }
  return 0;
}

/* The original spawner, still used for jobs that run as another user: the
 * job inherits the daemon's stdout and environment. */
int spawn_job_legacy(const struct job *job, int *status)
{
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    /* BUG(child-unsafe-call): prepare_child() (child.c) calls drop_privileges() (privs.c), which calls getpwnam(): not async-signal-safe, in the child of a multithreaded process */
    prepare_child(job);
    execvp(job->argv[0], job->argv);
    /* BUG(child-exit-cleanup): exit() after a failed exec runs the parent's atexit handlers and flushes the stdio buffers copied from the parent; use _exit(127) */
    exit(127);
  }
  return wait_for(pid, status);
}

/* The vfork spawner, for quick jobs. */
int spawn_job_vfork(const struct job *job, int *status)
{
  char pathbuf[PATH_MAX];
  const char *path = resolve_command(job->argv[0], pathbuf, sizeof pathbuf);

  pid_t pid = vfork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    execv(path, job->argv);
    /* BUG(vfork-child-misuse): exit() in the child of vfork() runs the parent's atexit handlers and flushes its stdio buffers in the parent's own memory; use _exit(127) */
    exit(127);
  }
  return wait_for(pid, status);
}

/* The vfork spawner done right: the path, argv and envp are ready before
 * vfork(), and the child only calls execve and _exit. */
int spawn_fast(const char *path, char *const argv[], char *const envp[], int *status)
{
  /* CLEAN: vfork child calls only execve and _exit */
  pid_t pid = vfork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    execve(path, argv, envp);
    _exit(127);
  }
  return wait_for(pid, status);
}
