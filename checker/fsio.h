/* Reading inputs that may be hostile (from a pull request, say): a FIFO or a
 * device never blocks the run or fills memory, and paths compare as files. */
#ifndef FORKCHECK_FSIO_H
#define FORKCHECK_FSIO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The largest file any input is read whole from. */
#define FC_READ_MAX ((size_t)1 << 30)

/* The bytes of a regular file of at most `max` bytes, NUL-terminated (*size
 * excludes the NUL). NULL when it cannot be read; then *why (when given)
 * says why: strerror's text, "not a regular file" or "larger than the limit".
 * Never opens anything but a regular file, and never blocks. */
char *fc_read_regular(const char *path, size_t max, size_t *size, const char **why);

/* Why `path` cannot be an input file (the same words), or NULL when it is a
 * regular file that can be opened for reading. */
const char *fc_not_regular(const char *path);

/* The file `path` names, as an absolute path without "." and ".." and with
 * symbolic links resolved where it exists; relative paths are taken from
 * `base` (the working directory when NULL). Always a new string. */
char *fc_canonical_path(const char *base, const char *path);

/* `path` taken from `base` when relative (a new string; `base` may be NULL). */
char *fc_path_join(const char *base, const char *path);

/* Creates `dir` and its missing parents; 1 when it is then a directory we
 * can write in. */
int fc_make_dirs(const char *dir);

/* A 64-bit hash (FNV-1a) of a regular file's bytes; 0 when it cannot be read. */
int fc_file_hash(const char *path, uint64_t *hash);

/* s with control characters written as \n, \t, \r or \xHH, so that a
 * name or message from the input cannot start a line of its own (a forged
 * "warning:") or drive the terminal. */
void fc_put_escaped(FILE *out, const char *s);

#endif
