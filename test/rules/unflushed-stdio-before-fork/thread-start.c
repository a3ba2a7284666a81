// A thread's start routine begins with the state at the pthread_create()
// that starts it: main's printf() is still in stdout's buffer when the
// connection thread forks a CGI child (Tinyhttpd's accept_request()), and
// the child's fflush() writes it a second time. With fflush(stdout) before
// the thread starts, nothing is left.
// RUN: not %forkcheck --disable=all --enable=unflushed-stdio-before-fork %s | FileCheck %s --implicit-check-not='warning:'
// RUN: %forkcheck --disable=all --enable=unflushed-stdio-before-fork %s -- -DFLUSHED | count 0
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *serve(void *arg) {
  // CHECK: thread-start.c:[[@LINE+1]]:15: warning: output written to stdout before this fork is still in its buffer
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: thread-start.c:33:9: note: 'serve' starts here in a thread, with output still in stdout's buffer
    // CHECK: thread-start.c:28:3: note: 'printf' writes to stdout here
    // CHECK: thread-start.c:[[@LINE+1]]:5: note: the copied buffer is flushed here in the child, by 'fflush'
    fflush(stdout);
    execl("/usr/lib/cgi-bin/env", "env", (char *)NULL);
    _exit(127);
  }
  return arg;
}

int main(void) {
  pthread_t t;
  printf("httpd running\n");
#ifdef FLUSHED
  fflush(stdout);
#endif
  for (;;)
    if (pthread_create(&t, NULL, serve, NULL) != 0)
      return 1;
}
