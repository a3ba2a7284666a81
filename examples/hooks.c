/* Statistics the workers update, and the fork handler that resets them. */
#include "jobrunner.h"

#include <stdlib.h>
#include <string.h>

struct stats {
  unsigned long count;
  unsigned long checksum;
};

static struct stats initial_stats;
static struct stats *stats = &initial_stats;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;

/* Runs in every child of fork(): a worker thread may have held stats_lock
 * when the parent forked, so the child gets fresh counters and a fresh lock. */
static void stats_reset_in_child(void)
{
  /* BUG(atfork-child-unsafe-call): malloc() in a pthread_atfork child handler: the handler runs in the child of a multithreaded fork, where malloc is not async-signal-safe */
  struct stats *fresh = malloc(sizeof *fresh);
  if (fresh != NULL) {
    memset(fresh, 0, sizeof *fresh);
    stats = fresh;
  }
  /* Not POSIX async-signal-safe, but glibc's init only stores: the linux profile's list has it */
  pthread_mutex_init(&stats_lock, NULL);
}

void hooks_install(void)
{
  pthread_atfork(NULL, NULL, stats_reset_in_child);
}

void stats_record(unsigned long checksum)
{
  pthread_mutex_lock(&stats_lock);
  stats->count++;
  stats->checksum += checksum;
  pthread_mutex_unlock(&stats_lock);
}

void stats_read(unsigned long *count, unsigned long *checksum)
{
  pthread_mutex_lock(&stats_lock);
  *count = stats->count;
  *checksum = stats->checksum;
  pthread_mutex_unlock(&stats_lock);
}
