// nsd's reload: the parent becomes the new main process (server_reload()),
// and the child stays in the loop as the old main until told to quit. The
// child stores its parent's pid in the fork's variable (`reload_pid =
// getppid();`), where a parent keeps its child's: it has swapped roles with
// its parent and carries on by design (and the loop forks only while that
// variable holds -1). A child that stores -1 there runs the loop and may
// fork again: a fork bomb.
// RUN: not %forkcheck --disable=all --enable=child-fallthrough %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

enum { RELOAD, QUIT };
int next_command(void);
void server_reload(void);
void log_msg(const char *msg);

void server_main(void) {
  pid_t reload_pid = -1;
  for (;;) {
    switch (next_command()) {
    case RELOAD:
      if (reload_pid != -1) {
        log_msg("reload already in progress");
        break;
      }
      reload_pid = fork();
      switch (reload_pid) {
      case -1:
        log_msg("fork failed");
        break;
      default:
        server_reload(); /* the parent becomes the new main */
        reload_pid = -1;
        break;
      case 0:
        reload_pid = getppid(); /* the child stays the old main */
        break;
      }
      break;
    case QUIT:
      if (reload_pid > 0)
        kill(reload_pid, SIGTERM);
      return;
    }
  }
}

void server_main_forgets(void) {
  pid_t reload_pid = -1;
  for (;;) {
    switch (next_command()) {
    case RELOAD:
      if (reload_pid != -1)
        break;
      // CHECK: role-swap-parent-pid.c:[[#FORK:@LINE+1]]:20: warning: the child of this fork leaves its branch and loops back to fork again: a fork bomb [child-fallthrough]
      reload_pid = fork();
      switch (reload_pid) {
      case -1:
        break;
      default:
        server_reload();
        reload_pid = -1;
        break;
      case 0:
        // CHECK: role-swap-parent-pid.c:[[@LINE+2]]:9: note: the child leaves its branch here
        // CHECK: role-swap-parent-pid.c:[[#FORK]]:20: note: end every path of the child with _exit() (after a failed exec too)
        reload_pid = -1;
        break;
      }
      break;
    case QUIT:
      return;
    }
  }
}
