// The GIL released around fork() and taken back in both processes: in the
// child, Py_END_ALLOW_THREADS waits for a GIL that another Python thread may
// hold, and that thread does not exist in the child. Reported once, at the
// macro's line; the calls after it on the same path are the same bug.
// RUN: not %forkcheck --disable=all --enable=python-missing-afterfork-child %s -- -I%python_include | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <sys/wait.h>
#include <unistd.h>

static PyObject *run_in_child(PyObject *self, PyObject *callable) {
  pid_t pid;
  Py_BEGIN_ALLOW_THREADS
  pid = fork();
  // CHECK: gil-released.c:[[@LINE+1]]:3: warning: 'PyEval_RestoreThread' (from Py_END_ALLOW_THREADS) takes the GIL in the child of fork() before PyOS_AfterFork_Child() (this code runs in both processes): the GIL may be held by a thread that does not exist in the child [python-missing-afterfork-child]
  Py_END_ALLOW_THREADS
  // CHECK: gil-released.c:[[@LINE-3]]:9: note: child process created here
  // CHECK: gil-released.c:[[@LINE-2]]:3: note: fork with the GIL held, between PyOS_BeforeFork() and PyOS_AfterFork_Parent() in the parent, and call PyOS_AfterFork_Child() first in the child; or do not call into Python in the child before exec or _exit
  if (pid < 0)
    return PyErr_SetFromErrno(PyExc_OSError);
  if (pid == 0) {
    PyObject *r = PyObject_CallNoArgs(callable);
    _exit(r ? (int)PyLong_AsLong(r) : 70);
  }
  int status;
  Py_BEGIN_ALLOW_THREADS
  waitpid(pid, &status, 0);
  Py_END_ALLOW_THREADS
  return PyLong_FromLong(WEXITSTATUS(status));
}

// The same without the macros: the child calls back into Python first.
static PyObject *call_in_child(PyObject *self, PyObject *callable) {
  pid_t pid;
  PyThreadState *ts = PyEval_SaveThread();
  pid = fork();
  if (pid == 0) {
    // CHECK: gil-released.c:[[@LINE+1]]:5: warning: 'PyEval_RestoreThread' (from Py_END_ALLOW_THREADS) takes the GIL in the child of fork() before PyOS_AfterFork_Child(): the GIL may be held by a thread that does not exist in the child [python-missing-afterfork-child]
    PyEval_RestoreThread(ts);
    // CHECK: gil-released.c:[[@LINE-4]]:9: note: child process created here
    // CHECK: gil-released.c:[[@LINE-2]]:5: note: fork with the GIL held
    PyObject_CallNoArgs(callable);
    _exit(0);
  }
  PyEval_RestoreThread(ts);
  return PyLong_FromLong(pid);
}

// Another thread's state may own the GIL: PyGILState_Ensure() in the child.
static void *child_thread_api(void *arg) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: gil-released.c:[[@LINE+1]]:30: warning: 'PyGILState_Ensure' takes the GIL in the child of fork() before PyOS_AfterFork_Child(): the GIL may be held by a thread that does not exist in the child [python-missing-afterfork-child]
    PyGILState_STATE state = PyGILState_Ensure();
    // CHECK: gil-released.c:[[@LINE-4]]:15: note: child process created here
    // CHECK: gil-released.c:[[@LINE-2]]:30: note: fork with the GIL held
    PyRun_SimpleString("print('hello')");
    PyGILState_Release(state);
    _exit(0);
  }
  return arg;
}

static PyMethodDef methods[] = {
    {"run_in_child", run_in_child, METH_O, NULL},
    {"call_in_child", call_in_child, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

void *keep(void) { return child_thread_api(methods); }
