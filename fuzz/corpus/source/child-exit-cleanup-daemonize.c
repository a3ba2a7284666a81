// Where the parent exits at once, the child carries on as the process by
// design: its exit() is the only one. The same holds for the grandchild of
// a double fork and after daemon(); exit() in the parent is not reported.
// RUN: %forkcheck --disable=all --enable=child-exit-cleanup %s | count 0
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

void serve(void);

int daemonize(void) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid > 0)
    exit(0);
  setsid();
  serve();
  exit(0);
}

int detach(void) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    setsid();
    pid_t grandchild = fork();
    if (grandchild != 0)
      _exit(grandchild < 0);
    serve();
    exit(0);
  }
  int status;
  if (waitpid(pid, &status, 0) < 0)
    return -1;
  return status == 0 ? 0 : -1;
}

int background(void) {
  if (daemon(0, 0) < 0)
    exit(1);
  serve();
  exit(0);
}

int main(int argc, char **argv) {
  (void)argv;
  if (argc > 2)
    return background();
  if (argc > 1)
    return daemonize();
  if (detach() < 0)
    exit(1);
  return 0;
}
