#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsio.h"
#include "vec.h"

/* The same file: one path, or two names of one inode. */
static int same_file(const struct stat *sa, const char *canon_a, const char *b) {
  struct stat sb;
  if (sa && stat(b, &sb) == 0 && sa->st_dev == sb.st_dev && sa->st_ino == sb.st_ino)
    return 1;
  char *canon_b = fc_canonical_path(NULL, b);
  int same = !strcmp(canon_a, canon_b);
  free(canon_b);
  return same;
}

int fc_output_is_input(const char *path, const struct fc_jobs *jobs, const char *build_dir,
                       const char *const *others, int nothers) {
  struct stat st;
  const struct stat *sp = stat(path, &st) == 0 ? &st : NULL;
  char *canon = fc_canonical_path(NULL, path), *db = NULL;
  const char *clash = NULL;
  for (size_t i = 0; !clash && i < jobs->v.n; i++)
    if (same_file(sp, canon, jobs->v.v[i].file))
      clash = jobs->v.v[i].file;
  for (int i = 0; !clash && i < nothers; i++)
    if (others[i] && same_file(sp, canon, others[i]))
      clash = others[i];
  if (!clash && build_dir) {
    db = fc_path_join(build_dir, "compile_commands.json");
    if (same_file(sp, canon, db))
      clash = db;
  }
  if (clash) {
    fputs("forkcheck: error: the output file '", stderr);
    fc_put_escaped(stderr, path);
    fputs("' is an input ('", stderr);
    fc_put_escaped(stderr, clash);
    fputs("'); nothing is analysed or written\n", stderr);
  }
  free(db);
  free(canon);
  return clash != NULL;
}

/* The mode a new file would get, or the existing file's. */
static mode_t mode_for(const char *path) {
  struct stat st;
  if (stat(path, &st) == 0)
    return st.st_mode & 07777;
  mode_t mask = umask(0);
  umask(mask);
  return 0666 & ~mask;
}

FILE *fc_output_open(struct fc_output *o, const char *path) {
  memset(o, 0, sizeof *o);
  o->path = path;
  if (!path)
    return o->f = stdout;
  /* A device or a FIFO (-o /dev/null) is written in place, as other tools
   * do: a file renamed over it would replace the device itself. */
  struct stat st;
  if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
    return o->f = fopen(path, "w");
  size_t n = strlen(path) + 16;
  o->tmp = fc_xmalloc(n);
  snprintf(o->tmp, n, "%s.tmp.XXXXXX", path);
  int fd = mkstemp(o->tmp);
  if (fd >= 0 && fchmod(fd, mode_for(path)) == 0 && (o->f = fdopen(fd, "w")) != NULL)
    return o->f;
  int err = errno;
  if (fd >= 0) {
    close(fd);
    unlink(o->tmp);
  }
  free(o->tmp);
  o->tmp = NULL;
  errno = err;
  return NULL;
}

int fc_output_close(struct fc_output *o) {
  int failed = fflush(o->f) != 0;
  if (!o->path) {
    if (failed)
      perror("stdout");
    return failed ? -1 : 0;
  }
  failed |= fclose(o->f) != 0;
  if (!failed && (!o->tmp || rename(o->tmp, o->path) == 0)) {
    free(o->tmp);
    return 0;
  }
  fprintf(stderr, "forkcheck: error: cannot write '%s': %s\n", o->path, strerror(errno));
  if (o->tmp)
    unlink(o->tmp);
  free(o->tmp);
  return -1;
}
