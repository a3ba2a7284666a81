// exit() in a threaded child (posix profile) is one finding, this
// rule's, with the evidence that another thread may be running: not also a
// child-unsafe-call finding. Turning this rule off (--disable, or Checks in
// .forkcheck) gives the call back to child-unsafe-call; a NOLINT for this
// rule only hides the finding, it does not hand it over.
// RUN: not %forkcheck --profile=posix %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --profile=posix --disable=child-exit-cleanup %s -- -pthread | FileCheck %s --check-prefix=OFF --implicit-check-not='{{warning|note}}:'
// RUN: rm -rf %t && mkdir %t && cp %s %t/one-finding-per-call.c
// RUN: printf "Checks: '-child-exit-cleanup'\n" > %t/.forkcheck
// RUN: not %forkcheck --profile=posix %t/one-finding-per-call.c -- -pthread | FileCheck %s --check-prefix=OFF --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --profile=posix --show-suppressed %s -- -pthread | FileCheck %s --check-prefix=SHOWN --implicit-check-not='warning:'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void *poll_queue(void *arg) { return arg; }

static void give_up(void) { exit(3); }

int start_poller(void) {
  pthread_t t;
  return pthread_create(&t, NULL, poll_queue, NULL);
}

int run_helper(char **argv) {
  start_poller();
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    execv(argv[0], argv);
    if (argv[1])
      // CHECK: one-finding-per-call.c:[[@LINE+6]]:7: warning: call to 'give_up' reaches 'exit', which runs the parent's exit-time cleanup in the child of fork() [child-exit-cleanup]
      // CHECK: note: 'give_up' calls 'exit' here
      // CHECK: note: child process created here
      // CHECK: one-finding-per-call.c:[[@LINE-10]]:3: note: another thread may be running at the fork: 'start_poller', called here, starts one
      // CHECK: note: 'start_poller' calls 'pthread_create' here
      // CHECK: note: use _exit() in the child
      give_up();
    // OFF: one-finding-per-call.c:[[@LINE-1]]:7: warning: call to 'give_up' reaches 'exit', which is not async-signal-safe, in the child of a multithreaded program [child-unsafe-call]
    // OFF: note: 'give_up' calls 'exit' here
    // OFF: note: child process created here
    // OFF: note: another thread may be running at the fork
    // OFF: note: 'start_poller' calls 'pthread_create' here
    // OFF: note: until exec or _exit
    if (argv[2])
      exit(126); // NOLINT(forkcheck-child-exit-cleanup)
    // OFF: one-finding-per-call.c:[[@LINE-1]]:7: warning: 'exit' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
    // OFF: note: child process created here
    // OFF: note: another thread may be running at the fork
    // OFF: note: 'start_poller' calls 'pthread_create' here
    // OFF: note: until exec or _exit
    // SHOWN: one-finding-per-call.c:41:7: warning: call to 'give_up' {{.*}} [child-exit-cleanup]{{$}}
    // SHOWN: one-finding-per-call.c:49:7: warning: 'exit' {{.*}} [child-exit-cleanup] (suppressed)
    // The child's exit() calls are one finding, the first's: a NOLINT there
    // covers the child's other exit() calls, which are its notes.
    // SHOWN: one-finding-per-call.c:[[@LINE+1]]:5: note: the child calls 'exit' here too
    exit(127);
    // OFF: one-finding-per-call.c:[[@LINE-1]]:5: warning: 'exit' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
    // OFF: note: child process created here
    // OFF: note: another thread may be running at the fork
    // OFF: note: 'start_poller' calls 'pthread_create' here
    // OFF: note: until exec or _exit
  }
  int status;
  return waitpid(pid, &status, 0) < 0 ? -1 : status;
}

// A child that becomes the process (its parent leaves at once) is not this
// rule's to judge: its exit() stays child-unsafe-call's, threads being there
// (main started one through run_helper()).
int become_poller_daemon(void) {
  pid_t pid = fork();
  if (pid != 0)
    _exit(pid < 0);
  // CHECK: one-finding-per-call.c:[[@LINE+13]]:3: warning: 'exit' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
  // CHECK: note: child process created here
  // CHECK: note: another thread may be running at the fork: 'run_helper', called here, starts one
  // CHECK: note: 'run_helper' calls 'start_poller' here
  // CHECK: note: 'start_poller' calls 'pthread_create' here
  // CHECK: note: until exec or _exit
  // OFF: one-finding-per-call.c:[[@LINE+7]]:3: warning: 'exit' is not async-signal-safe
  // OFF: note: child process created here
  // OFF: note: another thread may be running at the fork: 'run_helper', called here, starts one
  // OFF: note: 'run_helper' calls 'start_poller' here
  // OFF: note: 'start_poller' calls 'pthread_create' here
  // OFF: note: until exec or _exit
  // SHOWN: one-finding-per-call.c:[[@LINE+1]]:3: warning: 'exit' {{.*}} [child-unsafe-call]
  exit(0);
}

int main(int argc, char **argv) {
  (void)argc;
  return run_helper(argv) || become_poller_daemon();
}
