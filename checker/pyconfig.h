/* Python.h's include directories from python3-config, asked once. */
#ifndef FORKCHECK_PYCONFIG_H
#define FORKCHECK_PYCONFIG_H

/* "-I..." arguments (possibly none); valid until the process ends. */
const char *const *fc_python_includes(int *n);

#endif
