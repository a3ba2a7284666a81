/* Privilege handling for jobs that run as another user. */
#include "jobrunner.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

/* Switches the calling process to `user`. Returns 0 (also when not running
 * as root, in which case there is nothing to drop), -1 on failure. */
int drop_privileges(const char *user)
{
  /* Not async-signal-safe (NSS: malloc, file and socket I/O, locks), and
   * reached from a forked child: spawn_job_legacy() -> prepare_child()
   * (child.c) -> here. The finding is reported at the call in spawn.c. */
  struct passwd *pw = getpwnam(user);
  if (pw == NULL)
    return -1;
  if (geteuid() != 0)
    return 0;
  if (setgroups(0, NULL) < 0 || setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0)
    return -1;
  return 0;
}
