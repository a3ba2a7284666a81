// An exit() that runs only when an allocation failed -- under the test of a
// malloc()'s, strdup()'s, asprintf()'s, posix_memalign()'s or GC_malloc()'s
// result, in the child itself or in a helper it calls -- is not reported: out of memory
// just after fork() is the least of the child's problems. A helper that
// also exits on another failure (a failed open), an exit() under a test of
// something that is not an allocation, and one when setenv() fails (the
// environment of what the child runs is not set) are.
// RUN: not %forkcheck --exit-cleanup=always --threads=no --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

_Noreturn static void out_of_memory(const char *what) {
  fprintf(stderr, "%s: out of memory\n", what);
  exit(1);
}

static void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (p == NULL) {
    perror("malloc");
    exit(1);
  }
  return p;
}

static char *xstrdup(const char *s) {
  char *t;
  if ((t = strdup(s)) == NULL)
    out_of_memory("xstrdup");
  return t;
}

static char *xasprintf_num(const char *name, int n) {
  char *s;
  if (asprintf(&s, "%s=%d", name, n) < 0)
    exit(1);
  return s;
}

static void *xaligned(size_t n) {
  void *p;
  if (posix_memalign(&p, 64, n) != 0)
    out_of_memory("xaligned");
  return p;
}

static void set_env(const char *name, const char *value) {
  if (setenv(name, value, 1) < 0)
    out_of_memory("set_env");
}

// Grows a string kept through a pointer: the new buffer is tested after
// either branch allocated it.
static void grow(char **buf, size_t *size, size_t want) {
  if (*size == 0)
    *buf = malloc(want);
  else if (want > *size)
    *buf = realloc(*buf, want);
  else
    return;
  *size = want;
  if (*buf == NULL)
    exit(1);
}

// The program's own allocator: its callers' test of its result is a test
// of an allocation.
static void *pool_get(size_t n) {
  void *p = calloc(1, n);
  if (!p)
    return NULL;
  return p;
}

// Exits when the allocation fails, and when the file cannot be opened.
static int open_log(const char *path) {
  char *copy = xmalloc(strlen(path) + 1);
  strcpy(copy, path);
  int fd = open(copy, O_WRONLY | O_APPEND);
  if (fd < 0)
    exit(2);
  free(copy);
  return fd;
}

// Returns NULL when the file is missing, not only when memory is.
static char *read_name(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f)
    return NULL;
  char *line = malloc(64);
  if (line && !fgets(line, 64, f))
    line[0] = '\0';
  fclose(f);
  return line;
}

int main(int argc, char **argv) {
  size_t size = 0;
  char *buf = NULL;
  pid_t pid = fork();
  if (pid == 0) {
    char *args = xmalloc(64);
    char *name = xstrdup(argv[0]);
    putenv(xasprintf_num("DEPTH", argc));
    free(xaligned(256));
    // CHECK: alloc-failure.c:[[@LINE+5]]:5: warning: call to 'set_env' reaches 'exit', which runs the parent's exit-time cleanup in the child of fork() [child-exit-cleanup]
    // CHECK: alloc-failure.c:53:5: note: 'set_env' calls 'out_of_memory' here
    // CHECK: alloc-failure.c:18:3: note: 'out_of_memory' calls 'exit' here
    // CHECK: alloc-failure.c:105:15: note: child process created here
    // CHECK: alloc-failure.c:[[@LINE+1]]:5: note: use _exit() in the child
    set_env("NAME", name);
    grow(&buf, &size, 128);
    char *slot = pool_get(32);
    if (!slot)
      exit(1);
    char *spare = malloc(16);
    if (spare == NULL) {
      fputs("no memory\n", stderr);
      exit(1);
    }
    // CHECK: alloc-failure.c:[[@LINE+4]]:14: warning: call to 'open_log' reaches 'exit', which runs the parent's exit-time cleanup in the child of fork() [child-exit-cleanup]
    // CHECK: alloc-failure.c:85:5: note: 'open_log' calls 'exit' here
    // CHECK: alloc-failure.c:105:15: note: child process created here
    // CHECK: alloc-failure.c:[[@LINE+1]]:14: note: use _exit() in the child
    int fd = open_log(argv[1]);
    char *who = read_name("/etc/hostname");
    if (!who)
      // CHECK: alloc-failure.c:[[@LINE+3]]:7: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
      // CHECK: alloc-failure.c:105:15: note: child process created here
      // CHECK: alloc-failure.c:[[@LINE+1]]:7: note: use _exit()
      exit(3);
    char *title = argc > 2 ? strdup(argv[2]) : NULL;
    if (title == NULL)
      // CHECK: alloc-failure.c:[[@LINE+1]]:7: note: the child calls 'exit' here too
      exit(4);
    extern void *GC_malloc(size_t); /* the Boehm collector's (gc.h's GC_MALLOC) */
    char *collected = GC_malloc(64);
    if (collected == NULL)
      exit(1);
    execlp(args, name, slot, spare, who, title, collected, (char *)NULL);
    _exit(fd);
  }
  return pid < 0;
}
