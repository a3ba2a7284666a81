/* Python extension for python-fork.test: forksafe_fork() from Python code
 * that holds the GIL, the child calling back into Python. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <forksafe.h>
#include <sys/wait.h>
#include <unistd.h>

/* fork_call(callable) -> pid: in the child, calls callable() and _exits
 * with the int it returns (70 if it raised or returned something else). */
static PyObject *fork_call(PyObject *self, PyObject *callable)
{
    (void)self;
    if (!PyCallable_Check(callable)) {
        PyErr_SetString(PyExc_TypeError, "fork_call() needs a callable");
        return NULL;
    }
    pid_t pid = forksafe_fork(); /* with the GIL held */
    if (pid < 0)
        return PyErr_SetFromErrno(PyExc_OSError);
    if (pid == 0) {
        int code = 70;
        PyObject *r = PyObject_CallNoArgs(callable);
        if (r && PyLong_Check(r))
            code = (int)PyLong_AsLong(r);
        else
            PyErr_Print();
        _exit(code);
    }
    return PyLong_FromLong((long)pid);
}

/* wait(pid) -> exit code (or -signal), with the GIL released. */
static PyObject *wait_child(PyObject *self, PyObject *arg)
{
    (void)self;
    long pid = PyLong_AsLong(arg);
    if (pid == -1 && PyErr_Occurred())
        return NULL;
    int status = 0, r;
    Py_BEGIN_ALLOW_THREADS
    r = forksafe_wait((pid_t)pid, &status);
    Py_END_ALLOW_THREADS
    if (r < 0) {
        errno = -r;
        return PyErr_SetFromErrno(PyExc_OSError);
    }
    return PyLong_FromLong(WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status));
}

static PyMethodDef methods[] = {
    {"fork_call", fork_call, METH_O, "forksafe_fork(); the child runs callable() and _exits"},
    {"wait", wait_child, METH_O, "forksafe_wait(pid) -> exit code"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "pyfork_ext", NULL, -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit_pyfork_ext(void)
{
    return PyModule_Create(&module);
}
