/* Process setup done in the child of a legacy job, before exec. */
#include "jobrunner.h"

#include <sys/stat.h>
#include <unistd.h>

void prepare_child(const struct job *job)
{
  static const char msg[] = "jobrunner: cannot drop privileges\n";

  umask(022);
  setpgid(0, 0); /* own process group, so a job cannot signal the daemon's */
  if (job->run_as != NULL && drop_privileges(job->run_as) < 0) {
    ssize_t n = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)n;
    _exit(126);
  }
}
