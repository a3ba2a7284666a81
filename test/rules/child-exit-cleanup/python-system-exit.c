// Raising SystemExit in the child (sys.exit() written in C) ends the child
// through the interpreter's exit, which runs the parent's atexit handlers
// and flushes the buffers copied from it: like exit(). Other exceptions are
// not exits; the parent may raise SystemExit.
// RUN: not %forkcheck --disable=all --enable=child-exit-cleanup %s -- -I%python_include | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=child-exit-cleanup %s -- -isystem %python_include | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <unistd.h>

static PyObject *child_raises(PyObject *self, PyObject *args) {
  pid_t pid = fork();
  if (pid < 0)
    return PyErr_SetFromErrno(PyExc_OSError);
  if (pid == 0) {
    PyOS_AfterFork_Child();
    if (PyTuple_GET_SIZE(args) > 1) {
      PyErr_SetString(PyExc_ValueError, "not an exit");
      return NULL;
    }
    // CHECK: python-system-exit.c:[[@LINE+4]]:5: warning: 'PyErr_SetNone' raises SystemExit in the child of fork(): when the child returns to the interpreter, it exits as sys.exit() does, running the parent's atexit handlers and flushing the buffers copied from it [child-exit-cleanup]
    // CHECK: python-system-exit.c:[[@LINE-10]]:15: note: child process created here
    // CHECK: python-system-exit.c:{{[0-9]+}}:{{[0-9]+}}: note: the program embeds Python: exit() runs the interpreter's exit-time work in the child too
    // CHECK: python-system-exit.c:[[@LINE+1]]:5: note: end the child with _exit() (os._exit() in Python), not by raising SystemExit
    PyErr_SetNone(PyExc_SystemExit);
    return NULL;
  }
  if (pid > 100000)
    PyErr_SetString(PyExc_SystemExit, "the parent may exit");
  return PyLong_FromLong(pid);
}

static PyMethodDef methods[] = {{"child_raises", child_raises, METH_VARARGS, NULL},
                                {NULL, NULL, 0, NULL}};
static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, "sysexit", NULL, -1, methods,
                                 NULL, NULL, NULL, NULL};
PyMODINIT_FUNC PyInit_sysexit(void) { return PyModule_Create(&mod); }
