// Careful children must come out clean: everything prepared before fork,
// then only dup2/close/fcntl/sigprocmask/execve/write/_exit, errors sent to
// the parent through a pipe (the shape of git's run-command.c and CPython's
// _posixsubprocess.c).
// RUN: %forkcheck --disable=all --enable=child-unsafe-call %s -- -pthread | count 0
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void *worker(void *arg) { return arg; }

static void child_die(int fd, int err) {
  (void)!write(fd, &err, sizeof err);
  _exit(127);
}

static void child_setup(int in, int out, const sigset_t *mask) {
  if (in != 0 && dup2(in, 0) < 0)
    return;
  if (out != 1 && dup2(out, 1) < 0)
    return;
  for (int fd = 3; fd < 64; fd++)
    if (fd != in && fd != out)
      close(fd);
  sigprocmask(SIG_SETMASK, mask, NULL);
}

static int run(const char *path, char *const argv[]) {
  int pipefd[2];
  sigset_t all, old;
  char **env = environ; /* prepared before fork */
  if (pipe2(pipefd, O_CLOEXEC) < 0)
    return -errno;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pid_t pid = fork();
  if (pid == 0) {
    close(pipefd[0]);
    child_setup(0, 1, &old);
    if (fcntl(pipefd[1], F_SETFD, FD_CLOEXEC) < 0)
      child_die(pipefd[1], errno);
    execve(path, argv, env);
    child_die(pipefd[1], errno);
  }
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  close(pipefd[1]);
  if (pid < 0) {
    close(pipefd[0]);
    return -errno;
  }
  int err = 0;
  ssize_t n;
  while ((n = read(pipefd[0], &err, sizeof err)) < 0 && errno == EINTR)
    ;
  close(pipefd[0]);
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  return n > 0 ? -err : status;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  char *argv[] = {"true", NULL};
  int rc = run("/bin/true", argv);
  pthread_join(t, NULL);
  return rc != 0;
}
