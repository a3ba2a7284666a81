// Conditional pairings the analysis cannot match up by a tracked flag. Where
// PyOS_BeforeFork() is unconditional, or the after-fork call is, the path
// shows the mismatch and it is reported; where both are guarded by tests
// that nothing tracked decides (`preexec_fn != Py_None`), an after-fork call
// guarded like the BeforeFork is taken to pair with it.
// RUN: not %forkcheck --disable=all --enable=python-fork-pairing %s -- -I%python_include | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <unistd.h>

// CHECK: conditional.c:[[@LINE+4]]:15: warning: PyOS_BeforeFork() before this fork is not matched by PyOS_AfterFork_Parent() in the parent (also when fork() fails) [python-fork-pairing]
// CHECK: conditional.c:[[@LINE+2]]:3: note: 'PyOS_BeforeFork' is called here
static PyObject *parent_guarded(PyObject *self, PyObject *preexec_fn) {
  PyOS_BeforeFork();
  pid_t pid = fork();
  if (pid == 0) {
    PyOS_AfterFork_Child();
    _exit(0);
  }
  if (preexec_fn != Py_None)
    PyOS_AfterFork_Parent();
  return PyLong_FromLong(pid);
  // CHECK: conditional.c:[[@LINE-1]]:3: note: 'parent_guarded' returns here in the parent (also when fork() fails) without calling PyOS_AfterFork_Parent()
  // CHECK: conditional.c:[[@LINE-9]]:15: note: call PyOS_AfterFork_Parent() in the parent right after fork()
}

// CHECK: conditional.c:[[@LINE+5]]:9: warning: PyOS_AfterFork_Parent() is called in the parent of this fork without PyOS_BeforeFork() before the fork [python-fork-pairing]
static PyObject *parent_unguarded(PyObject *self, PyObject *preexec_fn) {
  pid_t pid;
  if (preexec_fn != Py_None)
    PyOS_BeforeFork();
  pid = fork();
  if (pid == 0) {
    if (preexec_fn != Py_None)
      PyOS_AfterFork_Child();
    _exit(0);
  }
  PyOS_AfterFork_Parent();
  // CHECK: conditional.c:[[@LINE-1]]:3: note: 'PyOS_AfterFork_Parent' is called here
  // CHECK: conditional.c:[[@LINE-9]]:5: note: 'PyOS_BeforeFork' is called here
  // CHECK: conditional.c:[[@LINE-3]]:3: note: call PyOS_BeforeFork() right before fork()
  return PyLong_FromLong(pid);
}

// Both sides guarded by the same untracked test: not reported.
static PyObject *both_guarded(PyObject *self, PyObject *preexec_fn) {
  pid_t pid;
  if (preexec_fn != Py_None)
    PyOS_BeforeFork();
  pid = fork();
  if (pid == 0) {
    if (preexec_fn != Py_None)
      PyOS_AfterFork_Child();
    _exit(0);
  }
  if (preexec_fn != Py_None)
    PyOS_AfterFork_Parent();
  return PyLong_FromLong(pid);
}

static PyMethodDef methods[] = {
    {"parent_guarded", parent_guarded, METH_O, NULL},
    {"parent_unguarded", parent_unguarded, METH_O, NULL},
    {"both_guarded", both_guarded, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
PyMethodDef *keep = methods;
