// exit(127) after a failed exec, and exit(1) on a set-up failure before
// it, do harm only when the program gives exit() work: a handler it
// registers (here in a constructor function, which runs before main, as
// sulogin's getmounts() registers atexit(putmounts)), or another thread.
// Output left in a copied stdio buffer is written again only when the exec
// fails, and is no harm of its own there (exec-output.c). Without any,
// they are not reported; --exit-cleanup=always reports them all the same.
// RUN: %forkcheck --disable=all --enable=child-exit-cleanup %s | count 0
// RUN: not %forkcheck --exit-cleanup=always --disable=all --enable=child-exit-cleanup %s | FileCheck %s --check-prefix=ALWAYS --implicit-check-not='warning:' --implicit-check-not='registers'
// RUN: not %forkcheck --disable=all --enable=child-exit-cleanup %s -- -DHANDLER | FileCheck %s --check-prefix=HANDLER --implicit-check-not='warning:'
// RUN: %forkcheck --disable=all --enable=child-exit-cleanup %s -- -DOUTPUT | count 0
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef HANDLER
static void remove_lock(void) { unlink("/run/spawn.lock"); }
__attribute__((constructor)) static void take_lock(void) {
  atexit(remove_lock);
}
#endif

int run(const char *dir, char *const argv[]) {
  int status;
#ifdef OUTPUT
  printf("running %s\n", argv[0]);
#endif
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    // ALWAYS: exec-harm.c:[[@LINE+3]]:21: warning: 'exit' in the child
    // HANDLER: exec-harm.c:[[@LINE+2]]:21: warning: 'exit' in the child
    // HANDLER: exec-harm.c:20:3: note: the program registers 'remove_lock' with atexit() here, and the child inherits it
    if (chdir(dir)) exit(1);
    execvp(argv[0], argv);
    // The child's exit() calls are one finding, with a fix-it at each.
    // ALWAYS: fix-it:"{{.*}}exec-harm.c":{[[@LINE+3]]:5-[[@LINE+3]]:9}:"_exit"
    // ALWAYS: exec-harm.c:[[@LINE+2]]:5: note: the child calls 'exit' here too
    // HANDLER: exec-harm.c:[[@LINE+1]]:5: note: the child calls 'exit' here too
    exit(127);
  }
  if (waitpid(pid, &status, 0) < 0)
    return -1;
  return WEXITSTATUS(status);
}

int main(int argc, char **argv) { return argc > 1 ? run(".", argv + 1) : 2; }
