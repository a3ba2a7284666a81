// Every way the parent keeps track of its child: nothing to report.
// RUN: %forkcheck --disable=all --enable=missing-wait %s | count 0
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

struct child {
  pid_t pid;
  int fd;
};

static pid_t last_child;
void track(pid_t pid);

static int wait_for(pid_t pid) {
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return -1;
  return status;
}

// Waits directly, through a helper, or for any child.
int waits(void) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0)
    _exit(0);
  return wait_for(pid);
}

int waits_any(void) {
  int status;
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0)
    _exit(0);
  while (wait(&status) != pid)
    ;
  return status;
}

// Keeps the pid: returned, in a struct, in a global, handed to the program.
pid_t spawn(void) {
  pid_t pid = fork();
  if (pid == 0)
    _exit(0);
  return pid;
}

int spawn_into(struct child *c) {
  c->pid = fork();
  if (c->pid == 0)
    _exit(0);
  return c->pid < 0 ? -1 : 0;
}

int spawn_copy(struct child *c) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0)
    _exit(0);
  c->pid = pid;
  return 0;
}

void spawn_global(void) {
  pid_t pid = fork();
  if (pid == 0)
    _exit(0);
  last_child = pid;
}

void spawn_tracked(void) {
  pid_t pid = fork();
  if (pid == 0)
    _exit(0);
  if (pid > 0)
    track(pid);
}

// The parent exits at once: the child is reparented to init.
void daemonize(void) {
  pid_t pid = fork();
  if (pid < 0)
    exit(1);
  if (pid > 0)
    _exit(0);
  setsid();
}

// Double fork: the middle child exits at once, the parent waits for it.
int detach(void) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    if (fork() != 0)
      _exit(0);
    setsid();
    _exit(0);
  }
  return wait_for(pid);
}

// main returns (the process ends) right after the fork, a switch on the way
// being no loop.
int main(void) {
  struct child c;
  last_child = spawn();
  if (spawn_into(&c) < 0 || spawn_copy(&c) < 0)
    return 1;
  waits();
  waits_any();
  spawn_global();
  spawn_tracked();
  if (detach() < 0)
    daemonize();
  pid_t pid = fork();
  if (pid == 0)
    _exit(0);
  switch (pid) {
  case -1:
    return 1;
  default:
    break;
  }
  return 0;
}
