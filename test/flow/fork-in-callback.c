// A function that calls a callback its caller passes and returns the
// callback's result is a fork at the calls that pass a fork: a fork
// wrapper, or fork() itself. Each call is judged by what it passes, so a
// call that passes a function that does not fork is not a fork, and one
// that ignores the callback's result is not a fork for its caller.
// RUN: not %forkcheck --threads=no --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t plain_fork(void) { return fork(); }
static pid_t pretend_fork(void) { return 0; }

pid_t spawn_with(pid_t (*do_fork)(void)) {
  pid_t pid = do_fork();
  if (pid > 0)
    (void)write(2, "spawned\n", 8);
  return pid;
}

int start_with(pid_t (*do_fork)(void)) {
  if (do_fork() < 0)
    return -1;
  return 0;
}

void through_wrapper(void) {
  pid_t pid = spawn_with(plain_fork);
  if (pid == 0)
    exit(0);
  waitpid(pid, NULL, 0);
}
// CHECK: fork-in-callback.c:30:5: warning: 'exit' in the child of fork()
// CHECK: fork-in-callback.c:28:15: note: child process created here
// CHECK: fork-in-callback.c:{{[0-9]+}}:{{[0-9]+}}: note: 'flush_logs' is a destructor function of the program: exit() runs it in the child too
// CHECK: fork-in-callback.c:30:5: note: use _exit() in the child

void through_fork(void) {
  pid_t pid = spawn_with(fork);
  if (pid == 0)
    exit(0);
  waitpid(pid, NULL, 0);
}
// CHECK: fork-in-callback.c:41:5: warning: 'exit' in the child of fork()
// CHECK: fork-in-callback.c:39:15: note: child process created here
// CHECK: fork-in-callback.c:{{[0-9]+}}:{{[0-9]+}}: note: 'flush_logs' is a destructor function of the program: exit() runs it in the child too
// CHECK: fork-in-callback.c:41:5: note: use _exit() in the child

/* Not a fork: the callback only pretends, or its result is not returned. */
void in_tests(void) {
  if (spawn_with(pretend_fork) == 0)
    exit(0);
  if (start_with(plain_fork) == 0)
    exit(0);
}

/* The program's exit-time work, which exit() in a child runs again. */
__attribute__((destructor)) static void flush_logs(void) { fsync(2); }
