// A helper that forks a command and returns the pipe its output comes
// from: the caller reads it to the end and then waits for any child
// (task-spooler's fork_command() and get_environment()). The child is
// reaped. A caller that reads and never waits leaves the zombie.
// RUN: not %forkcheck --threads=no --disable=all --enable=missing-wait %s | FileCheck %s --implicit-check-not='warning:'
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int fork_command(const char *command) {
  int p[2];
  if (pipe(p) < 0)
    return -1;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(p[1], 1);
    execlp("/bin/sh", "sh", "-c", command, (char *)NULL);
    _exit(127);
  }
  close(p[1]);
  if (pid < 0) {
    close(p[0]);
    return -1;
  }
  return p[0];
}

static size_t read_all(int fd, char *buf, size_t size) {
  size_t got = 0;
  ssize_t n;
  while (got < size && (n = read(fd, buf + got, size - got)) > 0)
    got += (size_t)n;
  close(fd);
  return got;
}

size_t get_environment(char *buf, size_t size) {
  int fd = fork_command("env");
  if (fd < 0)
    return 0;
  size_t got = read_all(fd, buf, size);
  wait(0);
  return got;
}

static int spawn_logger(const char *command) {
  int p[2];
  if (pipe(p) < 0)
    return -1;
  // CHECK: caller-waits.c:[[@LINE+1]]:15: warning: the child of this 'fork' is never waited for
  pid_t pid = fork();
  if (pid == 0) {
    dup2(p[0], 0);
    execlp("/bin/sh", "sh", "-c", command, (char *)NULL);
    _exit(127);
  }
  close(p[0]);
  return pid < 0 ? -1 : p[1];
}

int start_logging(void) {
  int fd = spawn_logger("logger -t job");
  return fd < 0 ? -1 : (int)write(fd, "started\n", 8);
}
