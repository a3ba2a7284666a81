// snprintf() and sprintf() format into the caller's buffer through a
// string stream that takes no lock, and strcasecmp() reads the locale's
// case table: in the child of a multithreaded program they wait for no
// lock another thread held (a CGI server's child building its
// environment). The linux profile takes them as safe; POSIX does not list
// them, and --profile=posix reports them. syslog() takes a lock of its
// own that fork() does not reset: reported either way.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s | FileCheck %s --check-prefix=LINUX --implicit-check-not='warning:'
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s | FileCheck %s --check-prefix=POSIX --implicit-check-not='warning:'
#include <syslog.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static void *serve(void *arg) { return arg; }

static void run_cgi(const char *method, const char *path, int length) {
  char env[255];
  pid_t pid = fork();
  if (pid == 0) {
    // POSIX: format-in-memory.c:[[@LINE+1]]:5: warning: 'sprintf' is not async-signal-safe
    sprintf(env, "REQUEST_METHOD=%s", method);
    // POSIX: format-in-memory.c:[[@LINE+1]]:9: warning: 'strcasecmp' is not async-signal-safe
    if (strcasecmp(method, "POST") == 0)
      // POSIX: format-in-memory.c:[[@LINE+1]]:7: warning: 'snprintf' is not async-signal-safe
      snprintf(env, sizeof env, "CONTENT_LENGTH=%d", length);
    execl(path, path, (char *)NULL);
    // LINUX: format-in-memory.c:[[@LINE+2]]:5: warning: 'syslog' is not async-signal-safe
    // POSIX: format-in-memory.c:[[@LINE+1]]:5: warning: 'syslog' is not async-signal-safe
    syslog(LOG_ERR, "cannot run %s\n", path);
    _exit(127);
  }
}

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, serve, NULL);
  run_cgi(argc > 1 ? argv[1] : "GET", "/usr/lib/cgi-bin/env", 0);
  return 0;
}
