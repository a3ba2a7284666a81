/* A stand-in for a Python 3.6 Python.h: PY_VERSION_HEX written out, and the
 * declarations the tests use (3.6 has PyOS_AfterFork() only). */
#define PY_VERSION_HEX 0x030608F0L
typedef struct _object PyObject;
void PyOS_AfterFork(void);
void _PyImport_AcquireLock(void);
int _PyImport_ReleaseLock(void);
PyObject *PyObject_CallObject(PyObject *callable, PyObject *args);
