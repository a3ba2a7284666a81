// Children that never run the parent's code: every path ends in _exit or
// exec (also through a noreturn helper); a daemon whose parent exits; a
// fork wrapper whose child returns the fork's result; pre-forked workers
// that leave the loop and test the result again; and a child that only
// returns from main (child-exit-cleanup's).
// RUN: %forkcheck --disable=all --enable=child-fallthrough %s | count 0
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int worker_main(void);

static void child_die(int fd) {
  (void)!write(fd, "x", 1);
  _exit(127);
}

int spawn(const char *path, char *const argv[], int fd) {
  int status;
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    if (dup2(fd, 1) < 0)
      child_die(fd);
    execv(path, argv);
    child_die(fd);
  }
  if (waitpid(pid, &status, 0) < 0)
    return -1;
  return status;
}

int daemonize(void) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid > 0)
    exit(0);
  setsid();
  return 0;
}

pid_t spawn_worker(void) {
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    exit(1);
  }
  return pid;
}

void prefork(int n) {
  pid_t pid = 0;
  for (int i = 0; i < n; i++) {
    pid = fork();
    if (pid <= 0)
      break;
  }
  if (pid == 0)
    _exit(worker_main());
  while (wait(NULL) > 0)
    ;
}

int main(int argc, char **argv) {
  if (argc > 2)
    return daemonize();
  if (argc > 1)
    return spawn(argv[1], argv + 1, 1);
  prefork(4);
  if (spawn_worker() == 0)
    _exit(worker_main());
  pid_t pid = fork();
  if (pid < 0)
    return 1;
  if (pid == 0) {
    (void)!write(1, "child\n", 6);
  } else {
    waitpid(pid, NULL, 0);
  }
  return 0;
}
