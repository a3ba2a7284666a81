/* Python.h's include directories, as the installed Python gave them when
 * forkcheck was configured. */
#ifndef FORKCHECK_PYCONFIG_H
#define FORKCHECK_PYCONFIG_H

/* "-I..." arguments (possibly none); valid until the process ends. */
const char *const *fc_python_includes(int *n);

#endif
