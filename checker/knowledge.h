/* What forkcheck knows about external functions: the tables in data/. */
#ifndef FORKCHECK_KNOWLEDGE_H
#define FORKCHECK_KNOWLEDGE_H

#include <stdint.h>

enum {
  FC_K_FORK = 1u << 0,         /* returns 0 in the child, the pid in the parent */
  FC_K_VFORK = 1u << 1,        /* like fork, child borrows the parent's memory */
  FC_K_DAEMON = 1u << 2,       /* the caller continues as the child */
  FC_K_NORETURN = 1u << 3,
  FC_K_EXIT_CLEANUP = 1u << 4, /* runs exit-time handlers (atexit, at_quick_exit) */
  FC_K_EXEC = 1u << 5,         /* replaces the process image (can fail) */
  FC_K_THREAD_START = 1u << 6,
  FC_K_ASYNC_SAFE = 1u << 7,   /* async-signal-safe in the active profile */
  FC_K_THREAD_JOIN = 1u << 8,  /* waits for a thread to end */
  /* a fork that calls PyOS_BeforeFork() before it and PyOS_AfterFork_Parent()
   * or PyOS_AfterFork_Child() after it itself (libforksafe's forksafe_fork) */
  FC_K_PY_FORK_HOOKS = 1u << 9,
  FC_K_EXIT_FLUSH = 1u << 10,      /* its exit-time cleanup flushes every stdio stream */
  FC_K_WAIT = 1u << 11,            /* waits for a child process */
  FC_K_WAIT_ANY = 1u << 12,        /* can wait for any child (see data/functions.def) */
  FC_K_PID_ARG = 1u << 13,         /* arg is a pid: -1 is every process, or any child */
  FC_K_SIGNAL = 1u << 14,          /* sends a signal to the process (group) arg */
  FC_K_STDIO_WRITE = 1u << 15,     /* writes to the stream arg (stdout when none) */
  FC_K_STDIO_FLUSH = 1u << 16,     /* flushes the stream arg (every stream for NULL) */
  FC_K_STDIO_BUFFERING = 1u << 17, /* sets how the stream arg is buffered */
  FC_K_LOCK = 1u << 18,            /* takes the lock arg */
  FC_K_UNLOCK = 1u << 19,          /* releases the lock arg */
  FC_K_ATFORK = 1u << 20,          /* registers fork handlers; arg: the child's */
  FC_K_VFORK_ALLOWED = 1u << 21,   /* may be called in a vfork() child, as exec may */
  FC_K_PY_RAISE = 1u << 22,        /* sets the Python exception of type arg */
  FC_K_ATEXIT = 1u << 23,          /* registers the exit-time handler arg */
  FC_K_SAFE_WITH_ARG = 1u << 24,   /* async-signal-safe with some constant first
                                      arguments (fc_knowledge_safe_with) */
  FC_K_CLONE = 1u << 25,           /* clone(2): a fork, a vfork or a thread start as
                                      its flags arg say (fc_knowledge_clone_kind) */
  FC_K_CLONE_FN = 1u << 26,        /* the child runs the function of argument 0 and
                                      ends when it returns (glibc's clone()) */
  FC_K_SYSCALL = 1u << 27,         /* syscall(2): what it does is the system call
                                      numbered by arg (fc_knowledge_syscall) */
  /* Allocates, and says by its result whether that failed: */
  FC_K_ALLOC_NULL = 1u << 28,      /* NULL on failure (malloc, strdup) */
  FC_K_ALLOC_NEG = 1u << 29,       /* a negative value on failure, >= 0 else (asprintf) */
  FC_K_ALLOC_ERR = 1u << 30,       /* non-zero on failure, 0 else (posix_memalign) */
};
#define FC_K_ALLOC (FC_K_ALLOC_NULL | FC_K_ALLOC_NEG | FC_K_ALLOC_ERR)
/* Tells which process calls it (getpid()); a define, as the last bit does
 * not fit an enum's int. */
#define FC_K_OWN_PID (1u << 31)

/* What the tables say about one function: FC_K_* flags, and the index of
 * the argument they are about (-1: none). */
struct fc_known {
  uint32_t kinds;
  int arg;
};

