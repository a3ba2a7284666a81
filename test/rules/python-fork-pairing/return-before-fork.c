// PyOS_BeforeFork() takes the import lock; a path that returns between it
// and the fork (a failed pipe(), a failed allocation) keeps the lock held,
// and the next import in the process waits forever. Reported at the fork,
// with a note at each such return. A path that undoes the call with
// PyOS_AfterFork_Parent() before returning, or that calls PyOS_BeforeFork()
// only after the steps that can fail, is not reported.
// RUN: not %forkcheck --disable=all --enable=python-fork-pairing %s -- -I%python_include | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <unistd.h>

// CHECK: return-before-fork.c:[[@LINE+8]]:15: warning: PyOS_BeforeFork() before this fork is not matched by PyOS_AfterFork_Parent() where 'pipe_then_fork' returns before the fork: the import lock stays held [python-fork-pairing]
// CHECK: return-before-fork.c:[[@LINE+4]]:3: note: 'PyOS_BeforeFork' is called here
// CHECK: return-before-fork.c:[[@LINE+5]]:5: note: 'pipe_then_fork' returns here after PyOS_BeforeFork() without forking
static PyObject *pipe_then_fork(PyObject *self, PyObject *unused) {
  int fds[2];
  PyOS_BeforeFork();
  if (pipe(fds) < 0)
    return PyErr_SetFromErrno(PyExc_OSError);
  pid_t pid = fork();
  // CHECK: return-before-fork.c:[[@LINE-1]]:15: note: call PyOS_AfterFork_Parent() before returning
  if (pid == 0) {
    PyOS_AfterFork_Child();
    _exit(0);
  }
  PyOS_AfterFork_Parent();
  return PyLong_FromLong(pid);
}

// The error path undoes PyOS_BeforeFork(): not reported.
static PyObject *undone_on_error(PyObject *self, PyObject *unused) {
  int fds[2];
  PyOS_BeforeFork();
  if (pipe(fds) < 0) {
    PyOS_AfterFork_Parent();
    return PyErr_SetFromErrno(PyExc_OSError);
  }
  pid_t pid = fork();
  if (pid == 0) {
    PyOS_AfterFork_Child();
    _exit(0);
  }
  PyOS_AfterFork_Parent();
  return PyLong_FromLong(pid);
}

// PyOS_BeforeFork() after the step that can fail: not reported.
static PyObject *fallible_first(PyObject *self, PyObject *unused) {
  int fds[2];
  if (pipe(fds) < 0)
    return PyErr_SetFromErrno(PyExc_OSError);
  PyOS_BeforeFork();
  pid_t pid = fork();
  if (pid == 0) {
    PyOS_AfterFork_Child();
    _exit(0);
  }
  PyOS_AfterFork_Parent();
  return PyLong_FromLong(pid);
}

// Under a flag, undone under the same flag: not reported.
static PyObject *flagged(PyObject *self, PyObject *arg) {
  int fds[2];
  int hooks = PyObject_IsTrue(arg);
  if (hooks)
    PyOS_BeforeFork();
  if (pipe(fds) < 0) {
    if (hooks)
      PyOS_AfterFork_Parent();
    return NULL;
  }
  pid_t pid = fork();
  if (pid == 0) {
    if (hooks)
      PyOS_AfterFork_Child();
    _exit(0);
  }
  if (hooks)
    PyOS_AfterFork_Parent();
  return PyLong_FromLong(pid);
}

// The return comes after the first fork and its PyOS_AfterFork_Parent(),
// before the second PyOS_BeforeFork(): each fork pairs its own calls.
static PyObject *two_forks(PyObject *self, PyObject *unused) {
  int fds[2];
  PyOS_BeforeFork();
  pid_t first = fork();
  if (first == 0) {
    PyOS_AfterFork_Child();
    _exit(0);
  }
  PyOS_AfterFork_Parent();
  if (pipe(fds) < 0)
    return NULL;
  PyOS_BeforeFork();
  pid_t second = fork();
  if (second == 0) {
    PyOS_AfterFork_Child();
    _exit(0);
  }
  PyOS_AfterFork_Parent();
  return PyLong_FromLong(first + second);
}

static PyMethodDef methods[] = {
    {"pipe_then_fork", pipe_then_fork, METH_NOARGS, NULL},
    {"undone_on_error", undone_on_error, METH_NOARGS, NULL},
    {"fallible_first", fallible_first, METH_NOARGS, NULL},
    {"flagged", flagged, METH_O, NULL},
    {"two_forks", two_forks, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};
PyMethodDef *keep = methods;
