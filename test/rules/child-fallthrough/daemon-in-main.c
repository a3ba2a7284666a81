// iptraf-ng: main forks to run in the background; the parent goes at once
// to the label that ends the program (`default: goto cleanup;`), and the
// child, which becomes the program, reaches the same label when its work
// is done. The code there is how the program ends, for each of them in
// turn: the child does not run the parent's code.
// Reported: a parent that does something first (waits for the child), so
// the code after the label is its work after the fork.
// RUN: %forkcheck --threads=no --disable=all --enable=child-fallthrough %s | FileCheck %s --allow-empty --check-prefix=NONE --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --threads=no --disable=all --enable=child-fallthrough %s -- -DPARENT_WAITS | FileCheck %s --implicit-check-not='{{warning|note}}:'
// NONE-NOT: warning
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define PIDFILE "/run/monitor.pid"

static void monitor(const char *facility) {
  for (int i = 0; i < 10; i++) {
    printf("%s: sample %d\n", facility, i);
    sleep(1);
  }
}

static int create_pidfile(void) {
  FILE *f = fopen(PIDFILE, "w");
  if (f == NULL)
    return -1;
  fprintf(f, "%d\n", (int)getpid());
  return fclose(f);
}

int main(int argc, char **argv) {
  int daemonized = argc > 2;
  if (create_pidfile() < 0)
    goto bailout;
  if (daemonized) {
    pid_t pid;
    switch (pid = fork()) {
    case 0:
      setsid();
      freopen("/dev/null", "w", stdout);
      break;
    case -1:
      perror("fork");
      goto cleanup;
    default:
#ifdef PARENT_WAITS
      waitpid(pid, NULL, 0);
#endif
      goto cleanup;
    }
  }
  monitor(argc > 1 ? argv[1] : "all");
  fflush(stdout);
cleanup:
  unlink(PIDFILE);
bailout:
  return 0;
}
// CHECK: daemon-in-main.c:39:19: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
// CHECK: daemon-in-main.c:55:3: note: the child leaves its branch here
// CHECK: daemon-in-main.c:39:19: note: end every path of the child with _exit()
