#include "fsio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vec.h"

static const char *too_large(size_t max) {
  static _Thread_local char msg[64];
  if (max >= (1u << 20) && max % (1u << 20) == 0)
    snprintf(msg, sizeof msg, "larger than the limit of %zu MiB", max >> 20);
  else
    snprintf(msg, sizeof msg, "larger than the limit of %zu bytes", max);
  return msg;
}

const char *fc_not_regular(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0)
    return strerror(errno);
  if (!S_ISREG(st.st_mode)) {
    errno = EINVAL;
    return "not a regular file";
  }
  if (access(path, R_OK) != 0)
    return strerror(errno);
  return NULL;
}

/* Reads fd to its end, never more than max bytes. */
static char *read_all(int fd, size_t hint, size_t max, size_t *size, const char **why) {
  size_t cap = (hint < max ? hint : max) + 1, len = 0;
  char *data = fc_xmalloc(cap + 1);
  for (;;) {
    ssize_t n = read(fd, data + len, cap - len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      *why = strerror(errno);
      free(data);
      return NULL;
    }
    if (n == 0)
      break;
    len += (size_t)n;
    if (len > max) {
      *why = too_large(max);
      errno = EFBIG;
      free(data);
      return NULL;
    }
    if (len == cap) { /* the file grew while we read it */
      cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
      data = fc_xrealloc(data, cap + 1);
    }
  }
  data[len] = 0;
  *size = len;
  return data;
}

char *fc_read_regular(const char *path, size_t max, size_t *size, const char **why) {
  const char *ignored;
  if (!why)
    why = &ignored;
  /* stat first, so that nothing but a regular file is ever opened (opening
   * a device can have effects of its own); fstat again after the open. */
  if ((*why = fc_not_regular(path)) != NULL)
    return NULL;
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    *why = strerror(errno);
    return NULL;
  }
  struct stat st;
  char *data = NULL;
  if (fstat(fd, &st) != 0)
    *why = strerror(errno);
  else if (!S_ISREG(st.st_mode))
    *why = "not a regular file";
  else if ((uint64_t)st.st_size > (uint64_t)max) {
    *why = too_large(max);
    errno = EFBIG;
  } else
    data = read_all(fd, (size_t)st.st_size, max, size, why);
  close(fd);
  return data;
}

char *fc_path_join(const char *base, const char *path) {
  char cwd[PATH_MAX];
  if (path[0] == '/')
    return fc_xstrdup(path);
  if (!base)
    base = getcwd(cwd, sizeof cwd) ? cwd : ".";
  size_t n = strlen(base) + strlen(path) + 2;
  char *r = fc_xmalloc(n);
  snprintf(r, n, "%s%s%s", base, base[0] && base[strlen(base) - 1] == '/' ? "" : "/", path);
  return r;
}

/* "." and ".." and repeated slashes taken out, by the text alone. */
static void normalize(char *p) {
  char *out = p, *in = p;
  while (*in) {
    while (*in == '/')
      in++;
    char *end = strchr(in, '/');
    size_t n = end ? (size_t)(end - in) : strlen(in);
    int dot = n == 1 && in[0] == '.', dotdot = n == 2 && in[0] == '.' && in[1] == '.';
    if (dotdot) {
      while (out > p && *--out != '/')
        ;
    } else if (n > 0 && !dot) {
      *out++ = '/';
      memmove(out, in, n);
      out += n;
    }
    in += n;
  }
  if (out == p)
    *out++ = '/';
  *out = 0;
}

char *fc_canonical_path(const char *base, const char *path) {
  char *rel = fc_path_join(base, path), resolved[PATH_MAX];
  char *joined = fc_path_join(NULL, rel); /* base itself may be relative */
  free(rel);
  if (realpath(joined, resolved)) {
    free(joined);
    return fc_xstrdup(resolved);
  }
  normalize(joined);
  return joined;
}

void fc_put_escaped(FILE *out, const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '\n')
      fputs("\\n", out);
    else if (*p == '\t')
      fputs("\\t", out);
    else if (*p == '\r')
      fputs("\\r", out);
    else if (*p < 0x20 || *p == 0x7f)
      fprintf(out, "\\x%02x", *p);
    else
      fputc(*p, out);
  }
}

int fc_file_hash(const char *path, uint64_t *hash) {
  size_t size;
  char *data = fc_read_regular(path, FC_READ_MAX, &size, NULL);
  if (!data)
    return 0;
  uint64_t h = 14695981039346656037ull;
  for (size_t i = 0; i < size; i++)
    h = (h ^ (unsigned char)data[i]) * 1099511628211ull;
  free(data);
  *hash = h;
  return 1;
}

int fc_make_dirs(const char *dir) {
  char *p = fc_xstrdup(dir);
  for (char *s = p + 1; *s; s++)
    if (*s == '/') {
      *s = '\0';
      mkdir(p, 0777);
      *s = '/';
    }
  free(p);
  struct stat st;
  if (mkdir(dir, 0777) != 0 && errno != EEXIST)
    return 0;
  return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && access(dir, W_OK | X_OK) == 0;
}
