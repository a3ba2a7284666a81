// The shape of CPython's Modules/_posixsubprocess.c, a careful child: argv,
// envp and the fds to keep are prepared before the fork; the child uses only
// CPython's async-signal-safe helpers (_Py_set_inheritable_async_safe,
// _Py_open_noraise, _Py_write_noraise, _Py_RestoreSignals), plain syscalls,
// sysconf(_SC_OPEN_MAX) (safe_get_max_fd: glibc answers it with getrlimit),
// reads of int objects in an immutable tuple, and execve; preexec_fn runs
// Python only after PyOS_AfterFork_Child(); failures go to the parent
// through a pipe, then _exit. It must come out clean.
// RUN: %forkcheck --disable=all --enable=child-unsafe-call %s -- -I%python_include -I%python_include/internal -DPy_BUILD_CORE | count 0
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pycore_fileutils.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int make_inheritable(PyObject *fds_to_keep, int errpipe_write) {
  Py_ssize_t len = PyTuple_GET_SIZE(fds_to_keep);
  for (Py_ssize_t i = 0; i < len; ++i) {
    long fd = PyLong_AsLong(PyTuple_GET_ITEM(fds_to_keep, i));
    if (fd == errpipe_write)
      continue;
    if (_Py_set_inheritable_async_safe((int)fd, 1, NULL) < 0)
      return -1;
  }
  return 0;
}

static int brute_force_closer(int first, int last) {
  for (int i = first; i <= last; i++)
    (void)close(i);
  return 0;
}

/* The highest fd to close when /proc cannot be read. */
static int safe_get_max_fd(void) {
  long max_fd = sysconf(_SC_OPEN_MAX);
  return max_fd == -1 ? 256 : (int)max_fd;
}

static void close_open_fds(int start_fd, int (*closer)(int, int)) {
  int dir = _Py_open_noraise("/proc/self/fd", O_RDONLY);
  if (dir == -1) {
    closer(start_fd, safe_get_max_fd());
    return;
  }
  char buffer[4096];
  while (syscall(SYS_getdents64, dir, buffer, sizeof buffer) > 0)
    ;
  close(dir);
}

static void child_exec(char *const exec_array[], char *const argv[], char *const envp[],
                       const char *cwd, int errpipe_write, PyObject *fds_to_keep,
                       PyObject *preexec_fn, PyObject *preexec_args) {
  int saved_errno = 0;
  char hex_errno[sizeof(saved_errno) * 2 + 1];
  const char *err_msg = "";
  if (make_inheritable(fds_to_keep, errpipe_write) < 0)
    goto error;
  if (cwd && chdir(cwd) == -1)
    goto error;
  _Py_RestoreSignals();
  if (setsid() == -1)
    goto error;
  if (preexec_fn != Py_None && preexec_args) {
    PyObject *result = PyObject_Call(preexec_fn, preexec_args, NULL);
    if (result == NULL) {
      err_msg = "Exception occurred in preexec_fn.";
      goto error;
    }
  }
  close_open_fds(3, brute_force_closer);
  for (int i = 0; exec_array[i] != NULL; ++i) {
    if (envp)
      execve(exec_array[i], argv, envp);
    else
      execv(exec_array[i], argv);
    if (errno != ENOENT && errno != ENOTDIR && saved_errno == 0)
      saved_errno = errno;
  }
error:
  saved_errno = errno;
  if (saved_errno) {
    char *cur = hex_errno + sizeof hex_errno;
    _Py_write_noraise(errpipe_write, "OSError:", 8);
    while (saved_errno != 0 && cur != hex_errno) {
      *--cur = "0123456789abcdef"[saved_errno % 16];
      saved_errno /= 16;
    }
    _Py_write_noraise(errpipe_write, cur, hex_errno + sizeof hex_errno - cur);
  } else {
    _Py_write_noraise(errpipe_write, "SubprocessError:0:", 18);
    _Py_write_noraise(errpipe_write, err_msg, strlen(err_msg));
  }
}

static pid_t do_fork_exec(char *const exec_array[], char *const argv[], char *const envp[],
                          const char *cwd, int errpipe_write, PyObject *fds_to_keep,
                          PyObject *preexec_fn, PyObject *preexec_args) {
  pid_t pid = fork();
  if (pid != 0)
    return pid;
  if (preexec_fn != Py_None)
    PyOS_AfterFork_Child();
  child_exec(exec_array, argv, envp, cwd, errpipe_write, fds_to_keep, preexec_fn, preexec_args);
  _exit(255);
  return 0;
}

PyObject *fork_exec(PyObject *module, PyObject *args) {
  char *const *argv = NULL, *const *envp = NULL, *const *exec_array = NULL;
  PyObject *fds_to_keep = NULL, *preexec_fn = Py_None, *preexec_args = NULL;
  int errpipe_write = -1;
  if (!PyArg_ParseTuple(args, "OOi", &fds_to_keep, &preexec_fn, &errpipe_write))
    return NULL;
  if (preexec_fn != Py_None) {
    preexec_args = PyTuple_New(0);
    PyOS_BeforeFork();
  }
  pid_t pid = do_fork_exec(exec_array, argv, envp, NULL, errpipe_write, fds_to_keep,
                           preexec_fn, preexec_args);
  if (preexec_fn != Py_None)
    PyOS_AfterFork_Parent();
  return pid == -1 ? PyErr_SetFromErrno(PyExc_OSError) : PyLong_FromLong(pid);
}
