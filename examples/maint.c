/* Housekeeping done in helper processes. */
#include "jobrunner.h"

#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Checks that a forked child can still load the user's locale. */
int run_probe(void)
{
  int status;
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    /* BUG(child-unsafe-call): setlocale() in the child of a multithreaded process: a worker thread may have held the C library's locale lock at the time of the fork, and fork() does not reset that one */
    const char *locale = setlocale(LC_ALL, "");
    _exit(locale != NULL ? 0 : 1);
  }
  if (waitpid(pid, &status, 0) < 0)
    return -1;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Tells whoever reads our stderr that the daemon is alive. */
void start_heartbeat(void)
{
  /* BUG(missing-wait): the pid is dropped: nothing ever waits for this child (no waitpid, no SIGCHLD handler), so each job's heartbeat stays a zombie until the daemon exits */
  pid_t pid = fork();
  if (pid < 0) {
    perror("jobrunner: heartbeat");
    return;
  }
  if (pid == 0) {
    static const char beat[] = "jobrunner: heartbeat\n";
    ssize_t n = write(STDERR_FILENO, beat, sizeof beat - 1);
    (void)n;
    _exit(0);
  }
}

/* Runs work(arg) under a watchdog process that terminates the daemon if
 * the work takes more than `timeout` seconds. */
int with_watchdog(unsigned timeout, void (*work)(void *), void *arg)
{
  pid_t daemon_pid = getpid();
  int status;
  pid_t pid = fork();
  if (pid == 0) {
    sleep(timeout);
    kill(daemon_pid, SIGTERM);
    _exit(0);
  }
  work(arg);
  /* BUG(unchecked-fork-error): fork() returns -1 on failure and nothing checks it: kill(-1, SIGTERM) then signals every process we are allowed to signal */
  kill(pid, SIGTERM);
  if (waitpid(pid, &status, 0) < 0)
    return -1;
  return 0;
}

/* Removes a stale lock file left in the spool directory. */
int clean_spool(const char *spool)
{
  char lock[PATH_MAX];
  snprintf(lock, sizeof lock, "%s/stale.lock", spool);
  char *const argv[] = {"rm", "-f", "--", lock, NULL};
  int status;

  /* BUG(unchecked-fork-error): -1 goes to the else branch below: when fork() fails, the daemon itself runs the child code and execs rm */
  pid_t pid = fork();
  if (pid > 0) {
    if (waitpid(pid, &status, 0) < 0)
      return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
  } else {
    execv("/bin/rm", argv);
    _exit(127);
  }
}

/* Lets an external hook know that the daemon is shutting down. */
int run_exit_hook(void)
{
  static const char msg[] = "jobrunner: exit hook\n";
  int status;
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    ssize_t n = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)n;
    /* BUG(child-fallthrough): no _exit() here: the child leaves this branch and runs the parent's code below, returns into main() and finishes the daemon's shutdown a second time */
  }
  if (waitpid(pid, &status, 0) < 0)
    return -1;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}
