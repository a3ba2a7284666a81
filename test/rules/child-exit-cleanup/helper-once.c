// A die() helper called many times in one child is one finding, at its
// first call, with a note at every other call: the fix is the same at each
// (or in the helper). Another helper, or exit() itself, is its own finding.
// RUN: not %forkcheck --exit-cleanup=always --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
// With another thread, exit() is not async-signal-safe either (posix profile),
// and every call of the helper stays this rule's: child-unsafe-call reports
// none of them, the other calls included.
// RUN: not %forkcheck --profile=posix --exit-cleanup=always --disable=all --enable=child-exit-cleanup --enable=child-unsafe-call %s -- -DTHREADS -pthread | FileCheck %s --check-prefix=THREADS
// THREADS-NOT: [child-unsafe-call]
// In SARIF the other calls are related locations of the one result, which
// the official validator accepts:
// RUN: rm -rf %t && mkdir -p %t
// RUN: %expect-exit 1 %forkcheck --exit-cleanup=always --format=sarif --disable=all --enable=child-exit-cleanup %s > %t/out.sarif
// RUN: %sarif-multitool validate --rule-kind "Gh;Sarif" --level "Error;Warning" --log ForceOverwrite -o %t/validation.sarif %t/out.sarif
// RUN: %python3 %S/../../cli/Inputs/check-sarif.py %t/out.sarif %t/validation.sarif | FileCheck %s --check-prefix=SARIF
// SARIF: 2 results ok
// SARIF: validator: no errors, no warnings
// RUN: %python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['runs'][0]['results'][0]; print(sorted(l['physicalLocation']['region']['startLine'] for l in r['relatedLocations'] if 'here too' in l['message']['text']))" %t/out.sarif | FileCheck %s --check-prefix=RELATED
// RELATED: [54, 57]
// THREADS: helper-once.c:52:5: warning: call to 'checked_write' reaches 'exit'
// THREADS: note: another thread may be running at the fork
// THREADS-NOT: [child-unsafe-call]
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void checked_write(int fd, const void *buf, size_t n) {
  if (write(fd, buf, n) != (ssize_t)n)
    exit(1);
}

static void die(int status) {
  exit(status);
}

#ifdef THREADS
#include <pthread.h>
static void *work(void *arg) { return arg; }
#endif

int main(int argc, char **argv) {
  int fds[2];
#ifdef THREADS
  pthread_t t;
  pthread_create(&t, NULL, work, NULL);
#endif
  if (pipe(fds) < 0)
    return 1;
  pid_t pid = fork();
  if (pid == 0) {
    checked_write(fds[1], "a", 1);
    if (argc > 1)
      checked_write(fds[1], argv[1], strlen(argv[1]));
    if (chdir("/") < 0)
      die(2);
    checked_write(fds[1], "b", 1);
    execv(argv[1], argv + 1);
    _exit(127);
  }
  return 0;
}
// CHECK: helper-once.c:52:5: warning: call to 'checked_write' reaches 'exit'
// CHECK: helper-once.c:30:5: note: 'checked_write' calls 'exit' here
// CHECK: helper-once.c:50:15: note: child process created here
// CHECK: helper-once.c:52:5: note: use _exit() in the child
// CHECK: helper-once.c:54:7: note: the child calls 'checked_write' here too
// CHECK: helper-once.c:57:5: note: the child calls 'checked_write' here too
// CHECK: helper-once.c:56:7: warning: call to 'die' reaches 'exit'
// CHECK: helper-once.c:34:3: note: 'die' calls 'exit' here
// CHECK: helper-once.c:50:15: note: child process created here
// CHECK: helper-once.c:56:7: note: use _exit() in the child
