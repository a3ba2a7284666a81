// Calls into the interpreter in the child before PyOS_AfterFork_Child(), and
// reading macros and reference-count increments that are plain memory access.
// RUN: not %forkcheck --disable=all --enable=python-missing-afterfork-child %s -- -I%python_include | FileCheck %s --implicit-check-not='{{warning|note}}:'
// The same through -isystem, where Python.h's inline functions are external:
// RUN: not %forkcheck --disable=all --enable=python-missing-afterfork-child %s -- -isystem %python_include | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <unistd.h>

// CHECK: api-and-memory.c:[[@LINE+6]]:5: warning: 'PyErr_SetString' calls into the Python interpreter in the child of fork() before PyOS_AfterFork_Child() [python-missing-afterfork-child]
// CHECK: api-and-memory.c:[[@LINE+3]]:15: note: child process created here
// CHECK: api-and-memory.c:[[@LINE+4]]:5: note: call PyOS_AfterFork_Child() first in the child (PyOS_BeforeFork() before the fork, PyOS_AfterFork_Parent() in the parent), or use forksafe_fork(); or do not call into Python in the child before exec or _exit
static PyObject *error_in_child(PyObject *self, PyObject *args) {
  pid_t pid = fork();
  if (pid == 0) {
    PyErr_SetString(PyExc_RuntimeError, "in the child");
    PyErr_Print();
    _exit(1);
  }
  return PyLong_FromLong(pid);
}

// Only memory access in the child: tuple items, sizes, bytes, increments.
static PyObject *memory_in_child(PyObject *self, PyObject *args) {
  PyObject *data = PyTuple_GetItem(args, 0);
  if (!data || !PyBytes_Check(data))
    return NULL;
  pid_t pid = fork();
  if (pid == 0) {
    PyObject *first = PyTuple_GET_ITEM(args, 0);
    Py_INCREF(first);
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    const char *buf = PyBytes_AS_STRING(data);
    (void)!write(1, buf, (size_t)PyBytes_GET_SIZE(data));
    _exit(n > 0 && Py_TYPE(first) == &PyBytes_Type ? 0 : 1);
  }
  return PyLong_FromLong(pid);
}

// A decrement can run a destructor: that is a call into Python.
// CHECK: api-and-memory.c:[[@LINE+6]]:5: warning: 'Py_DECREF' calls into the Python interpreter in the child of fork() before PyOS_AfterFork_Child() [python-missing-afterfork-child]
// CHECK: api-and-memory.c:[[@LINE+3]]:15: note: child process created here
// CHECK: api-and-memory.c:[[@LINE+4]]:5: note: call PyOS_AfterFork_Child() first
static PyObject *decref_in_child(PyObject *self, PyObject *obj) {
  pid_t pid = fork();
  if (pid == 0) {
    Py_DECREF(obj);
    _exit(0);
  }
  return PyLong_FromLong(pid);
}

static PyMethodDef methods[] = {
    {"error_in_child", error_in_child, METH_VARARGS, NULL},
    {"memory_in_child", memory_in_child, METH_VARARGS, NULL},
    {"decref_in_child", decref_in_child, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
PyMethodDef *keep = methods;
