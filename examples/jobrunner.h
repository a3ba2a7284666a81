/* jobrunner: runs a fixed list of jobs in child processes while a pool of
 * worker threads checksums the job names. */
#ifndef JOBRUNNER_H
#define JOBRUNNER_H

#include <pthread.h>
#include <stddef.h>
#include <sys/types.h>

#define JOBRUNNER_WORKERS 4

enum spawn_mode {
  SPAWN_CAREFUL, /* spawn_job(): the careful spawner */
  SPAWN_LEGACY,  /* spawn_job_legacy(): the old spawner, needed for run_as */
  SPAWN_VFORK,   /* spawn_job_vfork(): the old vfork spawner */
};

struct job {
  int id;
  const char *name;
  char *const *argv; /* argv[0] is looked up in PATH */
  const char *run_as; /* user to run the job as, or NULL */
  enum spawn_mode mode;
};

/* pool.c: the worker threads and their task queue. */
struct task;
struct pool {
  pthread_mutex_t lock;
  pthread_cond_t more;
  struct task *head, *tail;
  int stopping;
};
void pool_init(struct pool *p);
void *worker_main(void *arg); /* pthread_create() start routine */
int pool_submit(struct pool *p, const char *text);
void pool_stop(struct pool *p);
void pool_destroy(struct pool *p);

/* hooks.c: statistics shared by the workers, reset in forked children. */
void hooks_install(void);
void stats_record(unsigned long checksum);
void stats_read(unsigned long *count, unsigned long *checksum);

/* spawn.c: the three ways jobs are started. Each returns 0 and stores the
 * child's wait status, or returns -1 with errno set. */
int spawn_job(const struct job *job, char *out, size_t outsz, int *status);
int spawn_job_legacy(const struct job *job, int *status);
int spawn_job_vfork(const struct job *job, int *status);
int spawn_fast(const char *path, char *const argv[], char *const envp[], int *status);
const char *resolve_command(const char *name, char *buf, size_t size);

/* child.c: sets up a legacy job's child process. */
void prepare_child(const struct job *job);

/* privs.c */
int drop_privileges(const char *user);

/* maint.c: housekeeping done in helper processes. */
int run_probe(void);
void start_heartbeat(void);
int with_watchdog(unsigned timeout, void (*work)(void *), void *arg);
int clean_spool(const char *spool);
int run_exit_hook(void);

#endif
