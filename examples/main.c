/* jobrunner: runs a list of jobs in child processes while worker threads
 * checksum the job names, then shuts down. */
#include "jobrunner.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *argv_uname[] = {"uname", "-s", NULL};
static char *argv_echo[] = {"echo", "hello from a job", NULL};
static char *argv_missing[] = {"jobrunner-no-such-tool", NULL};
static char *argv_true[] = {"true", NULL};

static const struct job jobs[] = {
  {1, "kernel-name", argv_uname, NULL, SPAWN_CAREFUL},
  {2, "greeting", argv_echo, NULL, SPAWN_CAREFUL},
  {3, "missing-tool", argv_missing, NULL, SPAWN_CAREFUL},
  {4, "unprivileged", argv_true, "nobody", SPAWN_LEGACY},
  {5, "quick", argv_true, NULL, SPAWN_VFORK},
};
#define NJOBS (sizeof jobs / sizeof jobs[0])

/* A daemon must not hand out descriptors 0-2 by accident. */
static void ensure_std_fds(void)
{
  int fd;
  do
    fd = open("/dev/null", O_RDWR);
  while (fd >= 0 && fd <= STDERR_FILENO);
  if (fd > STDERR_FILENO)
    close(fd);
}

static void report(const struct job *job, int rc, int status, const char *out)
{
  if (rc < 0)
    printf("job %d (%s): failed: %s\n", job->id, job->name, strerror(errno));
  else if (WIFEXITED(status))
    printf("job %d (%s): exit %d%s%.*s\n", job->id, job->name, WEXITSTATUS(status),
           *out ? ": " : "", (int)strcspn(out, "\n"), out);
  else
    printf("job %d (%s): killed by signal %d\n", job->id, job->name, WTERMSIG(status));
}

static void run_all_jobs(void *arg)
{
  (void)arg;
  for (size_t i = 0; i < NJOBS; i++) {
    const struct job *job = &jobs[i];
    char out[256] = "";
    int status = 0, rc;
    switch (job->mode) {
    case SPAWN_CAREFUL:
      rc = spawn_job(job, out, sizeof out, &status);
      break;
    case SPAWN_LEGACY:
      rc = spawn_job_legacy(job, &status);
      break;
    default:
      rc = spawn_job_vfork(job, &status);
      break;
    }
    report(job, rc, status, out);
    start_heartbeat();
  }
}

/* Checks the spool directory in a child, so that a hung file system cannot
 * block the daemon itself. */
static int preflight(const char *spool)
{
  int status;
  printf("jobrunner: starting %d workers\n", JOBRUNNER_WORKERS);
  /* BUG(unflushed-stdio-before-fork): the printf above is still in stdout's buffer when stdout is a pipe or a file (fully buffered); the child's fflush() writes that copy before its own line, so the line appears twice */
  pid_t pid = fork();
  if (pid < 0) {
    perror("jobrunner: fork");
    return -1;
  }
  if (pid == 0) {
    int usable = access(spool, R_OK | W_OK | X_OK) == 0;
    if (!usable)
      printf("jobrunner: %s is not usable\n", spool);
    fflush(stdout);
    exit(usable ? 0 : 1);
  }
  if (waitpid(pid, &status, 0) < 0)
    return -1;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(void)
{
  char spool[] = "/tmp/jobrunner.XXXXXX";
  char lock[PATH_MAX];
  struct pool pool;
  pthread_t workers[JOBRUNNER_WORKERS];
  int nworkers = 0, failed = 0;

  ensure_std_fds();
  hooks_install();
  if (mkdtemp(spool) == NULL) {
    perror("jobrunner: mkdtemp");
    return 2;
  }
  snprintf(lock, sizeof lock, "%s/stale.lock", spool);
  int fd = open(lock, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0)
    close(fd);

  /* From here on the process is multithreaded. */
  pool_init(&pool);
  for (int i = 0; i < JOBRUNNER_WORKERS; i++) {
    int err = pthread_create(&workers[i], NULL, worker_main, &pool);
    if (err != 0) {
      fprintf(stderr, "jobrunner: pthread_create: %s\n", strerror(err));
      break;
    }
    nworkers++;
  }
  for (size_t i = 0; i < NJOBS; i++)
    for (int round = 0; round < 200; round++)
      pool_submit(&pool, jobs[i].name);

  if (preflight(spool) < 0) {
    fprintf(stderr, "jobrunner: spool %s is not usable\n", spool);
    failed = 1;
  }
  if (run_probe() < 0) {
    fprintf(stderr, "jobrunner: probe failed\n");
    failed = 1;
  }
  if (!failed && with_watchdog(10, run_all_jobs, NULL) < 0)
    failed = 1;

  char truepath[PATH_MAX];
  char *const fast_env[] = {"PATH=/usr/bin:/bin", NULL};
  int status;
  const char *path = resolve_command(argv_true[0], truepath, sizeof truepath);
  if (spawn_fast(path, argv_true, fast_env, &status) < 0 || status != 0)
    failed = 1;

  if (clean_spool(spool) < 0)
    failed = 1;

  pool_stop(&pool);
  for (int i = 0; i < nworkers; i++)
    pthread_join(workers[i], NULL);
  pool_destroy(&pool);

  unsigned long count, sum;
  stats_read(&count, &sum);
  printf("jobrunner: %zu jobs run, %lu names checksummed (%08lx)\n", NJOBS, count,
         sum & 0xfffffffful);
  if (rmdir(spool) < 0)
    fprintf(stderr, "jobrunner: rmdir %s: %s\n", spool, strerror(errno));
  fflush(stdout);

  if (run_exit_hook() < 0)
    fprintf(stderr, "jobrunner: exit hook failed\n");
  return failed;
}