/* What a global variable is (data/globals.def). */
enum {
  FC_G_STDOUT = 1u << 0,         /* the standard output stream */
  FC_G_STDERR = 1u << 1,         /* the standard error stream, not fully buffered */
  FC_G_PY_SYSTEM_EXIT = 1u << 2, /* Python's SystemExit exception type */
};

/* The role of a Python C-API function (data/python-api.def). */
enum fc_py_role {
  FC_PY_NONE,         /* not a Python C-API name */
  FC_PY_API,          /* calls into the interpreter */
  FC_PY_TAKES_GIL,    /* calls into the interpreter and waits for the GIL */
  FC_PY_RELEASES_GIL, /* calls into the interpreter and releases the GIL */
  FC_PY_MEMORY,       /* plain memory access through Python.h */
  FC_PY_BEFORE_FORK,
  FC_PY_AFTER_PARENT,
  FC_PY_AFTER_CHILD,
  FC_PY_AFTER_LEGACY, /* PyOS_AfterFork(): counts as PyOS_AfterFork_Child() */
};

enum fc_profile { FC_PROFILE_POSIX, FC_PROFILE_LINUX };

struct fc_knowledge;

struct fc_knowledge *fc_knowledge_new(enum fc_profile profile);
void fc_knowledge_free(struct fc_knowledge *k);
/* Adds what the user declares about a function: FC_K_ASYNC_SAFE,
 * FC_K_FORK (it returns 0 in the child and the pid in the parent). */
void fc_knowledge_add(struct fc_knowledge *k, const char *name, uint32_t kinds);
/* What the tables say about the external function `name`. */
struct fc_known fc_knowledge_of(const struct fc_knowledge *k, const char *name);
/* Is `name` async-signal-safe in the active profile when its first argument
 * is the constant `arg` (sysconf(_SC_OPEN_MAX))? */
int fc_knowledge_safe_with(const struct fc_knowledge *k, const char *name, int64_t arg);
/* What clone(2) with these flags creates: FC_K_THREAD_START with
 * CLONE_THREAD, or CLONE_VM without CLONE_VFORK (a thread in all but name);
 * FC_K_VFORK with CLONE_VM and CLONE_VFORK; else FC_K_FORK (a process with
 * its own copy of memory, SIGCHLD, CLONE_NEWPID ...). */
uint32_t fc_knowledge_clone_kind(int64_t flags);
/* What syscall(number, ...) stands for (data/syscalls.def): its FC_K_*
 * kinds and the index, among syscall()'s arguments, of the argument they
 * are about; {0, -1} for another number. */
struct fc_known fc_knowledge_syscall(int64_t number);
/* Does `name` look up the next definition of a symbol after the caller's
 * own (data/next-symbol.def)? Then *arg is the index of its handle
 * argument, and *handle the handle's value that asks for the next one
 * (dlsym(RTLD_NEXT, "open")). */
int fc_knowledge_next_symbol(const char *name, int *arg, int64_t *handle);
/* Is `name` (or the function its fortified or unlocked variant stands
 * for: __fprintf_chk, fputc_unlocked) one whose state the C library's
 * fork() resets in the child, the allocator or stdio
 * (data/async-signal-unsafe.def)? */
int fc_knowledge_fork_resets(const struct fc_knowledge *k, const char *name);
/* Does `name` modify the environment under the C library's environment
 * lock (setenv, unsetenv, putenv, clearenv: category "environment" of
 * data/async-signal-unsafe.def)? */
int fc_knowledge_env_lock(const struct fc_knowledge *k, const char *name);
/* The profile the knowledge was made for. */
enum fc_profile fc_knowledge_profile(const struct fc_knowledge *k);
/* Does `name`, which takes a process group, refuse a negative one in the
 * active profile, signalling nothing (killpg() in glibc and musl:
 * data/negative-group.def)? */
int fc_knowledge_rejects_negative_group(const struct fc_knowledge *k, const char *name);
/* The index of the argument of `name` naming a file descriptor that it
 * closes or puts another in the place of (close, dup2, dup3:
 * data/fd-replace.def), or -1. */
int fc_knowledge_fd_replace(const char *name);
/* The index of the path argument of `name`, which returns a new file
 * descriptor for it (open, openat: data/fd-replace.def), or -1. */
