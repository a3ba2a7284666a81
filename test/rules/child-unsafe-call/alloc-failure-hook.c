// redis's zmalloc(): an allocator wrapper that refuses a size too large to
// allocate (`if (size >= SIZE_MAX / 2) return NULL;`, a test of its size
// parameter) as it refuses a failed malloc(), and a caller that hands every
// failure to an out-of-memory hook, called through a pointer, that logs and
// aborts. In the child, the allocation is reset by the C library's fork()
// (linux profile); what the hook does runs only when the allocation failed
// and is not what the call reaches. So with a realloc() wrapper that frees
// and returns NULL for a size of 0, as realloc(p, 0) does, and whose result
// passes through a function that gives its argument back. The same hook called after a failed
// open() is. A NULL returned for a size the wrapper does not test against a
// bound (a key not found) is no allocation failure.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

static void default_oom(size_t size) {
  syslog(LOG_ERR, "out of memory allocating %zu bytes", size);
  abort();
}

static void (*oom_handler)(size_t) = default_oom;

static void *try_alloc(size_t size) {
  if (size >= SIZE_MAX / 2)
    return NULL;
  void *p = malloc(size);
  if (!p)
    return NULL;
  return p;
}

static void *try_realloc(void *ptr, size_t size) {
  if (size == 0 && ptr != NULL) {
    free(ptr);
    return NULL;
  }
  if (ptr == NULL)
    return try_alloc(size);
  void *n = realloc(ptr, size);
  if (n == NULL)
    return NULL;
  return n;
}

static void *extend_to_usable(void *ptr, size_t size) {
  (void)size;
  return ptr;
}

static void *xrealloc(void *ptr, size_t size) {
  ptr = try_realloc(ptr, size);
  ptr = extend_to_usable(ptr, size);
  if (!ptr && size != 0)
    oom_handler(size);
  return ptr;
}

static void *xalloc(size_t size) {
  void *p = try_alloc(size);
  if (!p)
    oom_handler(size);
  return p;
}

static void *lookup(const char *key) {
  if (strlen(key) > 8)
    return NULL;
  void *p = malloc(16);
  if (!p)
    return NULL;
  return p;
}

static void *lookup_or_die(const char *key) {
  void *p = lookup(key);
  if (!p)
    oom_handler(0);
  return p;
}

static int open_or_die(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    oom_handler(0);
  return fd;
}

static void *worker(void *arg) { return arg; }

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pid_t pid = fork();
  if (pid == 0) {
    char *title = xalloc(64);
    title = xrealloc(title, 128);
    // CHECK: alloc-failure-hook.c:[[@LINE+5]]:15: warning: call to 'lookup_or_die' reaches 'syslog', which is not async-signal-safe
    // CHECK: note: 'lookup_or_die' may call 'default_oom' here
    // CHECK: note: 'default_oom' calls 'syslog' here
    // CHECK: note: child process created here
    // CHECK: note: another thread may be running at the fork
    void *v = lookup_or_die(argv[0]);
    // CHECK: note: until exec or _exit
    // CHECK: alloc-failure-hook.c:[[@LINE+5]]:14: warning: call to 'open_or_die' reaches 'syslog', which is not async-signal-safe
    // CHECK: note: 'open_or_die' may call 'default_oom' here
    // CHECK: note: 'default_oom' calls 'syslog' here
    // CHECK: note: child process created here
    // CHECK: note: another thread may be running at the fork
    int fd = open_or_die(argc > 1 ? argv[1] : "/dev/null");
    // CHECK: note: until exec or _exit
    title[0] = (char)fd;
    (void)v;
    execl("/bin/true", "true", (char *)NULL);
    _exit(127);
  }
  return 0;
}
