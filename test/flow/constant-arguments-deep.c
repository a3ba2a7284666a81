// Constant arguments through several calls: a flag handed on from one
// function to the next (`start(0)` -> `prepare(quiet)` -> `say(quiet)`), a
// function that passes a constant itself (`prepare_quietly()` calling
// `say(1)`), and a chain of three in which the test is at the bottom. A
// flag the middle function changes before passing it on, or a variable
// whose value is not known, still reaches the unsafe call.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <syslog.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void say(int quiet, const char *what) {
  if (!quiet)
    syslog(LOG_ERR, "%s\n", what);
}

static void prepare(int quiet) {
  say(quiet, "preparing");
}

static void prepare_quietly(void) { say(1, "preparing"); }

static void prepare_verbosely(void) { say(0, "preparing"); }

static void prepare_if(int quiet) {
  quiet = quiet && getenv("QUIET") != NULL;
  say(quiet, "preparing");
}

static void level3(const char *log) {
  if (log != NULL)
    syslog(LOG_ERR, "log %s\n", log);
}
static void level2(int n, const char *log) { level3(log); (void)n; }
static void level1(const char *log) { level2(2, log); }

static void *worker(void *arg) { return arg; }

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  if (fork() == 0) {
    prepare(1);
    prepare_quietly();
    level1(NULL);
    // CHECK: constant-arguments-deep.c:[[@LINE+1]]:5: warning: call to 'prepare' reaches 'syslog'{{.*}} [child-unsafe-call]
    prepare(0);
    // CHECK: note: 'prepare' calls 'say' here
    // CHECK: note: 'say' calls 'syslog' here
    // CHECK: note: child process created here
    // CHECK: note: another thread may be running at the fork
    // CHECK: note: until exec or _exit
    // CHECK: constant-arguments-deep.c:[[@LINE+1]]:5: warning: call to 'prepare_verbosely' reaches 'syslog'{{.*}} [child-unsafe-call]
    prepare_verbosely();
    // CHECK: note: 'prepare_verbosely' calls 'say' here
    // CHECK: note: 'say' calls 'syslog' here
    // CHECK: note: child process created here
    // CHECK: note: another thread may be running at the fork
    // CHECK: note: until exec or _exit
    // CHECK: constant-arguments-deep.c:[[@LINE+1]]:5: warning: call to 'prepare_if' reaches 'syslog'{{.*}} [child-unsafe-call]
    prepare_if(1);
    // CHECK: note: 'prepare_if' calls 'say' here
    // CHECK: note: 'say' calls 'syslog' here
    // CHECK: note: child process created here
    // CHECK: note: another thread may be running at the fork
    // CHECK: note: until exec or _exit
    // CHECK: constant-arguments-deep.c:[[@LINE+1]]:5: warning: call to 'level1' reaches 'syslog'{{.*}} [child-unsafe-call]
    level1(argv[1]);
    // CHECK: note: 'level1' calls 'level2' here
    // CHECK: note: 'level2' calls 'level3' here
    // CHECK: note: 'level3' calls 'syslog' here
    // CHECK: note: child process created here
    // CHECK: note: another thread may be running at the fork
    // CHECK: note: until exec or _exit
    _exit(0);
  }
  return argc;
}
