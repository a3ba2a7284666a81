// The child of clone() without CLONE_VM is a process that runs fn from its
// entry: its calls into Python before PyOS_AfterFork_Child() are judged like
// a fork child's. A fn that resets the interpreter first is fine, and so is
// clone() as a thread (CLONE_THREAD, CLONE_VM), which is no child process.
// RUN: not %forkcheck --disable=all --enable=python-missing-afterfork-child %s -- -I%python_include | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define _GNU_SOURCE
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

static char stack[1 << 16];
#define TOP (stack + sizeof stack)

static int run_callback(void *callable) {
  // CHECK: clone.c:[[@LINE+1]]:17: warning: 'PyObject_CallNoArgs' calls into the Python interpreter in the child of fork() before PyOS_AfterFork_Child() [python-missing-afterfork-child]
  PyObject *r = PyObject_CallNoArgs(callable);
  // CHECK: clone.c:[[@LINE+19]]:13: note: child process created here
  // CHECK: clone.c:[[@LINE-2]]:17: note: call PyOS_AfterFork_Child() first
  _exit(r ? 0 : 1);
}

static int run_callback_reset(void *callable) {
  PyOS_AfterFork_Child();
  PyObject *r = PyObject_CallNoArgs(callable);
  _exit(r ? 0 : 1);
}

static int worker_thread(void *callable) {
  PyGILState_STATE g = PyGILState_Ensure();
  Py_XDECREF(PyObject_CallNoArgs(callable));
  PyGILState_Release(g);
  return 0;
}

static PyObject *spawn(PyObject *self, PyObject *callable) {
  pid_t a = clone(run_callback, TOP, SIGCHLD, callable);
  pid_t b = clone(run_callback_reset, TOP, SIGCHLD, callable);
  pid_t t = clone(worker_thread, TOP, CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
                                           CLONE_THREAD | CLONE_SYSVSEM, callable);
  return Py_BuildValue("iii", a, b, t);
}

static PyMethodDef methods[] = {{"spawn", spawn, METH_O, NULL}, {NULL, NULL, 0, NULL}};
PyMethodDef *keep = methods;
