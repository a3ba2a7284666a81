// In a child that can exec, the exit() where the exec failed, or before it
// where the set-up failed (chdir()), writes the copied buffer a second time
// only when that fails: it is not reported, as child-exit-cleanup does not
// report it (exec-output.c there); so does a return from the child before
// its exec (its caller then ends the process). The exit(0) that ends the
// dry run, with no exec before it, writes the copy every time: reported.
// RUN: not %forkcheck --disable=all --enable=unflushed-stdio-before-fork %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int run(const char *dir, char *const argv[]) {
  int status;
  printf("running %s\n", argv[0]);
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(dir))
      exit(1);
    execvp(argv[0], argv);
    exit(127);
  }
  return pid < 0 || waitpid(pid, &status, 0) < 0 ? -1 : status;
}

int check_only(int dry_run, char *const argv[]) {
  int status;
  printf("checking %s\n", argv[0]);
  // CHECK: exec-failure.c:[[@LINE+1]]:15: warning: output written to stdout before this fork is still in its buffer
  pid_t pid = fork();
  if (pid == 0) {
    if (dry_run)
      exit(0);
    execvp(argv[0], argv);
    _exit(127);
  }
  // CHECK: exec-failure.c:[[@LINE-9]]:3: note: 'printf' writes to stdout here
  // CHECK: exec-failure.c:[[@LINE-5]]:7: note: the copied buffer is flushed here in the child, by 'exit'
  // CHECK: exec-failure.c:[[@LINE-9]]:15: note: call fflush(NULL) before fork(), or end the child with _exit()
  return pid < 0 || waitpid(pid, &status, 0) < 0 ? -1 : status;
}

void recover(const char *file) {
  printf("Recovering files ... ");
  pid_t pid = fork();
  if (pid == 0) {
    if (access(file, R_OK) != 0)
      return;
    execl("/bin/mv", "mv", file, "/var/recover", (char *)NULL);
    _exit(1);
  }
  waitpid(pid, NULL, 0);
}

int main(int argc, char **argv) {
  if (argc > 3) {
    recover(argv[1]);
    return 0;
  }
  return run(".", argv + 1) || check_only(argc > 2, argv + 1);
}
