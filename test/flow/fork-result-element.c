// A fork's result stored straight into an element of an array (stress-ng's
// resource hog: `resources[i].pid = fork(); if (resources[i].pid == 0) {
// sleep(10); _exit(0); }` in its allocation loop) is tested right after by
// the same place: the test is the fork's, and the child never comes round
// the loop to the calls at its top, made while the thread runs. Reported:
// the same loop when something is done between the store and the test
// (the element is read again only after a call that may change it), and
// when the test reads another element.
// RUN: %forkcheck --disable=all --enable=child-unsafe-call %s | count 0
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -DCALL_BETWEEN | FileCheck %s --check-prefixes=CHECK,CALL --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -DOTHER_ELEMENT | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct resource {
  pid_t pid;
  char *name;
};

void note_pid(struct resource *r);
static void *worker(void *arg) { return arg; }

void alloc_resources(struct resource *resources, int n, int do_fork) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  for (int i = 0; i < n; i++) {
    resources[i].name = strdup(strerror(i));
    if (do_fork) {
      resources[i].pid = fork();
#ifdef CALL_BETWEEN
      note_pid(&resources[i]);
#endif
#ifdef OTHER_ELEMENT
      if (resources[0].pid == 0) {
#else
      if (resources[i].pid == 0) {
#endif
        sleep(10);
        _exit(0);
      }
    } else {
      resources[i].pid = 0;
    }
  }
}
// CHECK: fork-result-element.c:29:32: warning: 'strerror' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
// CHECK: fork-result-element.c:31:26: note: child process created here
// CHECK: fork-result-element.c:27:3: note: another thread may be running at the fork: 'pthread_create' starts one here
// CHECK: fork-result-element.c:29:32: note: until exec or _exit
// CALL: fork-result-element.c:33:7: warning: 'note_pid' is not known to be async-signal-safe
// CALL: fork-result-element.c:31:26: note: child process created here
// CALL: fork-result-element.c:27:3: note: another thread may be running at the fork
// CALL: fork-result-element.c:33:7: note: until exec or _exit
