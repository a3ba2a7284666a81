// A fork in a loop whose child leaves its branch and loops back: every
// child forks again.
// RUN: not %forkcheck --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <sys/socket.h>
#include <unistd.h>

void handle(int fd);

void serve(int listener) {
  for (;;) {
    int fd = accept(listener, NULL, NULL);
    if (fd < 0)
      continue;
    // CHECK: fork-bomb.c:[[@LINE+1]]:9: warning: the child of this fork leaves its branch and loops back to fork again: a fork bomb [child-fallthrough]
    if (fork() == 0) {
      close(listener);
      handle(fd);
      // CHECK: fork-bomb.c:[[@LINE+2]]:5: note: the child leaves its branch here
      // CHECK: fork-bomb.c:15:9: note: end every path of the child with _exit() (after a failed exec too)
    }
    close(fd);
  }
}

void spawn_workers(int n) {
  for (int i = 0; i < n; i++)
    // CHECK: fork-bomb.c:[[@LINE+2]]:5: warning: the child of this fork leaves its branch and loops back to fork again: a fork bomb [child-fallthrough]
    // CHECK: fork-bomb.c:29:5: note: end every path of the child with _exit() (after a failed exec too)
    fork();
}
