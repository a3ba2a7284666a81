// A program whose threads start in a callback only a library calls (sshfs:
// its FUSE handlers start the request thread, then reconnect, which forks):
// main itself reaches no thread start, which tells nothing about the
// program's threads. The reconnect child's getpwnam() is reported, with
// the thread start before it in the handler as evidence.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <pthread.h>
#include <pwd.h>
#include <unistd.h>

struct ops {
  int (*read)(const char *path);
};
int lib_main(const struct ops *o);

static int started;
static void *process(void *arg) { return arg; }
static void start_thread(void) {
  pthread_t t;
  if (!started && pthread_create(&t, NULL, process, NULL) == 0)
    started = 1;
}

static int reconnect(void) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: callback-thread-start.c:[[@LINE+5]]:5: warning: 'getpwnam' is not async-signal-safe
    // CHECK: callback-thread-start.c:25:15: note: child process created here
    // CHECK: callback-thread-start.c:40:3: note: another thread may be running at the fork: 'start_thread', called here, starts one
    // CHECK: callback-thread-start.c:20:19: note: 'start_thread' calls 'pthread_create' here
    // CHECK: callback-thread-start.c:[[@LINE+1]]:5: note: until exec or _exit
    getpwnam("nobody");
    execlp("ssh", "ssh", "host", (char *)0);
    _exit(127);
  }
  return pid;
}

static int do_read(const char *path) {
  start_thread();
  return path && reconnect() < 0;
}
static const struct ops ops = {.read = do_read};

int main(void) {
  reconnect();
  return lib_main(&ops);
}
