// Pairings that do not match: a parent path without PyOS_AfterFork_Parent()
// (also when fork failed), after-fork calls without PyOS_BeforeFork(), in
// the wrong process or twice, and a child that returns into Python without
// PyOS_AfterFork_Child(). Reported at the fork, with notes at the calls.
// RUN: not %forkcheck --disable=all --enable=python-fork-pairing %s -- -I%python_include -I%srcroot/runtime/include | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <forksafe.h>
#include <unistd.h>

// CHECK: mismatched.c:[[@LINE+4]]:15: warning: PyOS_BeforeFork() before this fork is not matched by PyOS_AfterFork_Parent() when fork() fails [python-fork-pairing]
// CHECK: mismatched.c:[[@LINE+2]]:3: note: 'PyOS_BeforeFork' is called here
static PyObject *fails_early(PyObject *self, PyObject *callable) {
  PyOS_BeforeFork();
  pid_t pid = fork();
  if (pid < 0)
    return PyErr_SetFromErrno(PyExc_OSError);
  // CHECK: mismatched.c:[[@LINE-1]]:5: note: 'fails_early' returns here when fork() fails without calling PyOS_AfterFork_Parent()
  // CHECK: mismatched.c:[[@LINE-4]]:15: note: call PyOS_AfterFork_Parent() in the parent right after fork(), also when it returned -1
  if (pid == 0) {
    PyOS_AfterFork_Child();
    PyObject_CallNoArgs(callable);
    _exit(0);
  }
  PyOS_AfterFork_Parent();
  return PyLong_FromLong(pid);
}

// CHECK: mismatched.c:[[@LINE+4]]:15: warning: PyOS_BeforeFork() before this fork is not matched by PyOS_AfterFork_Parent() in the parent (also when fork() fails) [python-fork-pairing]
// CHECK: mismatched.c:[[@LINE+2]]:3: note: 'PyOS_BeforeFork' is called here
static PyObject *never_in_parent(PyObject *self, PyObject *callable) {
  PyOS_BeforeFork();
  pid_t pid = fork();
  if (pid == 0) {
    PyOS_AfterFork_Child();
    PyObject_CallNoArgs(callable);
    _exit(0);
  }
  return PyLong_FromLong(pid);
  // CHECK: mismatched.c:[[@LINE-1]]:3: note: 'never_in_parent' returns here in the parent (also when fork() fails) without calling PyOS_AfterFork_Parent()
  // CHECK: mismatched.c:[[@LINE-8]]:15: note: call PyOS_AfterFork_Parent() in the parent
}

// CHECK: mismatched.c:[[@LINE+3]]:15: warning: PyOS_AfterFork_Child() is called in the child of this fork without PyOS_BeforeFork() before the fork [python-fork-pairing]
// CHECK: mismatched.c:[[@LINE+4]]:5: note: 'PyOS_AfterFork_Child' is called here
static PyObject *child_only(PyObject *self, PyObject *callable) {
  pid_t pid = fork();
  if (pid == 0) {
    PyOS_AfterFork_Child();
    // CHECK: mismatched.c:[[@LINE-1]]:5: note: call PyOS_BeforeFork() right before fork(), with the GIL held
    PyObject_CallNoArgs(callable);
    _exit(0);
  }
  return PyLong_FromLong(pid);
}

// The flag-guarded pairing with the child's call not guarded by the flag.
// CHECK: mismatched.c:[[@LINE+6]]:9: warning: PyOS_AfterFork_Child() is called in the child of this fork without PyOS_BeforeFork() before the fork [python-fork-pairing]
// CHECK: mismatched.c:[[@LINE+7]]:5: note: 'PyOS_AfterFork_Child' is called here
static PyObject *flag_mismatch(PyObject *self, PyObject *preexec) {
  pid_t pid;
  if (preexec)
    PyOS_BeforeFork();
  pid = fork();
  if (pid == 0) {
    PyOS_AfterFork_Child();
    // CHECK: mismatched.c:[[@LINE-4]]:5: note: 'PyOS_BeforeFork' is called here
    // CHECK: mismatched.c:[[@LINE-2]]:5: note: call PyOS_BeforeFork() right before fork()
    if (preexec)
      PyObject_CallNoArgs(preexec);
    _exit(127);
  }
  if (preexec)
    PyOS_AfterFork_Parent();
  return PyLong_FromLong(pid);
}

// Before testing the result, the call runs in both processes.
// CHECK: mismatched.c:[[@LINE+4]]:15: warning: PyOS_AfterFork_Child() is called in the parent of this fork, and when it fails [python-fork-pairing]
// CHECK: mismatched.c:[[@LINE+4]]:3: note: 'PyOS_AfterFork_Child' is called here
static PyObject *both_processes(PyObject *self, PyObject *args) {
  PyOS_BeforeFork();
  pid_t pid = fork();
  PyOS_AfterFork_Child();
  // CHECK: mismatched.c:[[@LINE-1]]:3: note: test the fork result first: PyOS_AfterFork_Child() where it is 0, PyOS_AfterFork_Parent() everywhere else
  if (pid != 0)
    PyOS_AfterFork_Parent();
  return PyLong_FromLong(pid);
}

// forksafe_fork() (the GIL held) already ran the hooks.
// CHECK: mismatched.c:[[@LINE+3]]:15: warning: PyOS_AfterFork_Child() is called after 'forksafe_fork', which calls it already [python-fork-pairing]
// CHECK: mismatched.c:[[@LINE+4]]:5: note: 'PyOS_AfterFork_Child' is called here
static PyObject *twice(PyObject *self, PyObject *callable) {
  pid_t pid = forksafe_fork();
  if (pid == 0) {
    PyOS_AfterFork_Child();
    // CHECK: mismatched.c:[[@LINE-3]]:15: note: 'forksafe_fork' runs PyOS_BeforeFork() and the after-fork functions itself
    // CHECK: mismatched.c:[[@LINE-2]]:5: note: call each after-fork function once per fork
    PyObject_CallNoArgs(callable);
    _exit(0);
  }
  return PyLong_FromLong(pid);
}

// The child returns into the interpreter without PyOS_AfterFork_Child().
// CHECK: mismatched.c:[[@LINE+4]]:15: warning: PyOS_BeforeFork() before this fork is not matched by PyOS_AfterFork_Child() in the child, which returns from 'child_returns' and goes on running Python [python-fork-pairing]
// CHECK: mismatched.c:[[@LINE+2]]:3: note: 'PyOS_BeforeFork' is called here
static PyObject *child_returns(PyObject *self, PyObject *args) {
  PyOS_BeforeFork();
  pid_t pid = fork();
  if (pid == 0)
    return NULL;
  // CHECK: mismatched.c:[[@LINE-1]]:5: note: 'child_returns' returns here in the child without calling PyOS_AfterFork_Child()
  // CHECK: mismatched.c:[[@LINE-4]]:15: note: call PyOS_AfterFork_Child() first in the child, or end it with _exit() or exec before it runs Python
  PyOS_AfterFork_Parent();
  return PyLong_FromLong(pid);
}

static PyMethodDef methods[] = {
    {"fails_early", fails_early, METH_O, NULL},
    {"never_in_parent", never_in_parent, METH_O, NULL},
    {"child_only", child_only, METH_O, NULL},
    {"flag_mismatch", flag_mismatch, METH_O, NULL},
    {"both_processes", both_processes, METH_NOARGS, NULL},
    {"twice", twice, METH_O, NULL},
    {"child_returns", child_returns, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};
PyMethodDef *keep = methods;
