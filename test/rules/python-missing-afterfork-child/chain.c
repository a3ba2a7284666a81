// Calls into Python through the program's own functions: reported at the call
// in the child, with the chain down to the Python API. A helper that calls
// PyOS_AfterFork_Child() itself first is fine.
// RUN: not %forkcheck --disable=all --enable=python-missing-afterfork-child %s -- -I%python_include | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <unistd.h>

static int notify(PyObject *callback, int code) {
  PyObject *r = PyObject_CallFunction(callback, "i", code);
  Py_XDECREF(r);
  return r != NULL;
}

static void report_progress(PyObject *callback) { notify(callback, 1); }

static void child_main(PyObject *callback) {
  PyOS_AfterFork_Child();
  report_progress(callback);
}

static PyObject *spawn(PyObject *self, PyObject *callback) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: chain.c:[[@LINE+5]]:5: warning: call to 'report_progress' reaches '_PyObject_CallFunction_SizeT', which calls into the Python interpreter, in the child of fork() before PyOS_AfterFork_Child() [python-missing-afterfork-child]
    // CHECK: chain.c:15:51: note: 'report_progress' calls 'notify' here
    // CHECK: chain.c:10:17: note: 'notify' calls '_PyObject_CallFunction_SizeT' here
    // CHECK: chain.c:[[@LINE-5]]:15: note: child process created here
    // CHECK: chain.c:[[@LINE+1]]:5: note: call PyOS_AfterFork_Child() first
    report_progress(callback);
    _exit(0);
  }
  return PyLong_FromLong(pid);
}

static PyObject *spawn_fixed(PyObject *self, PyObject *callback) {
  pid_t pid = fork();
  if (pid == 0) {
    child_main(callback);
    _exit(0);
  }
  return PyLong_FromLong(pid);
}

static PyMethodDef methods[] = {
    {"spawn", spawn, METH_O, NULL},
    {"spawn_fixed", spawn_fixed, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
PyMethodDef *keep = methods;
