// A function the child runs that calls PyOS_AfterFork_Child() itself, only
// under a condition, and then calls Python on every path: the path that
// skipped the reset is reported at its call into Python, also when the
// function is a plugin's post-fork hook called through a pointer. A hook that
// calls Python only under the condition of its PyOS_AfterFork_Child(), or
// resets unconditionally, is fine.
// RUN: not %forkcheck --disable=all --enable=python-missing-afterfork-child %s -- -I%python_include | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <unistd.h>

struct plugin {
  const char *name;
  void (*post_fork)(void);
};

static int reset_after_fork;
static int run_callbacks;
static PyObject *on_fork;

// Calls Python whenever it returns.
static void reseed(void) {
  PyObject *random = PyImport_ImportModule("random");
  Py_XDECREF(random);
}

// Calls Python only when a callback is set.
static void maybe_notify(void) {
  if (on_fork)
    Py_XDECREF(PyObject_CallNoArgs(on_fork));
}

static void python_post_fork(void) {
  if (reset_after_fork)
    PyOS_AfterFork_Child();
  // CHECK: hooks.c:[[@LINE+1]]:3: warning: call to 'reseed' reaches 'PyImport_ImportModule', which calls into the Python interpreter, in the child of fork() before PyOS_AfterFork_Child() [python-missing-afterfork-child]
  reseed();
  // CHECK: hooks.c:23:22: note: 'reseed' calls 'PyImport_ImportModule' here
  if (on_fork) // the same path: reported once
    Py_XDECREF(PyObject_CallNoArgs(on_fork));
  PyErr_Clear();
}

static void guarded_post_fork(void) {
  if (run_callbacks) {
    PyOS_AfterFork_Child();
    reseed();
  }
  maybe_notify();
}

static void always_post_fork(void) {
  PyOS_AfterFork_Child();
  reseed();
}

static struct plugin plugins[] = {
    {"python", python_post_fork},
    {"guarded", guarded_post_fork},
    {"always", always_post_fork},
};

static PyObject *spawn_workers(PyObject *self, PyObject *unused) {
  pid_t pid = fork();
  if (pid == 0) {
    for (size_t i = 0; i < sizeof plugins / sizeof plugins[0]; i++)
      if (plugins[i].post_fork)
        plugins[i].post_fork();
    // CHECK: hooks.c:[[@LINE-1]]:9: note: 'post_fork' may call 'python_post_fork' here
    // CHECK: hooks.c:35:5: note: 'python_post_fork' calls 'PyOS_AfterFork_Child' only on some paths; this one skips it
    // CHECK: hooks.c:[[@LINE-7]]:15: note: child process created here
    // CHECK: hooks.c:37:3: note: call PyOS_AfterFork_Child() first
    _exit(0);
  }
  return PyLong_FromLong(pid);
}

// The same hook called by name from the child of another fork: the same
// finding, which the first fork already gave.
static PyObject *spawn_one(PyObject *self, PyObject *unused) {
  pid_t pid = fork();
  if (pid == 0) {
    python_post_fork();
    _exit(0);
  }
  return PyLong_FromLong(pid);
}

// In the child itself: a conditional reset, then a helper that calls Python
// on every path.
static PyObject *spawn_inline(PyObject *self, PyObject *unused) {
  pid_t pid = fork();
  if (pid == 0) {
    if (reset_after_fork)
      PyOS_AfterFork_Child();
    // CHECK: hooks.c:[[@LINE+4]]:5: warning: call to 'reseed' reaches 'PyImport_ImportModule', which calls into the Python interpreter, in the child of fork() before PyOS_AfterFork_Child() [python-missing-afterfork-child]
    // CHECK: hooks.c:23:22: note: 'reseed' calls 'PyImport_ImportModule' here
    // CHECK: hooks.c:[[@LINE-6]]:15: note: child process created here
    // CHECK: hooks.c:[[@LINE+1]]:5: note: call PyOS_AfterFork_Child() first
    reseed();
    maybe_notify();
    _exit(0);
  }
  return PyLong_FromLong(pid);
}

static PyMethodDef methods[] = {
    {"spawn_workers", spawn_workers, METH_NOARGS, NULL},
    {"spawn_one", spawn_one, METH_NOARGS, NULL},
    {"spawn_inline", spawn_inline, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};
PyMethodDef *keep = methods;
