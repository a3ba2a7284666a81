// Python.h's memory accessors (Py_TYPE, PyTuple_GET_SIZE, PyLong_Check)
// only read object memory: not reported, whether Python.h is included as a
// user header (-I, their bodies walked) or as a system header (-isystem, as
// CMake's Python3_add_library does; their bodies not visited).
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -I%python_include | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -isystem %python_include | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <unistd.h>

static PyObject *spawn(PyObject *self, PyObject *args) {
  pid_t pid = fork();
  if (pid == 0) {
    int code = PyTuple_Check(args) ? (int)PyTuple_GET_SIZE(args) : 0;
    code += Py_TYPE(self) == &PyLong_Type;
    // CHECK: python-isystem.c:[[@LINE+4]]:5: warning: 'PyObject_Repr' is not
    // CHECK: python-isystem.c:[[@LINE-5]]:15: note: child process created here
    // CHECK: python-isystem.c:[[@LINE-7]]:18: note: another thread may be running at the fork: this file includes Python.h and the interpreter may run other threads
    // CHECK: python-isystem.c:[[@LINE+1]]:5: note: until exec or _exit, call only async-signal-safe functions
    PyObject_Repr(self);
    _exit(code);
  }
  return PyLong_FromLong(pid);
}

PyMODINIT_FUNC PyInit_spawnmod(void) {
  static PyMethodDef methods[] = {{"spawn", spawn, METH_VARARGS, NULL}, {NULL, NULL, 0, NULL}};
  static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, "spawnmod", NULL, -1, methods,
                                   NULL, NULL, NULL, NULL};
  return PyModule_Create(&mod);
}
