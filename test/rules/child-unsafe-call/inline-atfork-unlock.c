// The inline atfork idiom: the parent takes a lock just before fork() and
// both sides release it right after. The child's copy of the lock was taken
// by the forking thread itself, so no other thread can hold it, and the
// child's release is safe. The lock must be the same (variable, member path
// or address) and held on every path to the release; a test around both
// the lock and the release is followed. A release of a lock that is not
// held at the fork on every path stays reported.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <unistd.h>

struct journal {
  pthread_mutex_t guard;
  int threaded;
};

static pthread_mutex_t registry_guard = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_guard = PTHREAD_MUTEX_INITIALIZER;
static struct journal jr;

static void *flusher(void *arg) { return arg; }

pid_t fork_holding_registry(void) {
  pthread_mutex_lock(&registry_guard);
  pid_t pid = fork();
  pthread_mutex_unlock(&registry_guard);
  if (pid == 0)
    _exit(0);
  return pid;
}

pid_t fork_holding_journal(struct journal *j) {
  if (j->threaded)
    pthread_mutex_lock(&j->guard);
  pid_t pid = fork();
  if (pid == 0) {
    if (j->threaded)
      pthread_mutex_unlock(&j->guard);
    _exit(0);
  }
  if (j->threaded)
    pthread_mutex_unlock(&j->guard);
  return pid;
}

pid_t fork_releasing_another(void) {
  pthread_mutex_lock(&registry_guard);
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: inline-atfork-unlock.c:[[@LINE+4]]:5: warning: 'pthread_mutex_unlock' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
    // CHECK: inline-atfork-unlock.c:48:15: note: child process created here
    // CHECK: note: another thread may be running at the fork: 'pthread_create' starts one here
    // CHECK: inline-atfork-unlock.c:54:5: note: until exec or _exit, call only async-signal-safe functions
    pthread_mutex_unlock(&stats_guard);
    _exit(0);
  }
  pthread_mutex_unlock(&registry_guard);
  return pid;
}

pid_t fork_holding_sometimes(int busy) {
  if (busy)
    pthread_mutex_lock(&registry_guard);
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: inline-atfork-unlock.c:[[@LINE+4]]:5: warning: 'pthread_mutex_unlock' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
    // CHECK: inline-atfork-unlock.c:64:15: note: child process created here
    // CHECK: note: another thread may be running at the fork: 'pthread_create' starts one here
    // CHECK: inline-atfork-unlock.c:70:5: note: until exec or _exit, call only async-signal-safe functions
    pthread_mutex_unlock(&registry_guard);
    _exit(0);
  }
  if (busy)
    pthread_mutex_unlock(&registry_guard);
  return pid;
}

pid_t fork_after_release(void) {
  pthread_mutex_lock(&registry_guard);
  pthread_mutex_unlock(&registry_guard);
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: inline-atfork-unlock.c:[[@LINE+4]]:5: warning: 'pthread_mutex_unlock' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
    // CHECK: inline-atfork-unlock.c:81:15: note: child process created here
    // CHECK: note: another thread may be running at the fork: 'pthread_create' starts one here
    // CHECK: inline-atfork-unlock.c:87:5: note: until exec or _exit, call only async-signal-safe functions
    pthread_mutex_unlock(&registry_guard);
    _exit(0);
  }
  return pid;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, flusher, NULL);
  fork_holding_registry();
  fork_holding_journal(&jr);
  fork_releasing_another();
  fork_holding_sometimes(1);
  fork_after_release();
  return 0;
}

