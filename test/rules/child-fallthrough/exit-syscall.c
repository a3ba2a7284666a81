// A child that ends through the raw system call, syscall(SYS_exit_group,
// status) (stress-ng's shim_exit_group(), which its children call instead
// of _exit()), ends there: exit_group(2) does not return. Reported: a
// wrapper around a system call that returns (getpid), after which the
// child runs the parent's code.
// RUN: %forkcheck --disable=all --enable=child-fallthrough %s | count 0
// RUN: not %forkcheck --disable=all --enable=child-fallthrough %s -- -DRETURNS | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

void shim_exit_group(int status) {
#ifdef RETURNS
  (void)syscall(SYS_getpid, status);
#else
  (void)syscall(SYS_exit_group, status);
#endif
}

int run_child(void (*work)(void)) {
  pid_t pid = fork();
  if (pid == 0) {
    work();
    shim_exit_group(0);
  }
  printf("started %d\n", (int)pid);
  return waitpid(pid, NULL, 0);
}
// CHECK: exit-syscall.c:22:15: warning: the child of this fork leaves its branch
// CHECK: note: the child leaves its branch here
// CHECK: exit-syscall.c:22:15: note: end every path of the child with _exit()
