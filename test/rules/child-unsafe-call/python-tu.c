// A file that includes Python.h runs inside an interpreter that may have
// other threads, whatever the rest of the program does: what stays unsafe
// even after the C library's fork() reset the allocator and stdio (the
// user database) is reported.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -I%python_include | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static PyObject *spawn(PyObject *self, PyObject *args) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: python-tu.c:[[@LINE+4]]:5: warning: 'getpwnam' is not async-signal-safe
    // CHECK: python-tu.c:14:15: note: child process created here
    // CHECK: python-tu.c:13:18: note: another thread may be running at the fork: this file includes Python.h and the interpreter may run other threads
    // CHECK: python-tu.c:20:5: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    getpwnam("nobody");
    _exit(0);
  }
  return PyLong_FromLong(pid);
}

// The allocator and stdio, which the C library's fork() resets in the
// child, are not reported on the interpreter's hypothetical threads.
static PyObject *spawn_quiet(PyObject *self, PyObject *args) {
  pid_t pid = fork();
  if (pid == 0) {
    char *msg = malloc(32);
    fprintf(stderr, "child %p\n", (void *)msg);
    _exit(0);
  }
  return PyLong_FromLong(pid);
}

// The interpreter calls them: an extension module's methods. (A file with
// a main of its own that calls them directly is an embedder's, and runs on
// interpreter threads only once main starts the interpreter:
// python-embedder-main.c.)
static PyMethodDef methods[] = {{"spawn", spawn, METH_NOARGS, NULL},
                                {"spawn_quiet", spawn_quiet, METH_NOARGS, NULL},
                                {NULL, NULL, 0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "spawner", NULL, -1, methods};
PyMODINIT_FUNC PyInit_spawner(void) { return PyModule_Create(&module); }
