// A program's file that includes Python.h only for its types and accessors
// runs in no interpreter: uftrace includes it through its script header,
// loads libpython with dlopen() and calls it through pointers, and its
// Py_TYPE() reads memory; what Python.h's own inline functions call
// (PyObject_TypeCheck() calls PyType_IsSubtype()) is not the file's. Its
// forks have no interpreter threads to fear. Reported: a file that calls into the
// interpreter itself (PyLong_FromLong()), which runs inside one: an
// extension module's, with no main (an embedder's main starts the
// interpreter itself: python-embedder-main.c).
// RUN: %forkcheck --disable=all --enable=child-unsafe-call %s -- -I%python_include | FileCheck %s --allow-empty --check-prefix=NONE --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -I%python_include -DCALLS_API | FileCheck %s --implicit-check-not='{{warning|note}}:'
// NONE-NOT: warning
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pwd.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static PyObject *(*new_long)(long);

int is_type(PyObject *obj, PyTypeObject *type) { return Py_TYPE(obj) == type; }

int record(const char *user) {
  pid_t pid = fork();
  if (pid == 0) {
    getpwnam(user);
    _exit(0);
  }
  return waitpid(pid, NULL, 0) < 0;
}

PyObject *result(long v) {
#ifdef CALLS_API
  return PyLong_FromLong(v);
#else
  return new_long ? new_long(v) : NULL;
#endif
}

#ifndef CALLS_API
int main(int argc, char **argv) {
  return argc > 1 ? record(argv[1]) : result(argc) != NULL;
}
#endif
// CHECK: python-types-only.c:27:5: warning: 'getpwnam' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
// CHECK: python-types-only.c:25:15: note: child process created here
// CHECK: python-types-only.c:24:5: note: another thread may be running at the fork: this file includes Python.h and the interpreter may run other threads
// CHECK: python-types-only.c:27:5: note: until exec or _exit
