// A for loop whose condition holds for the value its init sets (`for (i =
// 0; i < 10; i++)`) runs its body at least once: the way past the loop that
// skips the body does not exist. entr's child retries execvp() while the
// file is busy, then tests the last result: `if (ret != 0) err(...)`; exec
// returns only -1, so the child never leaves its branch. A loop that may
// not run (`i < n`, or an init the condition does not hold for) keeps that
// way.
// RUN: not %forkcheck --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <err.h>
#include <errno.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int run(char **argv) {
  int status, ret = 0;
  struct timespec delay = {0, 100000000};
  pid_t pid = fork();
  if (pid == -1)
    err(1, "fork");
  if (pid == 0) {
    for (int i = 0; i < 10; i++) {
      ret = execvp(argv[0], argv);
      if (errno == ETXTBSY)
        nanosleep(&delay, NULL);
      else
        break;
    }
    if (ret != 0)
      err(1, "exec %s", argv[0]);
  }
  waitpid(pid, &status, 0);
  return status;
}

int run_n(char **argv, int n) {
  int status, ret = 0, i;
  // CHECK: loop-enters-once.c:[[@LINE+1]]:15: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
  pid_t pid = fork();
  if (pid == -1)
    err(1, "fork");
  if (pid == 0) {
    for (i = 0; i < n; i++)
      ret = execvp(argv[0], argv);
    if (ret != 0)
      err(1, "exec %s", argv[0]);
    // CHECK: loop-enters-once.c:[[@LINE+1]]:3: note: the child leaves its branch here
  }
  // CHECK: loop-enters-once.c:[[@LINE-10]]:15: note: end every path of the child with _exit()
  waitpid(pid, &status, 0);
  return status;
}
