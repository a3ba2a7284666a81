// The sys.exit() vs os._exit() mistake in C: Py_Exit(), Py_Finalize() and
// Py_FinalizeEx() in the child run the interpreter's exit-time cleanup
// (Python atexit callbacks, flushing sys.stdout) that belongs to the parent;
// Py_Exit() then calls exit(). The child ends with _exit().
// RUN: not %forkcheck --disable=all --enable=child-exit-cleanup %s -- -I%python_include | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <unistd.h>

static PyObject *exit_in_child(PyObject *self, PyObject *args) {
  pid_t pid = fork();
  if (pid == 0) {
    PyOS_AfterFork_Child();
    // CHECK: python-exit.c:[[@LINE+4]]:5: warning: 'Py_Exit' in the child of fork() runs the parent's exit-time cleanup
    // CHECK: python-exit.c:[[@LINE-4]]:15: note: child process created here
    // CHECK: python-exit.c:{{[0-9]+}}:{{[0-9]+}}: note: the program embeds Python: exit() runs the interpreter's exit-time work in the child too
    // CHECK: python-exit.c:[[@LINE+1]]:5: note: use _exit() in the child
    Py_Exit(3);
  }
  return PyLong_FromLong(pid);
}

static PyObject *finalize_in_child(PyObject *self, PyObject *args) {
  pid_t pid = fork();
  if (pid == 0) {
    PyOS_AfterFork_Child();
    // CHECK: python-exit.c:[[@LINE+4]]:14: warning: 'Py_FinalizeEx' in the child of fork() runs the parent's exit-time cleanup
    // CHECK: python-exit.c:[[@LINE-4]]:15: note: child process created here
    // CHECK: python-exit.c:{{[0-9]+}}:{{[0-9]+}}: note: the program embeds Python: exit() runs the interpreter's exit-time work in the child too
    // CHECK: python-exit.c:[[@LINE+1]]:14: note: use _exit() in the child
    int rc = Py_FinalizeEx();
    _exit(rc < 0 ? 120 : 0);
  }
  return PyLong_FromLong(pid);
}

static PyObject *old_finalize_in_child(PyObject *self, PyObject *args) {
  pid_t pid = fork();
  if (pid == 0) {
    PyOS_AfterFork_Child();
    // CHECK: python-exit.c:[[@LINE+4]]:5: warning: 'Py_Finalize' in the child of fork() runs the parent's exit-time cleanup
    // CHECK: python-exit.c:[[@LINE-4]]:15: note: child process created here
    // CHECK: python-exit.c:{{[0-9]+}}:{{[0-9]+}}: note: the program embeds Python: exit() runs the interpreter's exit-time work in the child too
    // CHECK: python-exit.c:[[@LINE+1]]:5: note: use _exit() in the child
    Py_Finalize();
    _exit(0);
  }
  return PyLong_FromLong(pid);
}

// os._exit() in C: nothing to report.
static PyObject *clean_child(PyObject *self, PyObject *callable) {
  pid_t pid = fork();
  if (pid == 0) {
    PyOS_AfterFork_Child();
    PyObject *r = PyObject_CallNoArgs(callable);
    _exit(r ? 0 : 1);
  }
  return PyLong_FromLong(pid);
}

// C's exit() in the child of an extension module: the interpreter registers
// no exit-time work with the C library (its atexit callbacks and sys.stdout
// flush run in Py_FinalizeEx(), which exit() does not call), and this
// program registers none: nothing to report (kitty's child.c).
static PyObject *c_exit_child(PyObject *self, PyObject *args) {
  pid_t pid = fork();
  if (pid == 0) {
    PyOS_AfterFork_Child();
    if (chdir("/") != 0)
      exit(EXIT_FAILURE);
    execlp("true", "true", (char *)NULL);
    exit(127);
  }
  return PyLong_FromLong(pid);
}

static PyMethodDef methods[] = {
    {"c_exit_child", c_exit_child, METH_NOARGS, NULL},
    {"exit_in_child", exit_in_child, METH_NOARGS, NULL},
    {"finalize_in_child", finalize_in_child, METH_NOARGS, NULL},
    {"old_finalize_in_child", old_finalize_in_child, METH_NOARGS, NULL},
    {"clean_child", clean_child, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
PyMethodDef *keep = methods;
