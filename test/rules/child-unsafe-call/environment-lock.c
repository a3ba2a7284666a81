// setenv(), unsetenv(), putenv() and clearenv() modify the environment
// under the C library's environment lock. Another thread holds it at the
// fork only if the forking process modifies the environment while a
// thread may run: a threaded daemon that sets a script's variables in the
// child, before exec (monit), and clears the environment in main before
// it starts a thread, finds it free, and in the linux profile (glibc's
// fork() resets the allocator that setenv() uses) nothing is reported.
// Reported: a thread of the parent that calls setenv(), a main that calls
// it after starting a thread, and any of them in the posix profile.
// RUN: %forkcheck --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --allow-empty --check-prefix=NONE --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -pthread -DPARENT_SETS | FileCheck %s --check-prefix=CHECK --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -pthread -DMAIN_SETS_LATE | FileCheck %s --check-prefix=CHECK --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --check-prefix=CHECK --implicit-check-not='{{warning|note}}:'
// NONE-NOT: warning
#include <pthread.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void *worker(void *arg) { return arg; }

#ifdef PARENT_SETS
static void *reload(void *arg) {
  setenv("TZ", "UTC", 1);
  return arg;
}
#endif

static void set_environment(const char *query) {
  setenv("QUERY_STRING", query, 1);
  setenv("GATEWAY_INTERFACE", "CGI/1.1", 1);
}

int run_cgi(const char *query, char **argv) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    set_environment(query);
    putenv("SERVER_SOFTWARE=forkcheck");
    execv(argv[0], argv);
    _exit(127);
  }
  return waitpid(pid, NULL, 0);
}

int main(int argc, char **argv) {
  pthread_t t;
  clearenv();
  pthread_create(&t, NULL, worker, NULL);
#ifdef MAIN_SETS_LATE
  setenv("LANG", "C", 1);
#endif
#ifdef PARENT_SETS
  pthread_create(&t, NULL, reload, NULL);
#endif
  return argc > 1 ? run_cgi(argv[1], argv + 1) : 0;
}
// CHECK: environment-lock.c:39:5: warning: call to 'set_environment' reaches 'setenv', which is not asy
// CHECK: environment-lock.c:30:3: note: 'set_environment' calls 'setenv' here
// CHECK: environment-lock.c:35:15: note: child process created here
// CHECK: environment-lock.c:50:3: note: another thread may be running at the fork: 'pthread_create' 
// CHECK: environment-lock.c:39:5: note: until exec or _exit, call only async-signal-safe functions: 
// CHECK: environment-lock.c:40:5: warning: 'putenv' is not async-signal-safe and is called in the child
// CHECK: environment-lock.c:35:15: note: child process created here
// CHECK: environment-lock.c:50:3: note: another thread may be running at the fork: 'pthread_create' 
// CHECK: environment-lock.c:40:5: note: until exec or _exit, call only async-signal-safe functions: 
