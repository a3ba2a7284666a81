/* Statistics the workers update, and the fork handler that resets them. */
#include "jobrunner.h"

#include <stdlib.h>
#include <string.h>
#include <syslog.h>

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
  /* BUG(atfork-child-unsafe-call): syslog() in a pthread_atfork child handler: the handler runs in the child of a multithreaded fork, where another thread may have held syslog's lock, which fork() does not reset */
  syslog(LOG_DEBUG, "jobrunner: statistics reset in a child");
  memset(&initial_stats, 0, sizeof initial_stats);
  stats = &initial_stats;
  /* stats_lock may be held by a thread that does not exist here:
   * a new one, not an unlock (this handler has no prepare handler). */
  /* Not POSIX async-signal-safe, but glibc's init only stores: the linux profile's list has it */
  pthread_mutex_init(&stats_lock, NULL);
}

/* Logs the totals when the daemon exits. */
static void log_totals(void)
{
  syslog(LOG_INFO, "jobrunner: %lu names checksummed", stats->count);
}

void hooks_install(void)
{
  pthread_atfork(NULL, NULL, stats_reset_in_child);
  atexit(log_totals);
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
