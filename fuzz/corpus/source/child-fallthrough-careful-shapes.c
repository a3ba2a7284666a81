// Everyday careful shapes: a shell's run(), system(), popen(), a double-fork
// daemonize(), background jobs kept in a table and reaped later, and fork
// results kept in array elements (whose tests the analysis does not follow,
// so it must not guess which code is the child's). No rule reports anything.
// RUN: %forkcheck %s | count 0
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct job { pid_t pid; int fd; };
static struct job jobs[16];
static int njobs;

int run(char **argv) {
  pid_t pid;
  int status;
  switch (pid = fork()) {
  case -1:
    perror("fork");
    return -1;
  case 0:
    execvp(argv[0], argv);
    _exit(127);
  }
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return -1;
  return status;
}

int start_bg(char **argv) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) < 0)
    return -1;
  jobs[njobs].pid = fork();
  if (jobs[njobs].pid < 0)
    return -1;
  if (jobs[njobs].pid == 0) {
    dup2(fds[1], 1);
    execvp(argv[0], argv);
    _exit(127);
  }
  close(fds[1]);
  jobs[njobs].fd = fds[0];
  njobs++;
  return 0;
}

void reap_jobs(void) {
  for (int i = 0; i < njobs; i++)
    waitpid(jobs[i].pid, NULL, 0);
}

int my_system(const char *cmd) {
  pid_t pid;
  int status;
  struct sigaction ign, intr, quit;
  sigset_t block, orig;
  memset(&ign, 0, sizeof ign);
  ign.sa_handler = SIG_IGN;
  sigaction(SIGINT, &ign, &intr);
  sigaction(SIGQUIT, &ign, &quit);
  sigemptyset(&block);
  sigaddset(&block, SIGCHLD);
  sigprocmask(SIG_BLOCK, &block, &orig);
  if ((pid = fork()) == 0) {
    sigaction(SIGINT, &intr, NULL);
    sigaction(SIGQUIT, &quit, NULL);
    sigprocmask(SIG_SETMASK, &orig, NULL);
    execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
    _exit(127);
  } else if (pid < 0) {
    status = -1;
  } else {
    while (waitpid(pid, &status, 0) < 0)
      if (errno != EINTR) {
        status = -1;
        break;
      }
  }
  sigaction(SIGINT, &intr, NULL);
  sigaction(SIGQUIT, &quit, NULL);
  sigprocmask(SIG_SETMASK, &orig, NULL);
  return status;
}

int daemonize(void) {
  switch (fork()) {
  case -1: return -1;
  case 0: break;
  default: _exit(0);
  }
  if (setsid() < 0)
    return -1;
  switch (fork()) {
  case -1: return -1;
  case 0: break;
  default: _exit(0);
  }
  umask(0);
  if (chdir("/") < 0)
    return -1;
  return 0;
}

FILE *my_popen(const char *cmd, pid_t *out) {
  int fds[2];
  if (pipe(fds) < 0)
    return NULL;
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return NULL;
  }
  if (pid == 0) {
    close(fds[0]);
    if (fds[1] != 1) {
      dup2(fds[1], 1);
      close(fds[1]);
    }
    execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
    _exit(127);
  }
  close(fds[1]);
  *out = pid;
  return fdopen(fds[0], "r");
}

int main(int argc, char **argv) {
  printf("hello\n");
  fflush(stdout);
  if (argc > 1 && daemonize() < 0)
    return 1;
  pid_t p;
  FILE *f = my_popen("ls", &p);
  if (f) {
    char buf[256];
    while (fgets(buf, sizeof buf, f))
      fputs(buf, stdout);
    fclose(f);
    waitpid(p, NULL, 0);
  }
  start_bg(argv + 1);
  reap_jobs();
  return run(argv + 1) || my_system("true");
}

/* Results kept in array elements: the tests are not followed, so the
 * child is never told apart from the parent. */
void start_all(char **argv, int n) {
  for (int i = 0; i < n; i++) {
    printf("starting %d\n", i);
    jobs[i].pid = vfork();
    if (jobs[i].pid == 0) {
      execvp(argv[0], argv);
      _exit(127);
    }
  }
  for (int i = 0; i < n; i++) {
    jobs[i].pid = fork();
    if (jobs[i].pid == 0) {
      execvp(argv[0], argv);
      _exit(127);
    }
  }
  fflush(stdout);
}
