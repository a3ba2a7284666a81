// With no thread start seen, threads are a hypothesis (a library's host
// with --threads=library, here: the file has no main). Then the allocator and stdio are not
// reported: the C library's fork() locks them before the fork and resets
// them in the child. What stays unsafe even then (the user database, the
// message catalogue's lock behind strerror) is. Where the library starts a
// thread itself, that thread start is the evidence (and the allocator is
// left out all the same in the linux profile: glibc-fork-resets.c);
// major() and makedev() are bit arithmetic. The stream-state queries
// (ferror(), __fpending()) are stdio; glibc's mkstemp() draws its name from
// getrandom() and opens with O_EXCL: safe in the linux profile.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s --threads=library | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

int run_helper(const char *helper, const char *opt) {
  pid_t pid = fork();
  if (pid == 0) {
    char *o = strdup(opt);
    char num[16];
    snprintf(num, sizeof num, "%d", 3);
    fprintf(stderr, "running %s %s\n", helper, o);
    fputc_unlocked('\n', stderr);
    fflush(stderr);
    if (ferror(stderr) || __fpending(stderr))
      _exit(126);
    char tmp[] = "/tmp/helperXXXXXX";
    close(mkstemp(tmp));
    free(malloc(8));
    execl(helper, helper, o, num, (char *)NULL);
    // CHECK: hypothetical-threads.c:[[@LINE+4]]:42: warning: 'strerror' is not async-signal-safe
    // CHECK: hypothetical-threads.c:[[@LINE-15]]:15: note: child process created here
    // CHECK: hypothetical-threads.c:[[@LINE-17]]:5: note: another thread may be running at the fork: the analysed files have no 'main'
    // CHECK: hypothetical-threads.c:[[@LINE+1]]:42: note: until exec or _exit
    fprintf(stderr, "exec failed: %s\n", strerror(2));
    _exit(127);
  }
  return pid < 0 || waitpid(pid, NULL, 0) < 0;
}

int run_as(const char *user) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: hypothetical-threads.c:[[@LINE+4]]:25: warning: 'getpwnam' is not async-signal-safe
    // CHECK: hypothetical-threads.c:[[@LINE-3]]:15: note: child process created here
    // CHECK: hypothetical-threads.c:[[@LINE-5]]:5: note: another thread may be running at the fork: the analysed files have no 'main'
    // CHECK: hypothetical-threads.c:[[@LINE+1]]:25: note: until exec or _exit
    struct passwd *pw = getpwnam(user);
    _exit(pw == NULL);
  }
  return pid;
}

static void *worker(void *arg) { return arg; }

int run_with_worker(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pid_t pid = fork();
  if (pid == 0) {
    if (major(makedev(8, 1)) != 8) /* glibc's gnu_dev_*: bit arithmetic */
      _exit(2);
    // CHECK: hypothetical-threads.c:[[@LINE+4]]:24: warning: 'getpwuid' is not async-signal-safe
    // CHECK: hypothetical-threads.c:[[@LINE-5]]:15: note: child process created here
    // CHECK: hypothetical-threads.c:[[@LINE-7]]:3: note: another thread may be running at the fork: 'pthread_create' starts one here
    // CHECK: hypothetical-threads.c:[[@LINE+1]]:24: note: until exec or _exit
    struct passwd *b = getpwuid(0);
    _exit(b == NULL);
  }
  return pid;
}
