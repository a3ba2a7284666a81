// A child inherits the exit-time handlers registered before its fork, not
// those its own code registers after it, nor those another command of the
// program registers: inn's nnrpd session child runs SetupDaemon(), whose
// storage setup registers atexit(SMshutdown) for that session, and exits
// through it; uftrace's `live` command registers a temporary directory's
// removal that its `recv` command, which forks, never runs. Neither exit()
// is reported (the program has nothing else at exit). Reported: the same
// removal registered in main before the commands run.
// RUN: %forkcheck --threads=no --disable=all --enable=child-exit-cleanup %s | count 0
// RUN: not %forkcheck --threads=no --disable=all --enable=child-exit-cleanup %s -- -DREGISTERED_FIRST | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static char tmpdir[64] = "/tmp/live.XXXXXX";

static void remove_tmpdir(void) { rmdir(tmpdir); }
static void storage_shutdown(void) { unlink("/var/run/session.lock"); }

static void setup_session(void) {
  if (atexit(storage_shutdown) != 0)
    exit(1);
}

static void serve(int fd) {
  char buf[512];
  while (read(fd, buf, sizeof buf) > 0)
    ;
}

static int command_recv(int listener) {
  for (;;) {
    int fd = accept(listener, NULL, NULL);
    if (fd < 0)
      continue;
    pid_t pid = fork();
    if (pid == 0) {
      setup_session();
      serve(fd);
      exit(0);
    }
    close(fd);
  }
}

static int command_live(void) {
  if (mkdtemp(tmpdir) == NULL)
    return 1;
  atexit(remove_tmpdir);
  return 0;
}

int main(int argc, char **argv) {
#ifdef REGISTERED_FIRST
  atexit(remove_tmpdir);
#endif
  if (argc > 1 && !strcmp(argv[1], "live"))
    return command_live();
  return command_recv(3);
}
// CHECK: registered-after-fork.c:40:7: warning: call to 'setup_session' reaches 'exit', which runs the parent's exit-time cleanup
// CHECK: registered-after-fork.c:24:5: note: 'setup_session' calls 'exit' here
// CHECK: registered-after-fork.c:38:17: note: child process created here
// CHECK: registered-after-fork.c:57:3: note: the program registers 'remove_tmpdir' with atexit() here, and the child inherits it
// CHECK: registered-after-fork.c:40:7: note: use _exit() in the child
// CHECK: registered-after-fork.c:42:7: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
// CHECK: registered-after-fork.c:38:17: note: child process created here
// CHECK: registered-after-fork.c:57:3: note: the program registers 'remove_tmpdir' with atexit() here, and the child inherits it
// CHECK: registered-after-fork.c:42:7: note: use _exit() in the child
