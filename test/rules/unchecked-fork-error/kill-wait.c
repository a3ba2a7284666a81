// -1 reaching kill(), kill(-pid), killpg() or waitpid() in the parent.
// killpg(-1) is undefined in POSIX (the BSDs' is kill(1, sig), init); glibc's
// and musl's refuse a negative group and signal nothing: reported only with
// --profile=posix.
// RUN: not %forkcheck --disable=all --enable=unchecked-fork-error %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --profile=posix --disable=all --enable=unchecked-fork-error %s | FileCheck %s --check-prefixes=CHECK,POSIX --implicit-check-not='{{warning|note}}:'
#define _DEFAULT_SOURCE
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

void work(void);

int watchdog(unsigned timeout, pid_t target) {
  int status;
  // CHECK: kill-wait.c:[[@LINE+1]]:15: warning: 'fork' returns -1 on failure, and -1 reaches kill(): kill(-1, ...) signals every process the caller may signal [unchecked-fork-error]
  pid_t pid = fork();
  if (pid == 0) {
    sleep(timeout);
    kill(target, SIGTERM);
    _exit(0);
  }
  work();
  // CHECK: kill-wait.c:[[@LINE+3]]:3: note: with -1, 'kill' sends the signal to every process the caller may signal
  // CHECK: kill-wait.c:[[@LINE+3]]:7: note: with -1, 'waitpid' waits for any child, not this one
  // CHECK: kill-wait.c:17:15: note: handle -1 first: if (pid < 0) { report the error; return or exit }
  kill(pid, SIGTERM);
  if (waitpid(pid, &status, 0) < 0)
    return -1;
  return 0;
}

void group(void) {
  // CHECK: kill-wait.c:[[@LINE+1]]:15: warning: 'fork' returns -1 on failure, and -1 reaches kill(-pid, ...): kill(1, ...) signals init [unchecked-fork-error]
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    pause();
    _exit(0);
  }
  work();
  // CHECK: kill-wait.c:[[@LINE+4]]:3: note: with -1, 'kill(-pid, ...)' sends the signal to process 1 (init)
  // POSIX: kill-wait.c:[[@LINE+4]]:3: note: with -1, 'killpg' is undefined: POSIX leaves a group <= 1 undefined, and the BSDs' killpg(-1, sig) is kill(1, sig), which signals init
  // CHECK: kill-wait.c:48:3: note: with -1, 'waitpid' waits for any child, not this one
  // CHECK: kill-wait.c:35:15: note: handle -1 first: if (pid < 0) { report the error; return or exit }
  kill(-pid, SIGTERM);
  killpg(pid, SIGKILL);
  waitpid(pid, NULL, 0);
}

int waits(void) {
  int status;
  // CHECK: kill-wait.c:[[@LINE+3]]:15: warning: 'fork' returns -1 on failure, and -1 reaches the wait: waitpid(-1, ...) waits for any child [unchecked-fork-error]
  // CHECK: kill-wait.c:59:3: note: with -1, 'waitpid' waits for any child, not this one
  // CHECK: kill-wait.c:56:15: note: handle -1 first: if (pid < 0) { report the error; return or exit }
  pid_t pid = fork();
  if (pid == 0)
    _exit(0);
  waitpid(pid, &status, 0);
  return status;
}

// Handled first, or probing only: nothing to report.
int careful(void) {
  int status;
  pid_t pid = fork();
  if (pid == 0) {
    pause();
    _exit(0);
  }
  if (pid < 0)
    return -1;
  work();
  kill(pid, SIGTERM);
  while (waitpid(pid, &status, 0) < 0)
    ;
  return status;
}

int probe(void) {
  pid_t pid = fork();
  if (pid == 0)
    _exit(0);
  int alive = kill(pid, 0) == 0;
  if (pid > 0)
    waitpid(pid, NULL, 0);
  return alive;
}

/* feh's dcraw child: only killpg() gets the pid, in a signal handler. */
static pid_t childpid;
static void on_signal(int sig) {
  if (childpid)
    killpg(childpid, sig);
}
int convert(void) {
  signal(SIGINT, on_signal);
  // POSIX: kill-wait.c:[[@LINE+1]]:14: warning: 'fork' returns -1 on failure, and -1 reaches killpg(), whose behaviour with -1 is undefined (the BSDs signal init) [unchecked-fork-error]
  childpid = fork();
  if (childpid == 0) {
    execlp("dcraw", "dcraw", (char *)NULL);
    _exit(1);
  }
  if (childpid > 0)
    waitpid(childpid, NULL, 0);
  // POSIX: kill-wait.c:[[@LINE+3]]:3: note: on failure the parent goes on from here
  // POSIX: kill-wait.c:[[@LINE-13]]:5: note: with -1, 'killpg' is undefined
  // POSIX: kill-wait.c:[[@LINE-9]]:14: note: handle -1 first
  return 0;
}
