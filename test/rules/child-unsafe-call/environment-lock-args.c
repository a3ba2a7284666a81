// The environment lock, judged with what calls pass (hiawatha): one
// function fills either the environment of a CGI child (called there with
// NULL) or a FastCGI buffer (called by a worker thread with the address of
// one), and setenv() is reached only when the buffer is NULL. A worker
// that passes an address never modifies the environment, so the lock is
// free at the fork. The server's start clears the environment before it
// starts its threads, in the function that starts them.
// Reported: a worker that may pass NULL (a pointer it was given), and a
// start that modifies the environment after its threads run.
// RUN: %forkcheck --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --allow-empty --check-prefix=NONE --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -pthread -DWORKER_PASSES_ANY | FileCheck %s --check-prefix=CHECK --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -pthread -DSETS_AFTER_START | FileCheck %s --check-prefix=CHECK --implicit-check-not='{{warning|note}}:'
// NONE-NOT: warning
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct buffer {
  char data[4096];
  size_t len;
};

static void add_to_environment(struct buffer *fcgi, const char *key, const char *value) {
  if (fcgi == NULL) {
    setenv(key, value, 1);
  } else if (fcgi->len + strlen(key) + strlen(value) + 2 < sizeof fcgi->data) {
    fcgi->len += strlen(strcpy(fcgi->data + fcgi->len, key)) + 1;
    fcgi->len += strlen(strcpy(fcgi->data + fcgi->len, value)) + 1;
  }
}

static void set_environment(struct buffer *fcgi, const char *query) {
  add_to_environment(fcgi, "GATEWAY_INTERFACE", "CGI/1.1");
  add_to_environment(fcgi, "QUERY_STRING", query);
}

static int run_cgi(const char *query, char **argv) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    set_environment(NULL, query);
    execv(argv[0], argv);
    _exit(127);
  }
  return waitpid(pid, NULL, 0);
}

static void *fastcgi_worker(void *arg) {
  struct buffer fcgi = {{0}, 0};
#ifdef WORKER_PASSES_ANY
  set_environment(arg, "a=1");
#else
  set_environment(&fcgi, "a=1");
#endif
  return arg;
}

static int run_server(char **argv) {
  pthread_t t;
  clearenv();
  pthread_create(&t, NULL, fastcgi_worker, NULL);
#ifdef SETS_AFTER_START
  setenv("LANG", "C", 1);
#endif
  return run_cgi("b=2", argv);
}

int main(int argc, char **argv) {
  return argc > 1 ? run_server(argv + 1) : 0;
}
// CHECK: environment-lock-args.c:44:5: warning: call to 'set_environment' reaches 'setenv', which is not asy
// CHECK: environment-lock-args.c:35:3: note: 'set_environment' calls 'add_to_environment' here
// CHECK: environment-lock-args.c:27:5: note: 'add_to_environment' calls 'setenv' here
// CHECK: environment-lock-args.c:40:15: note: child process created here
// CHECK: environment-lock-args.c:64:3: note: another thread may be running at the fork: 'pthread_create'
// CHECK: environment-lock-args.c:44:5: note: until exec or _exit, call only async-signal-safe functions:
