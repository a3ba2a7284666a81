// One fix, one finding. Where the child's flush of the copied buffer is
// its exit(), child-exit-cleanup reports that exit() with the output as
// its evidence, and its _exit() removes both: this rule yields. Where the
// child returns into its caller's code, child-fallthrough reports the fork
// and this rule yields to it. A child that flushes on purpose and ends
// with _exit() is this rule's alone. With the other rules off, all three
// are this rule's.
// RUN: not %forkcheck --disable=all --enable=unflushed-stdio-before-fork %s | FileCheck %s --check-prefix=ALONE
// ALONE: yields.c:20:15: warning: output written to stdout before this fork
// ALONE: yields.c:33:15: warning: output written to stdout before this fork
// ALONE: yields.c:54:15: warning: output written to stdout before this fork
// RUN: not %forkcheck --disable=all --enable=unflushed-stdio-before-fork --enable=child-exit-cleanup --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int check_by_exit(void) {
  printf("checking\n");
  pid_t pid = fork();
  if (pid == 0)
    // CHECK: yields.c:[[@LINE+4]]:5: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
    // CHECK: yields.c:[[@LINE-3]]:15: note: child process created here
    // CHECK: yields.c:[[@LINE-5]]:3: note: 'printf' writes to stdout here, and nothing flushes it before the fork: the child copies the buffer, and exit() writes it again
    // CHECK: yields.c:[[@LINE+1]]:5: note: use _exit() in the child
    exit(access("/tmp", W_OK) != 0);
  return pid;
}

int returns_to_caller(const char *path) {
  printf("spawning\n");
  // CHECK: yields.c:[[@LINE+1]]:15: warning: the child of this fork leaves its branch
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    if (chdir("/") < 0)
      // CHECK: yields.c:[[@LINE+2]]:7: note: the child returns from 'returns_to_caller' here
      // CHECK: yields.c:[[@LINE-6]]:15: note: end every path of the child with _exit()
      return -1;
    execl(path, path, (char *)NULL);
    _exit(127);
  }
  int status;
  return waitpid(pid, &status, 0) < 0 ? -1 : status;
}

int flushes_on_purpose(void) {
  printf("starting\n");
  // CHECK: yields.c:[[@LINE+4]]:15: warning: output written to stdout before this fork is still in its buffer
  // CHECK: yields.c:[[@LINE-2]]:3: note: 'printf' writes to stdout here
  // CHECK: yields.c:[[@LINE+5]]:5: note: the copied buffer is flushed here in the child, by 'fflush'
  // CHECK: yields.c:[[@LINE+1]]:15: note: call fflush(NULL) before fork(); forksafe_fork()
  pid_t pid = fork();
  if (pid == 0) {
    printf("child ready\n");
    fflush(stdout);
    _exit(0);
  }
  return pid;
}

int main(void) {
  if (check_by_exit() < 0)
    return 1;
  (void)returns_to_caller("/bin/true");
  return flushes_on_purpose() < 0;
}
