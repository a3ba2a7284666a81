/*
 * forkdemo_forksafe: the same with libforksafe. forksafe_fork(), called with
 * the GIL held, runs PyOS_BeforeFork(), PyOS_AfterFork_Parent() and
 * PyOS_AfterFork_Child() itself (and flushes stdio first); forksafe_wait()
 * retries on EINTR. Link with -lforksafe.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <forksafe.h>
#include <sys/wait.h>
#include <unistd.h>

#define FAILED_IN_CHILD 70

static PyObject *run_in_child(PyObject *self, PyObject *callable) {
  (void)self;
  int status = 0, r;
  if (!PyCallable_Check(callable)) {
    PyErr_SetString(PyExc_TypeError, "run_in_child() needs a callable");
    return NULL;
  }
  pid_t pid = forksafe_fork(); /* with the GIL held */
  if (pid < 0)
    return PyErr_SetFromErrno(PyExc_OSError);
  if (pid == 0) {
    PyObject *result = PyObject_CallNoArgs(callable);
    _exit(result && PyLong_Check(result) ? (int)PyLong_AsLong(result) : FAILED_IN_CHILD);
  }
  Py_BEGIN_ALLOW_THREADS
  r = forksafe_wait(pid, &status);
  Py_END_ALLOW_THREADS
  if (r < 0) {
    errno = -r;
    return PyErr_SetFromErrno(PyExc_OSError);
  }
  return PyLong_FromLong(WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status));
}

static PyMethodDef methods[] = {
    {"run_in_child", run_in_child, METH_O,
     "run_in_child(callable) -> exit code of a child that ran callable()"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "forkdemo_forksafe", NULL, -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit_forkdemo_forksafe(void) { return PyModule_Create(&module); }
