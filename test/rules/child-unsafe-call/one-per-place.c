// Unsafe calls at one place in the source (a macro that expands to several
// calls) make one finding, which names every unsafe function they reach,
// each once, with a chain of notes down to each of the first three (chains
// numbered from 0 across the calls). Calls on one line at different columns
// stay apart, and a call whose only unsafe function is exit-time cleanup
// stays child-exit-cleanup's (posix profile: linux judges exit() by its harm).
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call --enable=child-exit-cleanup %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call --max-chains=1 %s -- -pthread | FileCheck %s --check-prefix=ONE --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call --format=json %s -- -pthread | FileCheck %s --check-prefix=JSON
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

static void *pump(void *arg) { return arg; }

static void say(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsyslog(LOG_ERR, fmt, ap);
  va_end(ap);
}

static char *remember(const char *s) {
  say("remember %s\n", s);
  return realpath(s, NULL);
}

static void give_up(int code) { exit(code); }

#define WARN_ERRNO(what) say("%s: %s\n", what, strerror(errno))
#define PRINT_ERRNO(what) syslog(LOG_ERR, "%s: %s\n", what, strerror(errno))
#define NOTE_BOTH(s) (say("%s\n", s), remember(s))
#define GIVE_UP(what) (say("%s\n", what), give_up(2))

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, pump, NULL);
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: one-per-place.c:[[@LINE+5]]:5: warning: calls to 'strerror' and 'say' reach 'strerror' and 'vsyslog', which are not async-signal-safe, in the child of a multithreaded program [child-unsafe-call]
    // CHECK: one-per-place.c:24:3: note: 'say' calls 'vsyslog' here
    // CHECK: note: child process created here
    // CHECK: note: another thread may be running at the fork
    // CHECK: one-per-place.c:[[@LINE+1]]:5: note: until exec or _exit
    WARN_ERRNO("chdir");
    // CHECK: one-per-place.c:[[@LINE+4]]:5: warning: 'strerror' and 'syslog' are not async-signal-safe and are called in the child of a multithreaded program [child-unsafe-call]
    // CHECK: note: child process created here
    // CHECK: note: another thread may be running at the fork
    // CHECK: one-per-place.c:[[@LINE+1]]:5: note: until exec or _exit
    PRINT_ERRNO("open");
    // 'vsyslog' is reached by both calls and named once, with one chain.
    // CHECK: one-per-place.c:[[@LINE+6]]:5: warning: calls to 'say' and 'remember' reach 'vsyslog' and 'realpath', which are not async-signal-safe, in the child of a multithreaded program [child-unsafe-call]
    // CHECK: one-per-place.c:24:3: note: 'say' calls 'vsyslog' here
    // CHECK: one-per-place.c:30:10: note: 'remember' calls 'realpath' here
    // CHECK: note: child process created here
    // CHECK: note: another thread may be running at the fork
    // CHECK: one-per-place.c:[[@LINE+1]]:5: note: until exec or _exit
    NOTE_BOTH("x");
    // Two calls at two columns: two findings.
    // CHECK: one-per-place.c:[[@LINE+9]]:5: warning: call to 'say' reaches 'vsyslog', which is not
    // CHECK: note: 'say' calls 'vsyslog' here
    // CHECK: note: child process created here
    // CHECK: note: another thread may be running at the fork
    // CHECK: note: until exec or _exit
    // CHECK: one-per-place.c:[[@LINE+4]]:17: warning: call to 'say' reaches 'vsyslog', which is not
    // CHECK: note: 'say' calls 'vsyslog' here
    // CHECK: note: child process created here
    // CHECK: note: another thread may be running at the fork
    say("a\n"); say("b\n");
    // CHECK: note: until exec or _exit
    // The exit() is child-exit-cleanup's; 'say' alone is this rule's.
    // CHECK: one-per-place.c:[[@LINE+10]]:5: warning: call to 'give_up' reaches 'exit', which runs the parent's exit-time cleanup in the child of fork() [child-exit-cleanup]
    // CHECK: one-per-place.c:33:33: note: 'give_up' calls 'exit' here
    // CHECK: note: child process created here
    // CHECK: note: another thread may be running at the fork
    // CHECK: note: use _exit()
    // CHECK: one-per-place.c:[[@LINE+5]]:5: warning: call to 'say' reaches 'vsyslog', which is not
    // CHECK: note: 'say' calls 'vsyslog' here
    // CHECK: note: child process created here
    // CHECK: note: another thread may be running at the fork
    // CHECK: note: until exec or _exit
    GIVE_UP("no");
  }
  waitpid(pid, NULL, 0);
  return argc > 1 ? execvp(argv[1], argv + 1) : 0;
}

// ONE: one-per-place.c:50:5: warning: calls to 'strerror' and 'say' reach 'strerror' and 'vsyslog', which are not
// ONE: one-per-place.c:24:3: note: 'say' calls 'vsyslog' here
// ONE-COUNT-3: note:
// ONE: one-per-place.c:55:5: warning: 'strerror' and 'syslog' are not
// ONE-COUNT-3: note:
// ONE: one-per-place.c:63:5: warning: calls to 'say' and 'remember' reach 'vsyslog' and 1 more, which are not
// ONE: one-per-place.c:24:3: note: 'say' calls 'vsyslog' here
// ONE-COUNT-3: note:
// ONE: one-per-place.c:74:5: warning: call to 'say'
// ONE-COUNT-4: note:
// ONE: one-per-place.c:74:17: warning: call to 'say'
// ONE-COUNT-4: note:
// With child-exit-cleanup off, the exit() is this rule's, at the same place.
// ONE: one-per-place.c:87:5: warning: call to 'give_up' reaches 'exit', which is not
// ONE-COUNT-4: note:
// ONE: one-per-place.c:87:5: warning: call to 'say' reaches 'vsyslog', which is not
// ONE-COUNT-4: note:

// JSON: "message": "calls to 'say' and 'remember' reach 'vsyslog' and 'realpath',
// JSON: "message": "'say' calls 'vsyslog' here",
// JSON-NEXT: "chain": 0
// JSON: "message": "'remember' calls 'realpath' here",
// JSON-NEXT: "chain": 1
// JSON: "message": "child process created here"

