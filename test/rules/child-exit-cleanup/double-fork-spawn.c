// A double fork that runs a command: the middle process forks the command
// and ends, and the program above them goes on. The grandchild's exit()
// after a failed exec runs the cleanup of that program, as a plain
// child's would: it is reported, at the fork that made it. The middle process never execs itself
// (the exec is its child's, another process): its exit() is reported when
// it has harm to do, here the output main left in stdout's buffer, which
// it writes again. A double fork whose grandchild never execs is a daemon
// (daemonize.c): its exit() is its own end.
// RUN: not %forkcheck --exit-cleanup=always --threads=no --disable=all --enable=child-exit-cleanup %s | FileCheck %s --check-prefixes=CHECK,OUT --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --exit-cleanup=always --threads=no --disable=all --enable=child-exit-cleanup %s -- -DQUIET | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void spawn(char *const cmd[]) {
  if (fork() == 0) {
    if (fork() == 0) {
      setsid();
      execvp(cmd[0], cmd);
      perror("spawn");
      // CHECK: double-fork-spawn.c:[[@LINE+3]]:7: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup{{.*}} [child-exit-cleanup]
      // CHECK: double-fork-spawn.c:[[@LINE-5]]:9: note: child process created here
      // CHECK: double-fork-spawn.c:[[@LINE+1]]:7: note: use _exit() in the child
      exit(EXIT_FAILURE);
    }
    // OUT: double-fork-spawn.c:[[@LINE+5]]:5: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup{{.*}} [child-exit-cleanup]
    // OUT: double-fork-spawn.c:[[@LINE-11]]:7: note: child process created here
    // OUT: note: 'spawn' is called here with output still in stdout's buffer
    // OUT: double-fork-spawn.c:68:3: note: 'printf' writes to stdout here, and nothing flushes it before the fork: the child copies the buffer, and exit() writes it again
    // OUT: double-fork-spawn.c:[[@LINE+1]]:5: note: use _exit() in the child
    exit(EXIT_SUCCESS);
  }
  wait(NULL);
}

// init's spawn(): the child execs the command itself, or, in the waiting
// mode, forks it and waits for it as the middle process. That process
// never execs after its own fork: its exits are judged by their harm.
pid_t spawn_waiting(char **argv, int waiting) {
  pid_t pid = fork();
  if (pid != 0)
    return pid;
  if (waiting) {
    setsid();
    if ((pid = fork()) < 0)
      // OUT: double-fork-spawn.c:[[@LINE+3]]:7: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup{{.*}} [child-exit-cleanup]
      // OUT: double-fork-spawn.c:[[@LINE-7]]:15: note: child process created here
      // OUT: double-fork-spawn.c:[[@LINE+1]]:7: note: use _exit() in the child
      exit(1);
    if (pid > 0) {
      while (waitpid(pid, NULL, 0) != pid)
        ;
      // OUT: double-fork-spawn.c:[[@LINE+5]]:7: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup{{.*}} [child-exit-cleanup]
      // OUT: double-fork-spawn.c:[[@LINE-14]]:15: note: child process created here
      // OUT: note: 'spawn_waiting' is called here with output still in stdout's buffer
      // OUT: double-fork-spawn.c:68:3: note: 'printf' writes to stdout here, and nothing flushes it before the fork: the child copies the buffer, and exit() writes it again
      // OUT: double-fork-spawn.c:[[@LINE+1]]:7: note: use _exit() in the child
      exit(0);
    }
  }
  execvp(argv[0], argv);
  _exit(1);
}

int main(int argc, char **argv) {
#ifndef QUIET
  printf("spawning %s\n", argv[1]);
#endif
  if (argc > 1)
    spawn(argv + 1);
  if (argc > 2 && spawn_waiting(argv + 1, argc > 3) > 0)
    wait(NULL);
  return 0;
}
