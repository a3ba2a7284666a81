// Output still in a stdio buffer at fork(), where the child can flush its
// copy (exit, fflush, a return from main): reported at the fork with a note
// at the write and one where the child flushes. Flushed output, stderr, and
// children that end with _exit or exec only are not reported.
// RUN: not %forkcheck --disable=all --enable=unflushed-stdio-before-fork %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int wait_for(pid_t pid) {
  int status;
  while (waitpid(pid, &status, 0) < 0)
    ;
  return status;
}

int check_spool(const char *spool) {
  printf("checking %s\n", spool);
  // CHECK: buffered.c:[[@LINE+5]]:15: warning: output written to stdout before this fork is still in its buffer, and the child can flush its copy: the text appears twice when stdout is a pipe or a file [unflushed-stdio-before-fork]
  // CHECK: buffered.c:[[@LINE-2]]:3: note: 'printf' writes to stdout here, and nothing flushes it before the fork
  // CHECK: buffered.c:[[@LINE+9]]:5: note: the copied buffer is flushed here in the child, by 'exit'
  // CHECK: buffered.c:[[@LINE+2]]:15: note: call fflush(NULL) before fork(), or end the child with _exit(); forksafe_fork() flushes stdio before forking
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    return -1;
  }
  if (pid == 0)
    exit(access(spool, W_OK) == 0 ? 0 : 1);
  return wait_for(pid);
}

int child_flushes(void) {
  fprintf(stdout, "parent\n");
  // CHECK: buffered.c:[[@LINE+2]]:15: warning: output written to stdout before this fork
  // CHECK: buffered.c:36:3: note: 'fprintf' writes to stdout here, and nothing flushes it before the fork
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    // CHECK: buffered.c:[[@LINE+2]]:5: note: the copied buffer is flushed here in the child, by 'fflush'
    // CHECK: buffered.c:39:15: note: call fflush(NULL) before fork(); forksafe_fork() flushes stdio before forking
    fflush(stdout);
    _exit(0);
  }
  return wait_for(pid);
}

int to_file(const char *path) {
  FILE *log = fopen(path, "a");
  if (!log)
    return -1;
  fputs("starting\n", log);
  // CHECK: buffered.c:[[@LINE+4]]:15: warning: output written to a stream before this fork is still in its buffer, and the child can flush its copy: the text is written twice [unflushed-stdio-before-fork]
  // CHECK: buffered.c:[[@LINE-2]]:3: note: 'fputs' writes to this stream here, and nothing flushes it before the fork
  // CHECK: buffered.c:64:5: note: the copied buffer is flushed here in the child, by 'exit'
  // CHECK: buffered.c:60:15: note: call fflush(NULL) before fork(), or end the child with _exit(); forksafe_fork() flushes stdio before forking
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0)
    exit(0);
  fclose(log);
  return wait_for(pid);
}

// Flushed, closed, unbuffered or never flushed by the child: clean.
int flushed(void) {
  puts("flushed");
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0)
    exit(0);
  return wait_for(pid);
}

int flushed_all(const char *path) {
  FILE *log = fopen(path, "a");
  if (!log)
    return -1;
  fputs("x\n", log);
  printf("y\n");
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0)
    exit(0);
  fclose(log);
  return wait_for(pid);
}

int closed(const char *path) {
  FILE *log = fopen(path, "a");
  if (!log)
    return -1;
  fputs("x\n", log);
  fclose(log);
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0)
    exit(0);
  return wait_for(pid);
}

int to_stderr(void) {
  fprintf(stderr, "unbuffered\n");
  perror("also unbuffered");
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0)
    exit(0);
  return wait_for(pid);
}

int careful_child(char *const argv[]) {
  printf("running %s\n", argv[0]);
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    execvp(argv[0], argv);
    _exit(127);
  }
  return wait_for(pid);
}

int main(int argc, char **argv) {
  (void)argc;
  int failed = check_spool("/tmp");
  fflush(stdout);
  failed |= child_flushes();
  fflush(stdout);
  failed |= to_file("/tmp/log");
  fflush(stdout);
  failed |= flushed() | flushed_all("/tmp/log") | closed("/tmp/log") | to_stderr();
  return failed | careful_child(argv + 1);
}
