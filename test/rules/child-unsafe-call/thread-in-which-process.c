// fork() copies the calling thread only: a child starts single-threaded,
// whatever its parent runs. A fork made in that child, before the child
// starts a thread of its own, has no other thread to fear; one made after
// the child starts one has. The parent's threads are evidence for the
// parent's forks only.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <syslog.h>
#include <sys/wait.h>
#include <unistd.h>

static void *poller(void *arg) { return arg; }

static void start_poller(void) {
  pthread_t t;
  pthread_create(&t, NULL, poller, NULL);
}

static void run_job(const char *name) {
  pid_t pid = fork();
  if (pid == 0) {
    openlog(name, 0, LOG_USER); /* the reporter's child is single-threaded */
    _exit(0);
  }
  waitpid(pid, NULL, 0);
}

/* A child process that forks jobs: first alone, then with a thread. */
static void reporter(void) {
  run_job("alone");
  start_poller();
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: thread-in-which-process.c:[[@LINE+1]]:5: warning: 'syslog' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
    syslog(LOG_INFO, "job with the poller running");
    // CHECK: thread-in-which-process.c:[[@LINE-4]]:15: note: child process created here
    // CHECK: thread-in-which-process.c:[[@LINE-6]]:3: note: another thread may be running at the fork: 'start_poller', called here, starts one
    // CHECK: thread-in-which-process.c:16:3: note: 'start_poller' calls 'pthread_create' here
    // CHECK: note: until exec or _exit
    _exit(0);
  }
  _exit(0);
}

int main(void) {
  start_poller();
  pid_t pid = fork();
  if (pid == 0) {
    // The main thread's poller makes this child's calls unsafe.
    // CHECK: thread-in-which-process.c:[[@LINE+10]]:5: warning: call to 'reporter' reaches 'syslog', 'openlog' and 'pthread_create', which are not async-signal-safe, in the child of a multithreaded program [child-unsafe-call]
    // CHECK: thread-in-which-process.c:35:5: note: 'reporter' calls 'syslog' here
    // CHECK: thread-in-which-process.c:30:3: note: 'reporter' calls 'run_job' here
    // CHECK: thread-in-which-process.c:22:5: note: 'run_job' calls 'openlog' here
    // CHECK: thread-in-which-process.c:31:3: note: 'reporter' calls 'start_poller' here
    // CHECK: thread-in-which-process.c:16:3: note: 'start_poller' calls 'pthread_create' here
    // CHECK: thread-in-which-process.c:[[@LINE-9]]:15: note: child process created here
    // CHECK: thread-in-which-process.c:[[@LINE-11]]:3: note: another thread may be running at the fork: 'start_poller', called here, starts one
    // CHECK: thread-in-which-process.c:16:3: note: 'start_poller' calls 'pthread_create' here
    // CHECK: note: until exec or _exit
    reporter(); /* never returns */
  }
  waitpid(pid, NULL, 0);
  return 0;
}
