// forksafe_fork() runs PyOS_AfterFork_Child() in the child only when the
// caller holds the GIL; daemon() continues as the child; a program's fork
// wrapper is a fork for its callers.
// RUN: not %forkcheck --disable=all --enable=python-missing-afterfork-child %s -- -I%python_include -I%srcroot/runtime/include | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <forksafe.h>
#include <unistd.h>

// With the GIL released, forksafe_fork() cannot run the Python hooks.
static PyObject *forksafe_without_gil(PyObject *self, PyObject *callable) {
  pid_t pid;
  Py_BEGIN_ALLOW_THREADS
  pid = forksafe_fork();
  // CHECK: fork-kinds.c:[[@LINE+3]]:3: warning: 'PyEval_RestoreThread' (from Py_END_ALLOW_THREADS) takes the GIL in the child of fork() before PyOS_AfterFork_Child() (this code runs in both processes)
  // CHECK: fork-kinds.c:[[@LINE-2]]:9: note: child process created here
  // CHECK: fork-kinds.c:[[@LINE+1]]:3: note: fork with the GIL held
  Py_END_ALLOW_THREADS
  if (pid == 0) {
    PyObject_CallNoArgs(callable);
    _exit(0);
  }
  return PyLong_FromLong(pid);
}

static PyObject *become_daemon(PyObject *self, PyObject *args) {
  if (daemon(0, 0) < 0)
    return PyErr_SetFromErrno(PyExc_OSError);
  // CHECK: fork-kinds.c:[[@LINE+2]]:10: warning: 'PyLong_FromLong' calls into the Python interpreter in the child of fork() before PyOS_AfterFork_Child() [python-missing-afterfork-child]
  // CHECK: fork-kinds.c:[[@LINE-3]]:7: note: child process created here
  return PyLong_FromLong(getpid());
  // CHECK: fork-kinds.c:[[@LINE-1]]:10: note: call PyOS_AfterFork_Child() first
}

static pid_t raw_fork(void) { return fork(); }

static PyObject *via_wrapper(PyObject *self, PyObject *callable) {
  pid_t pid = raw_fork();
  if (pid == 0) {
    // CHECK: fork-kinds.c:[[@LINE+3]]:5: warning: 'PyObject_CallNoArgs' calls into the Python interpreter in the child of fork() before PyOS_AfterFork_Child() [python-missing-afterfork-child]
    // CHECK: fork-kinds.c:[[@LINE-3]]:15: note: child process created here
    // CHECK: fork-kinds.c:[[@LINE+1]]:5: note: call PyOS_AfterFork_Child() first
    PyObject_CallNoArgs(callable);
    _exit(0);
  }
  return PyLong_FromLong(pid);
}

static PyMethodDef methods[] = {
    {"forksafe_without_gil", forksafe_without_gil, METH_O, NULL},
    {"become_daemon", become_daemon, METH_NOARGS, NULL},
    {"via_wrapper", via_wrapper, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
PyMethodDef *keep = methods;
