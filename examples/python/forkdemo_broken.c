/*
 * forkdemo_broken: run a Python callable in a child process -- the wrong way.
 *
 * run_in_child(callable) forks, calls callable() in the child and ends the
 * child with _exit(<the int it returned>); the parent waits and returns the
 * child's exit code. The bug: the GIL is released around fork() and taken
 * back by Py_END_ALLOW_THREADS in both processes. If another Python thread
 * holds the GIL at the fork, the child waits for it forever: that thread
 * does not exist in the child. Nor does the child call
 * PyOS_AfterFork_Child() before calling back into Python.
 *
 * forkcheck reports it (python-missing-afterfork-child); forkdemo_fixed.c
 * is the same module done right.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

/* The child's exit code when the callable raised or did not return an int. */
#define FAILED_IN_CHILD 70

static PyObject *run_in_child(PyObject *self, PyObject *callable) {
  (void)self;
  pid_t pid, waited;
  int status = 0;
  if (!PyCallable_Check(callable)) {
    PyErr_SetString(PyExc_TypeError, "run_in_child() needs a callable");
    return NULL;
  }
  Py_BEGIN_ALLOW_THREADS
  pid = fork();
  Py_END_ALLOW_THREADS
  if (pid < 0)
    return PyErr_SetFromErrno(PyExc_OSError);
  if (pid == 0) {
    PyObject *r = PyObject_CallNoArgs(callable);
    _exit(r && PyLong_Check(r) ? (int)PyLong_AsLong(r) : FAILED_IN_CHILD);
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
    PyModuleDef_HEAD_INIT, "forkdemo_broken", NULL, -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit_forkdemo_broken(void) { return PyModule_Create(&module); }
