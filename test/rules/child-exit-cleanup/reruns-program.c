// A command interpreter forks for a subshell, and the child runs the
// interpreter again on the subshell's body: the child is a whole copy of the
// program, going on with the program's own logic, and its exit() is that
// copy's designed end, as the parent's is. The calls that lead back into
// the forking function may go through other functions (a cycle of calls).
// A helper child of the same interpreter, which execs a command and exits
// when the exec fails, runs none of the interpreter: its exit() is reported,
// also when the helper it calls is one that the interpreter calls too; so is
// the exit() of a child that calls a hook which may run the interpreter or
// exec a command.
// RUN: not %forkcheck --exit-cleanup=always --threads=no --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

struct node {
  int kind;
  char **argv;
  struct node *body, *next;
};

int run(struct node *n);

static int run_list(struct node *n) {
  int status = 0;
  for (; n; n = n->next)
    status = run(n);
  return status;
}

static int wait_for(pid_t pid) {
  int status;
  if (pid < 0 || waitpid(pid, &status, 0) < 0)
    return 1;
  return WEXITSTATUS(status);
}

static void report(const char *what) { (void)what; }

int run_hooked(struct node *n);

int run(struct node *n) {
  if (n->kind == 3)
    return run_hooked(n->body);
  if (n->kind == 1) { /* ( body ): a subshell, the interpreter run again */
    pid_t pid = fork();
    if (pid == 0)
      exit(run_list(n->body));
    return wait_for(pid);
  }
  if (n->kind == 2) { /* a simple command: a helper child that execs */
    pid_t pid = fork();
    if (pid == 0) {
      report("exec");
      execvp(n->argv[0], n->argv);
      // CHECK: reruns-program.c:[[@LINE+3]]:7: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup{{.*}} [child-exit-cleanup]
      // CHECK: reruns-program.c:[[@LINE-5]]:17: note: child process created here
      // CHECK: reruns-program.c:[[@LINE+1]]:7: note: use _exit() in the child
      exit(127);
    }
    report("wait");
    return wait_for(pid);
  }
  return run_list(n->body);
}

static int exec_node(struct node *n) {
  execvp(n->argv[0], n->argv);
  return 127;
}

static int (*child_main)(struct node *);

int run_hooked(struct node *n) {
  if (n->argv)
    child_main = exec_node;
  else
    child_main = run;
  pid_t pid = fork();
  if (pid == 0)
    // CHECK: reruns-program.c:[[@LINE+3]]:5: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup{{.*}} [child-exit-cleanup]
    // CHECK: reruns-program.c:[[@LINE-3]]:15: note: child process created here
    // CHECK: reruns-program.c:[[@LINE+1]]:5: note: use _exit() in the child
    exit(child_main(n));
  return wait_for(pid);
}

int main(void) {
  struct node sub = {1, NULL, NULL, NULL};
  return run(&sub);
}