int fc_knowledge_fd_open(const char *name);
/* Does `name` return a new descriptor, the lowest one free (dup, open:
 * data/fd-replace.def)? */
int fc_knowledge_fd_lowest(const char *name);
/* Is `path` a device whose writes go nowhere (/dev/null)? */
int fc_knowledge_null_device(const char *path);
/* Does a call of `name` make the program reap every child it forks, with a
 * SIGCHLD handler that waits for any child (libev's ev_default_loop():
 * data/reapers.def)? */
int fc_knowledge_reaper(const char *name);
/* Does `name` take a function's address without ever calling it (dladdr,
 * printf's `%p`: data/never-calls.def)? */
int fc_knowledge_never_calls(const char *name);
/* Does `name` end the process by crashing it: abort(), a failed
 * assertion's handler (data/crash.def)? */
int fc_knowledge_crash(const char *name);
/* Is the result of `name` never negative: a process id got without
 * failing (data/nonnegative.def)? */
int fc_knowledge_nonnegative(const char *name);
/* Is `name` what a program calls to say control does not get there
 * (__builtin_unreachable: data/crash.def)? */
int fc_knowledge_unreachable(const char *name);
/* Does the external function `name` never return when argument `arg` is
 * the constant `value` (raise(SIGKILL): data/noreturn-with.def)? */
int fc_knowledge_noreturn_with(const char *name, uint32_t arg, int64_t value);
/* Does a call of `name` not fail when the argument *arg (-1: none) is a
 * constant that fc_knowledge_cannot_fail_with() accepts, or a string that
 * fc_knowledge_cannot_fail_with_str() does (data/cannot-fail.def)? 0: it
 * may fail; FC_CF_ZERO: it returns 0; FC_CF_NOT_MINUS_ONE: it does not
 * return -1; FC_CF_NOT_NEGATIVE: it returns a value >= 0. */
enum {
  FC_CF_ZERO = 1,
  FC_CF_NOT_MINUS_ONE,
  FC_CF_NOT_NEGATIVE,
  FC_CF_SIGNAL,
  FC_CF_CATCHABLE,
  FC_CF_HOW,
  FC_CF_NULL_DEVICE,
  FC_CF_ANY
};
int fc_knowledge_cannot_fail(const char *name, int *arg);
int fc_knowledge_cannot_fail_with(const char *name, int64_t value);
int fc_knowledge_cannot_fail_with_str(const char *name, const char *value);
/* Does `name` only look at, flush or close the process's own stdio
 * streams, or report an error on stderr (data/stream-only.def)? */
int fc_knowledge_stream_only(const char *name);
/* Does `name` empty the exit-time callback lists a forked child inherited,
 * so that the atexit() handler runs none of them (data/exit-reset.def)? */
int fc_knowledge_exit_reset(const char *name);
/* Does `name` only give back what the process holds: memory, descriptors
 * (data/release-only.def)? */
int fc_knowledge_release_only(const char *name);
/* Does `name` change nothing outside the process: it reads or writes only
 * the memory it is given, or waits (data/memory-only.def)? */
int fc_knowledge_memory_only(const char *name);
/* The role of `name` in the Python C API: a listed role, FC_PY_API for
 * another Python C-API name (Py or _Py, then an upper-case letter or '_'),
 * else FC_PY_NONE. *hint, when hint is not NULL, names the macro that
 * usually makes the call, or is "". */
enum fc_py_role fc_knowledge_py_role(const struct fc_knowledge *k, const char *name,
                                     const char **hint);
/* The Python version (PY_VERSION_HEX) from which the C-API function `name`
 * is deprecated (data/python-api.def), or 0. */
uint32_t fc_knowledge_py_deprecated(const char *name);
/* FC_G_* flags of the global variable `name` (data/globals.def); 0 for
 * another name or NULL. */
uint32_t fc_knowledge_global(const struct fc_knowledge *k, const char *name);

/* A function to call in place of another, with the same arguments
 * (data/replacements.def); header declares it ("" when it comes with the
 * first). */
struct fc_replacement {
  const char *name, *with, *header;
};
/* The replacement of `name`, or NULL. */
const struct fc_replacement *fc_knowledge_replacement(const char *name);


#endif
