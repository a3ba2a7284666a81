/* A stand-in for Python 2.7's Python.h: the version macros as its
 * patchlevel.h defines them, and the declarations the tests use. */
#include "patchlevel.h"
typedef struct _object PyObject;
void PyOS_AfterFork(void);
void _PyImport_AcquireLock(void);
int _PyImport_ReleaseLock(void);
PyObject *PyObject_CallObject(PyObject *callable, PyObject *args);
