/* forksafe.h - fork() helpers that are safe in multithreaded programs.
 *
 * libforksafe is the runtime companion of the forkcheck static analyzer.
 * Link with -lforksafe (pkg-config: forksafe; CMake: forksafe::forksafe).
 * Reference: docs/runtime.md.
 *
 * Conventions: functions that are not fork-like return 0 (or a
 * non-negative count) on success and a negative errno value on failure.
 * Functions marked "async-signal-safe" may be called in the child of a
 * multithreaded process before exec()/_exit().
 */
#ifndef FORKSAFE_H
#define FORKSAFE_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FORKSAFE_VERSION_MAJOR 0
#define FORKSAFE_VERSION_MINOR 1
#define FORKSAFE_VERSION_PATCH 0

#if defined(FORKSAFE_BUILDING) && defined(__GNUC__)
#define FORKSAFE_API __attribute__((visibility("default")))
#else
#define FORKSAFE_API
#endif

#if defined(__GNUC__)
#define FORKSAFE_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define FORKSAFE_PRINTF(f, a)
#endif

/* ---- fork ------------------------------------------------------------ */

/* A fork handler; `arg` is the pointer given to forksafe_atfork(). */
typedef void (*forksafe_handler)(void *arg);

/* Maximum number of handler sets forksafe_atfork() accepts. */
#define FORKSAFE_ATFORK_MAX 64

/* Registers handlers run by forksafe_fork() (not by a plain fork()):
 * `prepare` in the parent before forking (most recently registered first),
 * `parent` in the parent after forking, also when fork fails, and `child`
 * in the child (both in registration order).  Any of them may be NULL.
 * Thread-safe; there is no unregistration.
 * Returns 0, -EINVAL if all three are NULL, -ENOSPC when
 * FORKSAFE_ATFORK_MAX sets are registered. */
FORKSAFE_API int forksafe_atfork(forksafe_handler prepare, forksafe_handler parent,
                                 forksafe_handler child, void *arg);

/* fork() done right.  In order:
 *   1. fflush(NULL), so buffered output is not duplicated in the child;
 *   2. prepare handlers;
 *   3. if a Python interpreter runs in the process and the calling thread
 *      holds the GIL: PyOS_BeforeFork() (found at run time with dlsym; the
 *      library does not link against Python);
 *   4. fork();
 *   5. child: PyOS_AfterFork_Child(), then child handlers;
 *      parent (also when fork failed): PyOS_AfterFork_Parent(), then parent
 *      handlers.
 * Returns like fork(): the child's pid in the parent, 0 in the child,
 * -1 with errno set on failure (errno is preserved across the handlers). */
FORKSAFE_API pid_t forksafe_fork(void);

/* ---- wait ------------------------------------------------------------ */

/* Waits for the child `pid` (> 0) to terminate: waitpid(pid, status, 0)
 * retried on EINTR.  `status` may be NULL.
 * Returns 0, -EINVAL if pid <= 0, or -errno from waitpid (e.g. -ECHILD). */
FORKSAFE_API int forksafe_wait(pid_t pid, int *status);

/* ---- async-signal-safe output ---------------------------------------- */

/* Formats like a small printf and writes the result to `fd` with write(2)
 * only: no allocation, no locks, no locale.  Partial writes are completed,
 * EINTR is retried.  Async-signal-safe.
 * Conversions: %s %d %i %u %x %p %c %%, with the length modifiers l, ll, z
 * on d/i/u/x.  No flags, width or precision.  %s of NULL prints "(null)",
 * %p prints 0x followed by lowercase hex.  Any other conversion is printed
 * as is.  Output is formatted in chunks of 512 bytes: a message that fits
 * is written with a single write(2).
 * Returns 0 or -errno from write(2) (-EINVAL if fmt is NULL). */
FORKSAFE_API int forksafe_log(int fd, const char *fmt, ...) FORKSAFE_PRINTF(2, 3);
FORKSAFE_API int forksafe_vlog(int fd, const char *fmt, va_list ap) FORKSAFE_PRINTF(2, 0);

/* The same formatter into a buffer, snprintf-style: writes at most `size`
 * bytes including the terminating NUL (nothing if size is 0) and returns the
 * length the full output would have (so truncation happened if the result
 * is >= size), or -EINVAL if fmt is NULL.  Async-signal-safe. */
FORKSAFE_API int forksafe_format(char *buf, size_t size, const char *fmt, ...)
    FORKSAFE_PRINTF(3, 4);

/* ---- spawn ----------------------------------------------------------- */

/* Flags for forksafe_spawn_opts.flags. */
#define FORKSAFE_SPAWN_SEARCH_PATH 0x1u /* look `path` up in $PATH like execvp */
#define FORKSAFE_SPAWN_SETPGROUP   0x2u /* setpgid(0, 0) in the child */
#define FORKSAFE_SPAWN_CLOSE_FDS   0x4u /* close every fd >= 3 in the child */

struct forksafe_spawn_opts {
    int stdin_fd;    /* dup2'ed onto 0 in the child; -1 = inherit */
    int stdout_fd;   /* dup2'ed onto 1; -1 = inherit */
    int stderr_fd;   /* dup2'ed onto 2; -1 = inherit */
    const char *cwd; /* chdir() in the child; NULL = inherit */
    unsigned flags;  /* FORKSAFE_SPAWN_* */
};

/* Use this to initialize options: everything inherited. */
#define FORKSAFE_SPAWN_OPTS_INIT {-1, -1, -1, NULL, 0u}

/* Starts `path` with `argv` and `envp` (NULL = the current environ) the
 * safe way: everything that allocates happens in the parent before fork();
 * the child only calls async-signal-safe functions (sigaction,
 * sigprocmask, dup2, fcntl, close, chdir, setpgid, execve, write, _exit)
 * and reports an exec failure to the parent through a close-on-exec pipe.
 * Signals are blocked around fork(); in the child, caught signals are reset
 * to SIG_DFL and the caller's signal mask is restored before execve().
 * `opts` may be NULL (everything inherited); `err` may be NULL.
 * Returns the child's pid once execve() has succeeded in the child (*err is
 * then 0): wait for it with forksafe_wait().  On failure returns -1, sets
 * errno and *err to the error: from pipe/fork in the parent, or the errno
 * of execve() (or dup2/chdir/...) in the child, which has then been reaped
 * already.
 * With FORKSAFE_SPAWN_SEARCH_PATH, a `path` without '/' is tried in each
 * directory of $PATH (default "/bin:/usr/bin"); the error reported is EACCES
 * if some candidate was not executable, else the last one (like execvp;
 * scripts without #! are not run through /bin/sh). */
FORKSAFE_API pid_t forksafe_spawn(const char *path, char *const argv[], char *const envp[],
                                  const struct forksafe_spawn_opts *opts, int *err);

#ifdef __cplusplus
}
#endif

#endif /* FORKSAFE_H */
