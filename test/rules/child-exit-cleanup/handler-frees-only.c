// A handler that only frees what the process holds (OpenRC's
// free_rc_dirs(), through a function of the program that calls free()
// alone) frees the child's own copy: the exit() of a child that never
// execs has no harm to do; nor does one that unloads a module with
// dlclose() (shadow's nss_exit()), nor closelog() registered itself
// (earlyoom's atexit(closelog)). A handler that removes a file does.
// RUN: %forkcheck --disable=all --enable=child-exit-cleanup %s | count 0
// RUN: %forkcheck --disable=all --enable=child-exit-cleanup %s -- -DSYSLOG | count 0
// RUN: %forkcheck --disable=all --enable=child-exit-cleanup %s -- -DMODULE | count 0
// RUN: not %forkcheck --disable=all --enable=child-exit-cleanup %s -- -DREMOVES | FileCheck %s --implicit-check-not='warning:'
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

static char *dirs[4];
static void *module;

static void free_list(char **v, int n) {
  for (int i = 0; i < n; i++)
    free(v[i]);
}

static void free_dirs(void) {
  free_list(dirs, 4);
#ifdef MODULE
  if (module != NULL)
    dlclose(module);
#endif
#ifdef REMOVES
  unlink("/run/logger.pid");
#endif
}

static int write_log(int fd) { return (int)write(fd, "started\n", 8); }

int main(void) {
#ifdef SYSLOG
  openlog("job", LOG_PID, LOG_DAEMON);
  atexit(closelog);
#endif
  atexit(free_dirs);
  pid_t pid = fork();
  if (pid == 0) {
    write_log(1);
    // CHECK: handler-frees-only.c:[[@LINE+2]]:5: warning: 'exit' in the child
    // CHECK: handler-frees-only.c:43:3: note: the program registers 'free_dirs' with atexit() here
    exit(0);
  }
  return pid < 0 || waitpid(pid, NULL, 0) < 0;
}
