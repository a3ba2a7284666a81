// Against the headers of a Python before 3.7 -- Python 2 (PY_MAJOR_VERSION
// 2), or a 3.6 whose PY_VERSION_HEX is below 0x03070000 -- PyOS_AfterFork()
// is the only call there is: not deprecated, no fix-it, and a child that
// calls it without a before-fork call is its documented use. From 3.7 on,
// and with the installed Python, both are reported.
// RUN: %forkcheck --disable=all --enable=python-deprecated-afterfork --enable=python-fork-pairing %s -- -I%S/Inputs/python27 | FileCheck %s --check-prefix=OLD --allow-empty --implicit-check-not='{{warning|note}}:'
// RUN: %forkcheck --disable=all --enable=python-deprecated-afterfork --enable=python-fork-pairing %s -- -I%S/Inputs/python36 | FileCheck %s --check-prefix=OLD --allow-empty --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=python-deprecated-afterfork --enable=python-fork-pairing %s -- -I%S/Inputs/python37 | FileCheck %s --check-prefix=NEW --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --disable=all --enable=python-deprecated-afterfork --enable=python-fork-pairing %s -- -I%python_include | FileCheck %s --check-prefix=NEW --implicit-check-not='{{warning|note}}:'
// --fix leaves the file alone against the old headers, and replaces the call
// against the new ones.
// RUN: rm -rf %t && mkdir %t && cp %s %t/old.c && cp %s %t/new.c
// RUN: %forkcheck --fix --disable=all --enable=python-deprecated-afterfork %t/old.c -- -I%S/Inputs/python27
// RUN: cmp %s %t/old.c
// RUN: not %forkcheck --fix --disable=all --enable=python-deprecated-afterfork %t/new.c -- -I%S/Inputs/python37
// RUN: FileCheck %s --check-prefix=FIXED < %t/new.c
// FIXED: {{^}}    PyOS_AfterFork_Child();{{$}}
// OLD-NOT: warning
#include <Python.h>
#include <unistd.h>

// NEW: old-python.c:[[@LINE+4]]:15: warning: PyOS_AfterFork() is called in the child of this fork without PyOS_BeforeFork() before the fork [python-fork-pairing]
// NEW: old-python.c:[[@LINE+5]]:5: note: 'PyOS_AfterFork' is called here
// NEW: old-python.c:[[@LINE+4]]:5: note: call PyOS_BeforeFork() right before fork()
int run_child(PyObject *callable) {
  pid_t pid = fork();
  if (pid == 0) {
    PyOS_AfterFork();
    // NEW: old-python.c:[[@LINE-1]]:5: warning: 'PyOS_AfterFork' is deprecated since Python 3.7; use 'PyOS_AfterFork_Child' [python-deprecated-afterfork]
    // NEW: old-python.c:[[@LINE-2]]:5: note: call PyOS_AfterFork_Child() in the child
    PyObject_CallObject(callable, NULL);
    _exit(0);
  }
  return pid;
}
