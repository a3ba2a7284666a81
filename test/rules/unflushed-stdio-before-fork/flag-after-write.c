// Output written only on ways that then set a local flag, and a test of
// the flag that returns NULL there (`printf(version); shown = 1;` in the
// option loop, then `if (shown) { printf(api); return NULL; }`, as
// an option parser does): the loader has output only when it returns
// NULL, and main ends on NULL before the fork. Reported: a flag set before the write (-DSET_FIRST)
// and then cleared, which no longer tells the ways apart.
// RUN: %forkcheck --threads=no --disable=all --enable=unflushed-stdio-before-fork %s | count 0
// RUN: not %forkcheck --threads=no --disable=all --enable=unflushed-stdio-before-fork %s -- -DSET_FIRST | FileCheck %s --implicit-check-not='{{warning|note}}:'
// CHECK: flag-after-write.c:53:15: warning: output written to stdout before this fork is still in its buffer
// CHECK: note: 'conf_load', called here, leaves output in stdout's buffer
// CHECK: note: 'printf' writes to stdout here
// CHECK: note: the copied buffer is flushed here in the child, by 'exit'
// CHECK: note: call fflush(NULL) before fork()
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct conf {
  int port;
};

static struct conf *conf_load(int argc, char **argv) {
  int opt, shown = 0;
  struct conf *c = calloc(1, sizeof *c);
  while ((opt = getopt(argc, argv, "hV")) >= 0) {
    if (opt == 'h') {
      printf("usage: server [-h] [-V]\n");
      free(c);
      return NULL;
    } else if (opt == 'V') {
#ifdef SET_FIRST
      shown = 1;
      printf("server 1.0\n");
      shown = 0;
#else
      printf("server 1.0\n");
      shown = 1;
#endif
    }
  }
  if (shown) {
    printf("api 3\n");
    free(c);
    return NULL;
  }
  return c;
}

int main(int argc, char **argv) {
  struct conf *conf = conf_load(argc, argv);
  if (conf == NULL)
    return 1;
  pid_t pid = fork();
  if (pid == 0) {
    printf("serving on %d\n", conf->port);
    exit(0);
  }
  return pid < 0;
}
