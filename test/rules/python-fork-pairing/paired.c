// Correct pairings: CPython's os.fork(), the preexec_fn-style conditional
// pairing on one flag, _posixsubprocess.c as in 3.11 (the flag copied into
// need_after_fork, the child's call guarded by a pointer comparison) and as
// in 3.12 (the fork in a helper), a fork wrapper, forksafe_fork(), and the
// Python 2 pairing with the import lock, and two forks in a row.
// RUN: %forkcheck --disable=all --enable=python-fork-pairing %s -- -I%python_include -I%srcroot/runtime/include | count 0
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <forksafe.h>
#include <errno.h>
#include <unistd.h>

static PyObject *os_fork(PyObject *module, PyObject *unused) {
  pid_t pid;
  PyOS_BeforeFork();
  pid = fork();
  int saved_errno = errno;
  if (pid == 0) {
    PyOS_AfterFork_Child();
  } else {
    PyOS_AfterFork_Parent();
  }
  if (pid == -1) {
    errno = saved_errno;
    return PyErr_SetFromErrno(PyExc_OSError);
  }
  return PyLong_FromLong(pid);
}

// The hooks only when there is Python to run in the child.
static PyObject *spawn(PyObject *self, PyObject *preexec) {
  pid_t pid;
  if (preexec)
    PyOS_BeforeFork();
  pid = fork();
  if (pid == 0) {
    if (preexec) {
      PyOS_AfterFork_Child();
      PyObject_CallNoArgs(preexec);
    }
    _exit(127);
  }
  if (preexec)
    PyOS_AfterFork_Parent();
  if (pid < 0)
    return PyErr_SetFromErrno(PyExc_OSError);
  return PyLong_FromLong(pid);
}

// Modules/_posixsubprocess.c, subprocess_fork_exec() (3.11), reduced.
static void child_exec(PyObject *preexec_fn) {
  if (preexec_fn != Py_None)
    PyObject_CallNoArgs(preexec_fn);
  _exit(255);
}

static PyObject *fork_exec_311(PyObject *module, PyObject *preexec_fn) {
  int need_after_fork = 0;
  pid_t pid;
  if (preexec_fn != Py_None) {
    PyOS_BeforeFork();
    need_after_fork = 1;
  }
  pid = fork();
  if (pid == 0) {
    if (preexec_fn != Py_None) {
      PyOS_AfterFork_Child();
    }
    child_exec(preexec_fn);
    _exit(255);
  }
  int saved_errno = 0;
  if (pid == -1)
    saved_errno = errno;
  if (need_after_fork)
    PyOS_AfterFork_Parent();
  if (saved_errno) {
    errno = saved_errno;
    return PyErr_SetFromErrno(PyExc_OSError);
  }
  return PyLong_FromLong(pid);
}

// 3.12: the fork in do_fork_exec(), BeforeFork and AfterFork_Parent in its caller.
static pid_t do_fork_exec(PyObject *preexec_fn) {
  pid_t pid = fork();
  if (pid != 0)
    return pid;
  if (preexec_fn != Py_None)
    PyOS_AfterFork_Child();
  child_exec(preexec_fn);
  return 0;
}

static PyObject *fork_exec_312(PyObject *module, PyObject *preexec_fn) {
  int need_after_fork = 0;
  if (preexec_fn != Py_None) {
    PyOS_BeforeFork();
    need_after_fork = 1;
  }
  pid_t pid = do_fork_exec(preexec_fn);
  if (need_after_fork)
    PyOS_AfterFork_Parent();
  if (pid == -1)
    return PyErr_SetFromErrno(PyExc_OSError);
  return PyLong_FromLong(pid);
}

// A wrapper that returns like fork() with the hooks done.
static pid_t py_fork(void) {
  PyOS_BeforeFork();
  pid_t pid = fork();
  if (pid == 0) {
    PyOS_AfterFork_Child();
    return 0;
  }
  PyOS_AfterFork_Parent();
  return pid;
}

static PyObject *use_wrapper(PyObject *self, PyObject *callable) {
  pid_t pid = py_fork();
  if (pid == 0) {
    PyObject_CallNoArgs(callable);
    _exit(0);
  }
  return PyLong_FromLong(pid);
}

static PyObject *use_forksafe(PyObject *self, PyObject *callable) {
  pid_t pid = forksafe_fork();
  if (pid == 0) {
    PyObject_CallNoArgs(callable);
    _exit(0);
  }
  return PyLong_FromLong(pid);
}

// Python 2.7's posix_fork().
static PyObject *posix_fork(PyObject *self, PyObject *noargs) {
  int result;
  pid_t pid;
  _PyImport_AcquireLock();
  pid = fork();
  if (pid == 0) {
    PyOS_AfterFork();
  } else {
    result = _PyImport_ReleaseLock();
    if (result < 0)
      return NULL;
  }
  if (pid == -1)
    return PyErr_SetFromErrno(PyExc_OSError);
  return PyLong_FromLong(pid);
}

// Two forks in a row, each with its own pairing, in a loop.
static PyObject *fork_twice(PyObject *self, PyObject *args) {
  for (int i = 0; i < 2; i++) {
    PyOS_BeforeFork();
    pid_t pid = fork();
    if (pid == 0) {
      PyOS_AfterFork_Child();
      _exit(0);
    }
    PyOS_AfterFork_Parent();
    if (pid < 0)
      return PyErr_SetFromErrno(PyExc_OSError);
  }
  PyOS_BeforeFork();
  pid_t pid = fork();
  if (pid == 0)
    PyOS_AfterFork_Child();
  else
    PyOS_AfterFork_Parent();
  return PyLong_FromLong(pid);
}

static PyMethodDef methods[] = {
    {"fork", os_fork, METH_NOARGS, NULL},
    {"spawn", spawn, METH_O, NULL},
    {"fork_exec_311", fork_exec_311, METH_O, NULL},
    {"fork_exec_312", fork_exec_312, METH_O, NULL},
    {"use_wrapper", use_wrapper, METH_O, NULL},
    {"use_forksafe", use_forksafe, METH_O, NULL},
    {"posix_fork", posix_fork, METH_NOARGS, NULL},
    {"fork_twice", fork_twice, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};
PyMethodDef *keep = methods;
