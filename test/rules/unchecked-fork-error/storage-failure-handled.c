// A fork result left at -1 in a member is the failure's to dispose of when
// the code shows it knows: the failed parent tests the member against -1
// again on its error path (fdm's `if (cmd->pid != -1) kill(...)`, then it
// frees the command), or the caller tests it against -1 right after the
// call (irssi's `process_exec(rec); if (rec->pid == -1) { g_free(rec); }`).
// Not reported. A member left at -1 by a function that only returns an
// error, read elsewhere with a test for 0 alone, is (the reaper below).
// RUN: not %forkcheck --disable=all --enable=unchecked-fork-error %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

struct cmd {
  pid_t pid;
  int fd;
};
struct proc {
  pid_t pid;
  struct proc *next;
};
struct job {
  pid_t pid;
};

struct proc *procs;

struct cmd *cmd_start(char **argv) {
  struct cmd *cmd = calloc(1, sizeof *cmd);
  cmd->pid = -1;
  if (pipe(&cmd->fd) != 0)
    goto error;
  switch (cmd->pid = fork()) {
  case -1:
    goto error;
  case 0:
    execvp(argv[0], argv);
    _exit(1);
  }
  return cmd;
error:
  if (cmd->pid != -1)
    kill(cmd->pid, SIGTERM);
  free(cmd);
  return NULL;
}

void cmd_free(struct cmd *cmd) {
  if (cmd->pid != 0)
    kill(cmd->pid, SIGTERM);
  waitpid(cmd->pid, NULL, 0);
  free(cmd);
}

static void proc_exec(struct proc *rec, char **argv) {
  rec->pid = fork();
  if (rec->pid == -1)
    return;
  if (rec->pid == 0) {
    execvp(argv[0], argv);
    _exit(1);
  }
}

int proc_start(char **argv) {
  struct proc *rec = calloc(1, sizeof *rec);
  proc_exec(rec, argv);
  if (rec->pid == -1) {
    free(rec);
    return -1;
  }
  rec->next = procs;
  procs = rec;
  return 0;
}

void procs_kill(void) {
  for (struct proc *rec = procs; rec; rec = rec->next)
    kill(-rec->pid, SIGKILL);
}

int job_start(struct job *job, char **argv) {
  // CHECK: storage-failure-handled.c:[[@LINE+1]]:14: warning: 'fork' returns -1 on failure, and -1 reaches the wait: waitpid(-1, ...) waits for any child [unchecked-fork-error]
  job->pid = fork();
  if (job->pid < 0)
    // CHECK: storage-failure-handled.c:[[@LINE+1]]:5: note: on failure the parent goes on from here
    return -1;
  if (job->pid == 0) {
    execvp(argv[0], argv);
    _exit(1);
  }
  return 0;
}

void job_reap(struct job *job) {
  if (job->pid != 0)
    // CHECK: storage-failure-handled.c:[[@LINE+2]]:5: note: with -1, 'waitpid' waits for any child, not this one
    // CHECK: storage-failure-handled.c:{{[0-9]+}}:14: note: handle -1 first
    waitpid(job->pid, NULL, 0);
}
