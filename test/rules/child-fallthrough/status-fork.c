// APR's apr_proc_fork() returns APR_INCHILD in the child and APR_INPARENT in
// the parent (the pid goes to proc->pid): a child that leaves the
// APR_INCHILD branch runs the parent's code. The result is no pid, so
// missing-wait and unchecked-fork-error, which follow the pid and its -1,
// leave the call alone (apr_proc_wait() and APR's error numbers are not
// followed).
// RUN: not %forkcheck --threads=no --disable=all --enable=child-fallthrough --enable=missing-wait --enable=unchecked-fork-error %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <unistd.h>
typedef int apr_status_t;
typedef struct apr_proc_t { int pid; } apr_proc_t;
apr_status_t apr_proc_fork(apr_proc_t *proc, void *pool);
#define APR_INCHILD 70005
#define APR_INPARENT 70006
void serve(void);

void spawn_server(void *pool) {
  apr_proc_t proc;
  // CHECK: status-fork.c:[[@LINE+1]]:21: warning: the child of this fork leaves its branch without _exit() or exec and runs the parent's code [child-fallthrough]
  apr_status_t rv = apr_proc_fork(&proc, pool);
  if (rv == APR_INCHILD)
    serve();
  // CHECK: status-fork.c:[[@LINE-1]]:5: note: the child leaves its branch here
  // CHECK: status-fork.c:[[@LINE-4]]:21: note: end every path of the child with _exit()
}

void spawn_careful(void *pool) {
  apr_proc_t proc;
  apr_status_t rv = apr_proc_fork(&proc, pool);
  if (rv == APR_INCHILD) {
    serve();
    _exit(0);
  }
}
