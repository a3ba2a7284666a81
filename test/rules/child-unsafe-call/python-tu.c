// A file that includes Python.h runs inside an interpreter that may have
// other threads, whatever the rest of the program does.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -I%python_include | FileCheck %s --implicit-check-not=warning:
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <unistd.h>

static PyObject *spawn(PyObject *self, PyObject *args) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: python-tu.c:[[@LINE+2]]:5: warning: 'fprintf' is not async-signal-safe
    // CHECK: python-tu.c:8:18: note: another thread may be running at the fork: this file includes Python.h and the interpreter may run other threads
    fprintf(stderr, "child\n");
    _exit(0);
  }
  return PyLong_FromLong(pid);
}

int main(void) {
  (void)spawn(NULL, NULL);
  return 0;
}
