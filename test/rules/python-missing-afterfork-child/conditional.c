// PyOS_AfterFork_Child() called only when the child will run Python, as
// CPython's _posixsubprocess.c does (3.11 shape: the same test of preexec_fn
// guards the call and, inside child_exec(), the callback). A function of the
// program called where some path of the child called PyOS_AfterFork_Child()
// is taken to call Python only then; a direct API call is still judged.
// RUN: not %forkcheck --disable=all --enable=python-missing-afterfork-child %s -- -I%python_include | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <unistd.h>

static void child_exec(char *const argv[], PyObject *preexec_fn) {
  if (preexec_fn != Py_None) {
    PyObject *r = PyObject_CallNoArgs(preexec_fn);
    if (!r)
      _exit(255);
  }
  execv(argv[0], argv);
  _exit(255);
}

static PyObject *fork_exec(PyObject *module, PyObject *preexec_fn) {
  char *const argv[] = {"/bin/true", NULL};
  int need_after_fork = 0;
  if (preexec_fn != Py_None) {
    PyOS_BeforeFork();
    need_after_fork = 1;
  }
  pid_t pid = fork();
  if (pid == 0) {
    if (preexec_fn != Py_None)
      PyOS_AfterFork_Child();
    child_exec(argv, preexec_fn);
  }
  if (need_after_fork)
    PyOS_AfterFork_Parent();
  if (pid == -1)
    return PyErr_SetFromErrno(PyExc_OSError);
  return PyLong_FromLong(pid);
}

static PyObject *direct_after_conditional(PyObject *module, PyObject *callback) {
  pid_t pid = fork();
  if (pid == 0) {
    if (callback != Py_None)
      PyOS_AfterFork_Child();
    // CHECK: conditional.c:[[@LINE+3]]:5: warning: 'PyErr_Clear' calls into the Python interpreter in the child of fork() before PyOS_AfterFork_Child() [python-missing-afterfork-child]
    // CHECK: conditional.c:[[@LINE-5]]:15: note: child process created here
    // CHECK: conditional.c:[[@LINE+1]]:5: note: call PyOS_AfterFork_Child() first
    PyErr_Clear();
    _exit(0);
  }
  return PyLong_FromLong(pid);
}

static PyMethodDef methods[] = {
    {"fork_exec", fork_exec, METH_O, NULL},
    {"direct_after_conditional", direct_after_conditional, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
PyMethodDef *keep = methods;
