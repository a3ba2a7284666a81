// PyOS_AfterFork() is deprecated since Python 3.7: use PyOS_AfterFork_Child().
// The other Python rules take it as PyOS_AfterFork_Child(): this Python 2-era fork
// pairs it with the import lock and nothing else is reported.
// RUN: not %forkcheck --disable=all --enable=python-deprecated-afterfork --enable=python-fork-pairing --enable=python-missing-afterfork-child --enable=child-unsafe-call %s -- -I%python_include | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <unistd.h>

static PyObject *posix_fork(PyObject *self, PyObject *noargs) {
  int result;
  pid_t pid;
  _PyImport_AcquireLock();
  pid = fork();
  if (pid == 0) {
    // CHECK: legacy.c:[[@LINE+3]]:5: warning: 'PyOS_AfterFork' is deprecated since Python 3.7; use 'PyOS_AfterFork_Child' [python-deprecated-afterfork]
    // CHECK-NEXT: {{^}}    PyOS_AfterFork();
    // CHECK: legacy.c:[[@LINE+1]]:5: note: call PyOS_AfterFork_Child() in the child, with PyOS_BeforeFork() before the fork and PyOS_AfterFork_Parent() in the parent (also when fork fails)
    PyOS_AfterFork();
  } else {
    result = _PyImport_ReleaseLock();
    if (result < 0)
      return NULL;
  }
  if (pid == -1)
    return PyErr_SetFromErrno(PyExc_OSError);
  return PyLong_FromLong(pid);
}

// The current name is not reported.
static PyObject *os_fork(PyObject *self, PyObject *noargs) {
  PyOS_BeforeFork();
  pid_t pid = fork();
  if (pid == 0)
    PyOS_AfterFork_Child();
  else
    PyOS_AfterFork_Parent();
  if (pid == -1)
    return PyErr_SetFromErrno(PyExc_OSError);
  return PyLong_FromLong(pid);
}

static PyMethodDef methods[] = {
    {"posix_fork", posix_fork, METH_NOARGS, NULL},
    {"fork", os_fork, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};
PyMethodDef *keep = methods;
