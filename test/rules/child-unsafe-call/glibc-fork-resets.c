// glibc's fork() takes the allocator's locks and the stdio list lock
// before the fork and resets them, and every stream's lock, in the child
// (musl's does the same from 1.2.2): in the linux profile, allocation and
// stdio in the child of a multithreaded program are not reported, even
// with a thread start seen. What fork() does not reset is: syslog's lock,
// the time zone's, the environment's. exit() flushes with the stdio locks
// fork() reset: it is child-exit-cleanup's to judge by the work it runs
// (-DEXIT). malloc_usable_size() reads a chunk's header: the allocator's.
// --profile=posix reports both.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --check-prefix=LINUX --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --check-prefix=POSIX --implicit-check-not='warning:'
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -pthread -DEXIT | FileCheck %s --check-prefix=LINUX --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread -DEXIT | FileCheck %s --check-prefixes=POSIX,POSIX-EXIT --implicit-check-not='warning:'
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

static void *reader(void *arg) { return arg; }

static char **make_argv(const char *prog) {
  char **argv = calloc(2, sizeof *argv);
  if (argv != NULL)
    argv[0] = strdup(prog);
  return argv;
}

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, reader, NULL);
  pid_t pid = fork();
  if (pid == 0) {
    // POSIX: glibc-fork-resets.c:[[@LINE+1]]:19: warning: call to 'make_argv' reaches 'calloc' and 'strdup'
    char **args = make_argv(argc > 1 ? argv[1] : "true");
    execv(args[0], args);
    // POSIX: glibc-fork-resets.c:[[@LINE+1]]:5: warning: 'perror' is not async-signal-safe
    perror("exec");
    // LINUX: glibc-fork-resets.c:[[@LINE+6]]:5: warning: 'syslog' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
    // LINUX: glibc-fork-resets.c:[[@LINE-8]]:15: note: child process created here
    // LINUX: glibc-fork-resets.c:[[@LINE-10]]:3: note: another thread may be running at the fork: 'pthread_create' starts one here
    // LINUX: glibc-fork-resets.c:[[@LINE+3]]:5: note: until exec or _exit
    // POSIX: glibc-fork-resets.c:[[@LINE+2]]:5: warning: 'syslog' is not async-signal-safe
    // POSIX: glibc-fork-resets.c:[[@LINE+2]]:5: warning: 'free' is not async-signal-safe
    syslog(LOG_ERR, "cannot run %s", args[0]);
    free(args);
    // POSIX: glibc-fork-resets.c:[[@LINE+1]]:11: warning: 'malloc_usable_size' is not
    (void)malloc_usable_size(argv);
#ifdef EXIT
    // POSIX-EXIT: glibc-fork-resets.c:[[@LINE+1]]:5: warning: 'exit' is not async-signal-safe
    exit(127);
#else
    _exit(127);
#endif
  }
  return 0;
}
