// A function that reaches exit() through a pointer is a die() helper for
// child-exit-cleanup only when the target it reaches exit() through never
// returns itself: a stream's flush hook that may end in an allocator's
// out-of-memory exit, deep down, is not reported; a hook that is a die()
// helper is.
// RUN: not %forkcheck --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct stream {
  int (*flush)(struct stream *);
  char *buf;
};

static void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (!p)
    exit(1); /* only when out of memory */
  return p;
}
static int fd_flush(struct stream *s) {
  s->buf = xmalloc(16);
  return 1;
}
static int buffer_flush(struct stream *s) { return s->buf != NULL; }
static const struct stream fd_stream = {fd_flush, NULL};
static const struct stream buffer_stream = {buffer_flush, NULL};

static inline int stream_flush(struct stream *s) { return s->flush(s); }

struct job {
  void (*fail)(const char *);
};
static void fail_hard(const char *why) {
  (void)why;
  exit(2);
}
static const struct job job = {fail_hard};
static void job_fail(const struct job *j) { j->fail("no"); }

void save_in_child(int which) {
  struct stream s = which ? fd_stream : buffer_stream;
  if (fork() == 0) {
    stream_flush(&s); /* deep, out-of-memory exit only: not a die() helper */
    // CHECK: pointers-exit-helper.c:[[@LINE+1]]:5: warning: call to 'job_fail' reaches 'exit', which runs the parent's exit-time cleanup in the child of fork() [child-exit-cleanup]
    job_fail(&job);
    // CHECK: note: 'job_fail' may call 'fail_hard' here
    // CHECK: note: 'fail_hard' calls 'exit' here
    // CHECK: note: child process created here
    // CHECK: pointers-exit-helper.c:{{[0-9]+}}:{{[0-9]+}}: note: the program registers 'remove_pidfile' with atexit() here, and the child inherits it
    // CHECK: note: use _exit() in the child
  }
}

/* Exit-time work of the program, which a child's exit() runs again. */
static void remove_pidfile(void) { unlink("/run/server.pid"); }
void setup(void) { atexit(remove_pidfile); }
