/*
 * forkdemo_fixed: run a Python callable in a child process, done right.
 *
 * Fork with the GIL held, between PyOS_BeforeFork() and, in the parent,
 * PyOS_AfterFork_Parent() (also when fork() failed); the child calls
 * PyOS_AfterFork_Child() before anything else, which resets the
 * interpreter's record of the threads that did not survive the fork (and of
 * the locks they held). Then the child may run Python. The parent waits
 * for it with the GIL released.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#define FAILED_IN_CHILD 70

static PyObject *run_in_child(PyObject *self, PyObject *callable) {
  (void)self;
  pid_t pid, waited;
  int status = 0;
  if (!PyCallable_Check(callable)) {
    PyErr_SetString(PyExc_TypeError, "run_in_child() needs a callable");
    return NULL;
  }
  PyOS_BeforeFork();
  pid = fork();
  if (pid == 0) {
    PyOS_AfterFork_Child();
    PyObject *r = PyObject_CallNoArgs(callable);
    _exit(r && PyLong_Check(r) ? (int)PyLong_AsLong(r) : FAILED_IN_CHILD);
  }
  int saved_errno = errno;
  PyOS_AfterFork_Parent();
  if (pid < 0) {
    errno = saved_errno;
    return PyErr_SetFromErrno(PyExc_OSError);
  }
  Py_BEGIN_ALLOW_THREADS
  do
    waited = waitpid(pid, &status, 0);
  while (waited < 0 && errno == EINTR);
  Py_END_ALLOW_THREADS
  if (waited < 0)
    return PyErr_SetFromErrno(PyExc_OSError);
  return PyLong_FromLong(WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status));
}

static PyMethodDef methods[] = {
    {"run_in_child", run_in_child, METH_O,
     "run_in_child(callable) -> exit code of a child that ran callable()"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "forkdemo_fixed", NULL, -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit_forkdemo_fixed(void) { return PyModule_Create(&module); }
