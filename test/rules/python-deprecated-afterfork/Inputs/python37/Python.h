/* A stand-in for a Python 3.7 Python.h: the version macros as its
 * patchlevel.h defines them, and the declarations the tests use. */
#define PY_MAJOR_VERSION 3
#define PY_MINOR_VERSION 7
#define PY_VERSION_HEX ((PY_MAJOR_VERSION << 24) | (PY_MINOR_VERSION << 16))
typedef struct _object PyObject;
void PyOS_AfterFork(void);
void PyOS_AfterFork_Child(void);
void _PyImport_AcquireLock(void);
int _PyImport_ReleaseLock(void);
PyObject *PyObject_CallObject(PyObject *callable, PyObject *args);
