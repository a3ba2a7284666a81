// The safe list: POSIX plus Linux syscall wrappers by default,
// --profile=posix for the strict list, --safe-function to add names.
// Functions without a definition in the program and unknown to the list are
// "not known to be" async-signal-safe.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s --threads=yes | FileCheck %s --check-prefix=LINUX --implicit-check-not=warning:
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s --threads=yes --profile=posix | FileCheck %s --check-prefixes=LINUX,POSIX --implicit-check-not=warning:
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s --threads=yes --safe-function=custom_reset --safe-function=prctl --profile=posix | FileCheck %s --check-prefix=POSIX2 --implicit-check-not=warning:
#define _GNU_SOURCE
#include <sys/prctl.h>
#include <unistd.h>

void custom_reset(void);

int main(void) {
  pid_t pid = fork();
  if (pid == 0) {
    // LINUX: safe-list.c:[[@LINE+1]]:5: warning: 'custom_reset' is not known to be async-signal-safe
    custom_reset();
    // POSIX: safe-list.c:[[@LINE+1]]:5: warning: 'prctl' is not async-signal-safe
    prctl(PR_SET_PDEATHSIG, 9);
    // POSIX: safe-list.c:[[@LINE+2]]:5: warning: 'close_range' is not async-signal-safe
    // POSIX2: safe-list.c:[[@LINE+1]]:5: warning: 'close_range' is not async-signal-safe
    close_range(3, ~0U, 0);
    write(2, "x", 1);
    _exit(0);
  }
  return 0;
}
