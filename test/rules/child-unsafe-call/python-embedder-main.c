// An embedder's main starts the interpreter itself: no interpreter thread
// exists before its first call into Python (Py_Initialize()), only after
// it. kitty's launcher forks to detach before it starts Python: that child
// is single-threaded. A fork after Py_Initialize() is in an interpreter
// that may run other threads, and the evidence names the call.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -I%python_include | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <syslog.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc > 1 && fork() == 0) {
    syslog(LOG_INFO, "detached");
    setsid();
  }
  // CHECK: python-embedder-main.c:[[@LINE+6]]:5: warning: 'syslog' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
  // CHECK: python-embedder-main.c:[[@LINE+3]]:7: note: child process created here
  // CHECK: python-embedder-main.c:[[@LINE+1]]:3: note: another thread may be running at the fork: 'main' calls into the Python interpreter here, and the interpreter may run other threads
  Py_Initialize();
  if (fork() == 0) {
    // CHECK: python-embedder-main.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    syslog(LOG_INFO, "child");
    _exit(0);
  }
  Py_FinalizeEx();
  return 0;
}
