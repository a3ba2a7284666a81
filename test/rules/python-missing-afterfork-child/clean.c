// Children that may call into Python: after PyOS_AfterFork_Child() (CPython's
// os.fork() shape, the Python 2 shape with PyOS_AfterFork()), or forked by
// forksafe_fork() with the GIL held; and children that do not call Python.
// RUN: %forkcheck --disable=all --enable=python-missing-afterfork-child %s -- -I%python_include -I%srcroot/runtime/include | count 0
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <forksafe.h>
#include <errno.h>
#include <unistd.h>

// Modules/posixmodule.c, os_fork_impl() (3.11).
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

static PyObject *with_forksafe(PyObject *self, PyObject *callable) {
  pid_t pid = forksafe_fork();
  if (pid == 0) {
    PyObject *r = PyObject_CallNoArgs(callable);
    _exit(r ? 0 : 1);
  }
  if (pid < 0)
    return PyErr_SetFromErrno(PyExc_OSError);
  return PyLong_FromLong(pid);
}

// The child only execs: nothing to reset.
static PyObject *spawn_exec(PyObject *self, PyObject *args) {
  char *const argv[] = {"true", NULL};
  pid_t pid = fork();
  if (pid == 0) {
    execv("/bin/true", argv);
    _exit(127);
  }
  return PyLong_FromLong(pid);
}

static PyMethodDef methods[] = {
    {"fork", os_fork, METH_NOARGS, NULL},
    {"posix_fork", posix_fork, METH_NOARGS, NULL},
    {"with_forksafe", with_forksafe, METH_O, NULL},
    {"spawn_exec", spawn_exec, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};
PyMethodDef *keep = methods;
