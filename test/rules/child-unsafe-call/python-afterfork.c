// After PyOS_AfterFork_Child() the child may run Python: that is the
// interpreter's contract (CPython's os.fork()), so neither it nor the Python
// API after it is reported; other unsafe calls still are (here the user
// database's, which the C library's fork() does not reset; the allocator
// and stdio it does: hypothetical-threads.c). Before it, a call into Python
// is unsafe like any other.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -I%python_include -I%srcroot/runtime/include | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <forksafe.h>
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

static PyObject *after_child(PyObject *self, PyObject *callable) {
  PyOS_BeforeFork();
  pid_t pid = fork();
  if (pid == 0) {
    PyOS_AfterFork_Child();
    PyObject *r = PyObject_CallNoArgs(callable);
    Py_XDECREF(r);
    // CHECK: python-afterfork.c:[[@LINE+4]]:5: warning: 'getpwnam' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
    // CHECK: python-afterfork.c:[[@LINE-6]]:15: note: child process created here
    // CHECK: note: another thread may be running at the fork: this file includes Python.h
    // CHECK: python-afterfork.c:[[@LINE+1]]:5: note: until exec or _exit
    getpwnam("nobody");
    _exit(0);
  }
  PyOS_AfterFork_Parent();
  return PyLong_FromLong(pid);
}

static PyObject *before_it(PyObject *self, PyObject *callable) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: python-afterfork.c:[[@LINE+4]]:5: warning: 'PyObject_CallNoArgs' is not known to be async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
    // CHECK: python-afterfork.c:[[@LINE-3]]:15: note: child process created here
    // CHECK: note: another thread may be running at the fork: this file includes Python.h
    // CHECK: python-afterfork.c:[[@LINE+1]]:5: note: until exec or _exit
    PyObject_CallNoArgs(callable);
    _exit(0);
  }
  return PyLong_FromLong(pid);
}

// forksafe_fork() with the GIL held ran PyOS_AfterFork_Child() itself.
static PyObject *with_forksafe(PyObject *self, PyObject *callable) {
  pid_t pid = forksafe_fork();
  if (pid == 0) {
    PyObject_CallNoArgs(callable);
    // CHECK: python-afterfork.c:[[@LINE+4]]:25: warning: 'getpwnam' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
    // CHECK: python-afterfork.c:[[@LINE-4]]:15: note: child process created here
    // CHECK: note: another thread may be running at the fork: this file includes Python.h
    // CHECK: python-afterfork.c:[[@LINE+1]]:25: note: until exec or _exit
    struct passwd *pw = getpwnam("nobody");
    _exit(pw != NULL);
  }
  return PyLong_FromLong(pid);
}

static PyMethodDef methods[] = {
    {"after_child", after_child, METH_O, NULL},
    {"before_it", before_it, METH_O, NULL},
    {"with_forksafe", with_forksafe, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
PyMethodDef *keep = methods;
