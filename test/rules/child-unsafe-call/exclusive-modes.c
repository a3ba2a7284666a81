// A benchmark that runs its workers as processes or as threads, by a mode
// option (rt-tests' hackbench: `switch (process_mode)`, fork() in one case
// and pthread_create() in the other, called in a loop). The mode is a
// settled global: only main's option parsing assigns it. In process mode
// no thread is ever started, so the forking process is single-threaded at
// every fork: nothing is reported. A mode that forks and also starts a
// thread, or a mode a signal handler may change (volatile), leaves threads
// possible at the fork: reported.
// RUN: %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --allow-empty --check-prefix=NONE --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread -DBOTH | FileCheck %s --check-prefix=BOTH --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread -DVOLATILE_MODE | FileCheck %s --check-prefix=VOL --implicit-check-not='{{warning|note}}:'
// NONE-NOT: warning
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PROCESS_MODE 0
#define THREAD_MODE 1

#ifdef VOLATILE_MODE
static volatile sig_atomic_t process_mode = PROCESS_MODE;
#else
static unsigned int process_mode = PROCESS_MODE;
#endif

static void barf(const char *msg) {
  fprintf(stderr, "%s: %s\n", msg, strerror(errno));
  exit(1);
}

static void *sender(void *ctx) {
  if (!ctx)
    barf("write");
  return NULL;
}

static int create_worker(void *ctx, void *(*func)(void *)) {
  pthread_t t;
  switch (process_mode) {
  case PROCESS_MODE:
#ifdef BOTH
    if (pthread_create(&t, NULL, func, ctx) != 0)
      return -1;
#endif
    switch (fork()) {
    case -1:
      return -1;
    case 0:
      (*func)(ctx);
      _exit(0);
    }
    break;
  case THREAD_MODE:
    if (pthread_create(&t, NULL, func, ctx) != 0)
      return -1;
    break;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "-T"))
    process_mode = THREAD_MODE;
  for (int i = 0; i < 4; i++)
    create_worker(argv, sender);
  while (wait(NULL) > 0)
    ;
  return 0;
}
// BOTH: exclusive-modes.c:[[@LINE-21]]:7: warning: call to '<indirect>' reaches 'strerror', 'fprintf' and 'exit', which a
// BOTH: exclusive-modes.c:[[@LINE-22]]:7: note: '<indirect>' may call 'sender' here
// BOTH: exclusive-modes.c:[[@LINE-39]]:5: note: 'sender' calls 'barf' here
// BOTH: exclusive-modes.c:[[@LINE-46]]:36: note: 'barf' calls 'strerror' here
// BOTH: exclusive-modes.c:[[@LINE-25]]:7: note: '<indirect>' may call 'sender' here
// BOTH: exclusive-modes.c:[[@LINE-42]]:5: note: 'sender' calls 'barf' here
// BOTH: exclusive-modes.c:[[@LINE-49]]:3: note: 'barf' calls 'fprintf' here
// BOTH: exclusive-modes.c:[[@LINE-28]]:7: note: '<indirect>' may call 'sender' here
// BOTH: exclusive-modes.c:[[@LINE-45]]:5: note: 'sender' calls 'barf' here
// BOTH: exclusive-modes.c:[[@LINE-51]]:3: note: 'barf' calls 'exit' here
// BOTH: exclusive-modes.c:[[@LINE-35]]:13: note: child process created here
// BOTH: exclusive-modes.c:[[@LINE-39]]:9: note: another thread may be running at the fork: 'pthread_create' starts one
// BOTH: exclusive-modes.c:[[@LINE-33]]:7: note: until exec or _exit, call only async-signal-safe functions: prepare ev
// VOL: exclusive-modes.c:[[@LINE-34]]:7: warning: call to '<indirect>' reaches 'strerror', 'fprintf' and 'exit', which a
// VOL: exclusive-modes.c:[[@LINE-35]]:7: note: '<indirect>' may call 'sender' here
// VOL: exclusive-modes.c:[[@LINE-52]]:5: note: 'sender' calls 'barf' here
// VOL: exclusive-modes.c:[[@LINE-59]]:36: note: 'barf' calls 'strerror' here
// VOL: exclusive-modes.c:[[@LINE-38]]:7: note: '<indirect>' may call 'sender' here
// VOL: exclusive-modes.c:[[@LINE-55]]:5: note: 'sender' calls 'barf' here
// VOL: exclusive-modes.c:[[@LINE-62]]:3: note: 'barf' calls 'fprintf' here
// VOL: exclusive-modes.c:[[@LINE-41]]:7: note: '<indirect>' may call 'sender' here
// VOL: exclusive-modes.c:[[@LINE-58]]:5: note: 'sender' calls 'barf' here
// VOL: exclusive-modes.c:[[@LINE-64]]:3: note: 'barf' calls 'exit' here
// VOL: exclusive-modes.c:[[@LINE-48]]:13: note: child process created here
// VOL: exclusive-modes.c:[[@LINE-29]]:5: note: another thread may be running at the fork: 'create_worker', called her
// VOL: exclusive-modes.c:[[@LINE-41]]:9: note: 'create_worker' calls 'pthread_create' here
// VOL: exclusive-modes.c:[[@LINE-47]]:7: note: until exec or _exit, call only async-signal-safe functions: prepare ev
