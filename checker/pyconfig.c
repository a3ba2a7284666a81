/*
 * Where Python.h is, for a file that includes it but whose arguments do not
 * say (a file given on the command line without -I): asked once of
 * python3-config --includes ($FORKCHECK_PYTHON_CONFIG, else Debian's
 * /usr/bin/python3-config, else the first on PATH). Run with posix_spawn, as
 * a multithreaded program should start a process; nothing from a compile
 * database is ever run.
 */
#include "pyconfig.h"

#include <pthread.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vec.h"

extern char **environ;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static FC_VEC(char *) includes;

static void ask_python_config(void) {
  const char *tool = getenv("FORKCHECK_PYTHON_CONFIG");
  if (!tool || !*tool)
    tool = access("/usr/bin/python3-config", X_OK) == 0 ? "/usr/bin/python3-config"
                                                          : "python3-config";
  int fds[2];
  if (pipe(fds) != 0)
    return;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 1 /* O_WRONLY */, 0);
  char *argv[] = {(char *)tool, "--includes", NULL};
  pid_t pid;
  int rc = posix_spawnp(&pid, tool, &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  char buf[4096];
  size_t len = 0;
  ssize_t n;
  while (rc == 0 && len < sizeof buf - 1 && (n = read(fds[0], buf + len, sizeof buf - 1 - len)) > 0)
    len += (size_t)n;
  close(fds[0]);
  int status = 1;
  if (rc == 0)
    while (waitpid(pid, &status, 0) < 0)
      ;
  if (rc != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return;
  buf[len] = 0;
  for (char *save = NULL, *tok = strtok_r(buf, " \t\n", &save); tok;
       tok = strtok_r(NULL, " \t\n", &save))
    if (strncmp(tok, "-I", 2) == 0 && tok[2])
      fc_vec_push(&includes, fc_xstrdup(tok));
}

const char *const *fc_python_includes(int *n) {
  pthread_once(&once, ask_python_config);
  *n = (int)includes.n;
  return (const char *const *)includes.v;
}
