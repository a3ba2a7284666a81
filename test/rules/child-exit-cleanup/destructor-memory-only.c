// A destructor function of the program that only wipes and frees its own
// caches (pgmoneta's: OPENSSL_cleanse() of the keys, then free(), and a
// spin on a flag with nanosleep() before it) works on the child's copy:
// nothing outside the process changes, and the exit() of a worker child
// that never execs has no harm to do. So for an atexit() handler that
// calls the same. A destructor that removes a file (-DREMOVES) does.
// RUN: %forkcheck --disable=all --enable=child-exit-cleanup %s | count 0
// RUN: %forkcheck --disable=all --enable=child-exit-cleanup %s -- -DATEXIT | count 0
// RUN: not %forkcheck --disable=all --enable=child-exit-cleanup %s -- -DREMOVES | FileCheck %s --implicit-check-not='warning:'
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void OPENSSL_cleanse(void *ptr, size_t len);

static char *cached_key;
static size_t cached_key_length;
static char salt[32];
static volatile int cache_lock;

static void cleanse(void *data, size_t size) {
  if (data != NULL && size > 0)
    OPENSSL_cleanse(data, size);
}

static void clear_cache(void) {
  while (cache_lock) {
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
  }
  if (cached_key != NULL) {
    cleanse(cached_key, cached_key_length);
    free(cached_key);
    cached_key = NULL;
  }
  explicit_bzero(salt, sizeof salt);
#ifdef REMOVES
  unlink("/run/keys.sock");
#endif
}

#ifndef ATEXIT
__attribute__((destructor)) static void destroy_cache(void) { clear_cache(); }
#endif

void serve_request(int fd);

int main(void) {
#ifdef ATEXIT
  atexit(clear_cache);
#endif
  cached_key = malloc(cached_key_length = 32);
  for (int fd = 3;; fd++) {
    pid_t pid = fork();
    if (pid == 0) {
      serve_request(fd);
      // CHECK: destructor-memory-only.c:[[@LINE+2]]:7: warning: 'exit' in the child
      // CHECK: destructor-memory-only.c:44:41: note: 'destroy_cache' is a destructor function of the program
      exit(0);
    }
    sleep(1);
  }
}
