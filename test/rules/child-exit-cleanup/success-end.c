// exit(0) in a child that can exec, where no exec comes before it: the
// designed end of a way through the child that does its own work instead
// (util-linux unshare's uid-map helper, which writes the maps itself as
// root and execs newuidmap otherwise; swayidle's middle process, which
// exec's the command itself only without its optional second fork). It is
// neither the exit after a failed exec nor a setup failure before one, so
// it is judged as the exit of a child that never execs: by its harm. An
// exit(0) taken when a call failed (`if (change_user() < 0) exit(0);`,
// dcron's) is a setup failure all the same, and is reported. The
// exit after a failed exec stays reported, and so does the middle
// process's exit when its own fork fails (a limitation: the way round its
// optional fork is not told apart from its failure).
// RUN: not %forkcheck --exit-cleanup=always --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --exit-cleanup=always --disable=all --enable=child-exit-cleanup %s -- -DHANDLER | FileCheck %s --check-prefixes=CHECK,HARM --implicit-check-not='{{warning|note}}:'
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void write_map(pid_t pid) {
  int fd = open("/proc/self/uid_map", O_WRONLY);
  if (fd < 0)
    _exit(1);
  (void)pid;
  close(fd);
}

pid_t map_ids(pid_t ppid, char **helper) {
  pid_t pid = fork();
  if (pid != 0)
    return pid;
  if (geteuid() == 0) {
    write_map(ppid);
    // HARM: success-end.c:[[@LINE+4]]:5: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
    // HARM: success-end.c:29:15: note: child process created here
    // HARM: success-end.c:{{[0-9]+}}:3: note: the program registers 'cleanup' with atexit() here
    // HARM: success-end.c:[[@LINE+1]]:5: note: use _exit() in the child
    exit(EXIT_SUCCESS);
  }
  execvp(helper[0], helper);
  // CHECK: success-end.c:[[@LINE+3]]:3: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
  // CHECK: success-end.c:29:15: note: child process created here
  // CHECK: success-end.c:[[@LINE+1]]:3: note: use _exit() in the child
  exit(EXIT_FAILURE);
}

/* The middle process of an optional double fork. */
void run(char *cmd, int wait_for_it) {
  pid_t pid = fork();
  if (pid == 0) {
    if (!wait_for_it)
      pid = fork();
    if (pid == 0) {
      execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
      _exit(127);
    }
    if (pid < 0)
      // CHECK: success-end.c:[[@LINE+3]]:7: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
      // CHECK: success-end.c:49:15: note: child process created here
      // CHECK: success-end.c:[[@LINE+1]]:7: note: use _exit() in the child
      exit(1);
    // HARM: success-end.c:[[@LINE+4]]:5: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
    // HARM: success-end.c:49:15: note: child process created here
    // HARM: success-end.c:{{[0-9]+}}:3: note: the program registers 'cleanup' with atexit() here
    // HARM: success-end.c:[[@LINE+1]]:5: note: use _exit() in the child
    exit(0);
  }
  if (pid > 0)
    waitpid(pid, NULL, 0);
}

/* dcron's job child: status 0 on a setup failure before the exec is still
 * a setup failure. */
int change_user(const char *user);
void run_job(const char *user, char **cmd) {
  if (fork() == 0) {
    if (change_user(user) < 0)
      // CHECK: success-end.c:[[@LINE+3]]:7: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
      // CHECK: success-end.c:[[@LINE-3]]:7: note: child process created here
      // CHECK: success-end.c:[[@LINE+1]]:7: note: use _exit() in the child
      exit(0);
    execvp(cmd[0], cmd);
    _exit(127);
  }
}

#ifdef HANDLER
static void cleanup(void) { unlink("/run/app.pid"); }
#endif

int main(int argc, char **argv) {
#ifdef HANDLER
  atexit(cleanup);
#endif
  if (argc > 2)
    run(argv[1], 0);
  if (argc > 3)
    run_job(argv[2], argv + 3);
  int st;
  pid_t pid = map_ids(getppid(), argv + 1);
  if (pid > 0)
    waitpid(pid, &st, 0);
  return 0;
}
