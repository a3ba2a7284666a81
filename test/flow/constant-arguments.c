// A function that reaches exit() (or an unsafe call) only on paths guarded
// by a test of one of its parameters does not reach it from a call whose
// constant argument makes that test false: acquire_lock(1) where exit() is
// under `if (!closeflag)`, log_redirect(NULL) where it is under
// `if (path != NULL)`, describe(&line) where it is under `if (out == NULL)`
// (an address is never 0). The same functions called with other arguments, or
// with a parameter the function assigns before testing it, still reach it.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-exit-cleanup --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <syslog.h>
#include <stdlib.h>
#include <unistd.h>

static int lock_fd = -1;

void acquire_lock(int closeflag) {
  if (closeflag) {
    if (lock_fd != -1)
      close(lock_fd);
    return;
  }
  if ((lock_fd = open("/run/job.pid", O_RDWR | O_CREAT, 0600)) == -1)
    exit(1);
}

void log_redirect(const char *path) {
  int fd;
  if (path == NULL)
    return;
  if ((fd = open(path, O_WRONLY | O_APPEND)) == -1)
    exit(1);
  dup2(fd, 2);
}

void report(int verbose) {
  if (verbose)
    syslog(LOG_INFO, "child started");
}

void report_reset(int verbose) {
  verbose = getenv("VERBOSE") != NULL;
  if (verbose)
    syslog(LOG_INFO, "child started");
}

struct line {
  char text[64];
};

void describe(struct line *out) {
  if (out == NULL) {
    syslog(LOG_INFO, "child started");
    return;
  }
  out->text[0] = '\0';
}

void describe_into(struct line *out) { describe(out); }

static void *worker(void *arg) { return arg; }

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  if (fork() == 0) {
    acquire_lock(1);    /* closes only */
    log_redirect(NULL); /* keeps stderr */
    report(0);          /* quiet */
    struct line line;
    describe(&line);      /* fills a line */
    describe_into(&line); /* the same, a call further */
    // CHECK: constant-arguments.c:[[@LINE+1]]:5: warning: call to 'acquire_lock' reaches 'exit', {{.*}} [child-exit-cleanup]
    acquire_lock(0);
    // CHECK: note: 'acquire_lock' calls 'exit' here
    // CHECK: note: child process created here
    // CHECK: note: another thread may be running at the fork
    // CHECK: note: use _exit() in the child
    // CHECK: constant-arguments.c:[[@LINE+1]]:5: warning: call to 'log_redirect' reaches 'exit', {{.*}} [child-exit-cleanup]
    log_redirect(argv[1]);
    // CHECK: note: 'log_redirect' calls 'exit' here
    // CHECK: note: child process created here
    // CHECK: note: another thread may be running at the fork
    // CHECK: note: use _exit() in the child
    // CHECK: constant-arguments.c:[[@LINE+1]]:5: warning: call to 'report_reset' reaches 'getenv' and 'syslog', which are not async-signal-safe, in the child of a multithreaded program [child-unsafe-call]
    report_reset(0);
    // CHECK: note: 'report_reset' calls 'getenv' here
    // CHECK: note: 'report_reset' calls 'syslog' here
    // CHECK: note: child process created here
    // CHECK: note: another thread may be running at the fork
    // CHECK: note: until exec or _exit
    _exit(0);
  }
  return argc;
}
