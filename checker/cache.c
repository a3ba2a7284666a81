/*
 * The summary cache. An entry is DIR/<key>.fcc:
 *
 *   "FCCACHE1\n" <key, 16 hex>"\n" <n>"\n"
 *   n x <hash, 16 hex>" "<length>" "<path>"\n"    every file included
 *   the summary (summary_io.c), to the end
 *
 * The key hashes this forkcheck's executable and libclang's version, the
 * summary layout, the main file's path and contents, and the arguments; the
 * includes are re-hashed on every use, never trusted by their time stamps.
 */
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <clang-c/Index.h>

#include "extract.h"
#include "fsio.h"
#include "strtab.h"

#define MAGIC FC_CACHE_MAGIC

struct memo {
  uint64_t hash;
  int ok;
};

typedef FC_VEC(size_t) index_vec;

struct cache {
  const char *dir;
  uint64_t salt;
  struct fc_strtab paths; /* files hashed in this run */
  FC_VEC(struct memo) memo;
  struct timespec start; /* a file changed after it may not match its summary */
};

static uint64_t hash_bytes(uint64_t h, const void *data, size_t n) {
  const unsigned char *p = data;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    h = (h ^ w) * 0x9e3779b97f4a7c15ull;
    h ^= h >> 29;
  }
  for (; i < n; i++)
    h = (h ^ p[i]) * 0x100000001b3ull;
  h ^= n;
  return (h ^ (h >> 32)) * 0xff51afd7ed558ccdull;
}

static uint64_t hash_str(uint64_t h, const char *s) { return hash_bytes(h, s, strlen(s) + 1); }

/* The contents of `path`, hashed once per run. */
static int file_hash(struct cache *c, const char *path, uint64_t *out) {
  uint32_t id = fc_strtab_intern(&c->paths, path);
  if (id == c->memo.n) {
    size_t size;
    char *data = fc_read_regular(path, FC_READ_MAX, &size, NULL);
    struct memo m = {data ? hash_bytes(0, data, size) : 0, data != NULL};
    free(data);
    fc_vec_push(&c->memo, m);
  }
  *out = c->memo.v[id].hash;
  return c->memo.v[id].ok;
}

/* What makes one forkcheck's summaries differ from another's. */
static uint64_t tool_salt(void) {
  size_t size;
  char *exe = fc_read_regular("/proc/self/exe", FC_READ_MAX, &size, NULL);
  uint64_t h = exe ? hash_bytes(1, exe, size) : 1;
  free(exe);
  h = hash_str(h, FORKCHECK_VERSION);
  char *clang = fc_cx_take(clang_getClangVersion());
  h = hash_str(h, clang);
  free(clang);
  uint32_t layout, recorded, version;
  fc_summary_layout(&layout, &recorded, &version);
  return hash_bytes(h, &layout, sizeof layout);
}

static int job_key(struct cache *c, const struct fc_job *j, uint64_t *key) {
  uint64_t h;
  if (!file_hash(c, j->file, &h))
    return 0;
  h = hash_bytes(hash_str(c->salt, j->file), &h, sizeof h);
  for (int i = 0; i < j->nargs; i++)
    h = hash_str(h, j->args[i]);
  *key = hash_bytes(h, &j->nargs, sizeof j->nargs);
  return 1;
}

static char *entry_path(const char *dir, uint64_t key) {
  size_t n = strlen(dir) + 32;
  char *p = fc_xmalloc(n);
  snprintf(p, n, "%s/%016llx.fcc", dir, (unsigned long long)key);
  return p;
}

/* The summary of a valid entry's bytes (NUL-terminated), or NULL. */
static struct fc_tu *entry_read(struct cache *c, const char *data, size_t size, uint64_t key) {
  const char *p = data, *end = data + size;
  unsigned long long k, n, h, len;
  size_t rest;
  int used;
  if (size < sizeof MAGIC || memcmp(p, MAGIC, strlen(MAGIC)))
    return NULL;
  p += strlen(MAGIC);
  if (sscanf(p, "%16llx\n%llu\n%n", &k, &n, &used) != 2 || k != key)
    return NULL;
  for (p += used; n > 0; n--) {
    char *path;
    uint64_t now;
    if (memchr(p, '\n', (size_t)(end - p)) == NULL ||
        sscanf(p, "%16llx %llu %n", &h, &len, &used) != 2 ||
        (rest = (size_t)(end - p - used)) == 0 || len >= rest || p[used + len] != '\n')
      return NULL;
    path = fc_xmalloc(len + 1);
    memcpy(path, p + used, len);
    path[len] = '\0';
    int same = strlen(path) == len && file_hash(c, path, &now) && now == h;
    free(path);
    if (!same)
      return NULL;
    p += used + len + 1;
  }
  char *error = NULL;
  struct fc_tu *tu = fc_tu_read(p, (size_t)(end - p), &error);
  free(error);
  return tu;
}

struct fc_tu *fc_cache_entry_read(const char *data, size_t size, uint64_t key) {
  struct cache c = {NULL, 0, {0}, {0}, {0, 0}};
  fc_strtab_init(&c.paths);
  struct fc_tu *tu = entry_read(&c, data, size, key);
  fc_vec_free(&c.memo);
  fc_strtab_free(&c.paths);
  return tu;
}

static struct fc_tu *lookup(struct cache *c, const struct fc_job *j, uint64_t key) {
  char *path = entry_path(c->dir, key);
  size_t size;
  char *data = fc_read_regular(path, FC_READ_MAX, &size, NULL);
  struct fc_tu *tu = data ? entry_read(c, data, size, key) : NULL;
  if (tu && strcmp(tu->path, j->file)) { /* another file's entry under this key */
    fc_tu_free(tu);
    tu = NULL;
  }
  if (tu)
    utimensat(AT_FDCWD, path, NULL, 0); /* recently used: evicted last */
  free(data);
  free(path);
  return tu;
}

static int changed_since(const char *path, const struct timespec *t) {
  struct stat st;
  return stat(path, &st) != 0 || st.st_mtim.tv_sec > t->tv_sec ||
         (st.st_mtim.tv_sec == t->tv_sec && st.st_mtim.tv_nsec >= t->tv_nsec);
}

/* The entry's header; 0 when a file cannot be hashed or changed during the
 * parse (then the summary may be of another version of it: not stored). */
static int write_header(struct cache *c, FILE *f, uint64_t key, const struct fc_tu *tu) {
  fprintf(f, "%s%016llx\n%zu\n", MAGIC, (unsigned long long)key, tu->includes.n);
  for (size_t i = 0; i < tu->includes.n; i++) {
    const char *path = tu->includes.v[i];
    uint64_t h;
    if (!file_hash(c, path, &h) || changed_since(path, &c->start))
      return 0;
    fprintf(f, "%016llx %zu %s\n", (unsigned long long)h, strlen(path), path);
  }
  return !changed_since(tu->path, &c->start);
}

static int store(struct cache *c, uint64_t key, const struct fc_tu *tu) {
  static unsigned serial;
  size_t n = strlen(c->dir) + 64;
  char *tmp = fc_xmalloc(n);
  snprintf(tmp, n, "%s/tmp.%ld.%u", c->dir, (long)getpid(), __atomic_fetch_add(&serial, 1, 0));
  FILE *f = fopen(tmp, "wbx");
  int ok = f && write_header(c, f, key, tu) && fc_tu_write(tu, f) == 0;
  if (f && fclose(f) != 0)
    ok = 0;
  char *path = entry_path(c->dir, key);
  if (f && (!ok || rename(tmp, path) != 0))
    unlink(tmp);
  free(path);
  free(tmp);
  return ok;
}

struct entry {
  char *path;
  off_t size;
  struct timespec used;
};

static int older(const void *a, const void *b) {
  const struct entry *x = a, *y = b;
  if (x->used.tv_sec != y->used.tv_sec)
    return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
  return (x->used.tv_nsec > y->used.tv_nsec) - (x->used.tv_nsec < y->used.tv_nsec);
}

/* Removes the least recently used files until the rest fit `limit`. */
static void evict(const char *dir, unsigned long long limit) {
  DIR *d = opendir(dir);
  if (!d)
    return;
  FC_VEC(struct entry) all = {0};
  unsigned long long total = 0;
  for (struct dirent *e; (e = readdir(d));) {
    struct stat st;
    char *path = fc_path_join(dir, e->d_name);
    if (e->d_name[0] != '.' && lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
      fc_vec_push(&all, ((struct entry){path, st.st_size, st.st_mtim}));
      total += (unsigned long long)st.st_size;
    } else
      free(path);
  }
  closedir(d);
  qsort(all.v, all.n, sizeof *all.v, older);
  for (size_t i = 0; i < all.n; i++) {
    if (total > limit && unlink(all.v[i].path) == 0)
      total -= (unsigned long long)all.v[i].size;
    free(all.v[i].path);
  }
  fc_vec_free(&all);
}

char *fc_cache_dir(const struct fc_options *o) {
  if (o->no_cache)
    return NULL;
  if (o->cache_dir)
    return fc_xstrdup(o->cache_dir);
  return o->build_dir ? fc_path_join(o->build_dir, ".forkcheck-cache") : NULL;
}

/* Looks every source job up; the misses go to `miss`, their keys to `keys`. */
static void lookup_all(struct cache *c, const struct fc_jobs *jobs, struct fc_tu **out,
                       struct fc_jobs *miss, index_vec *where, uint64_t *keys) {
  for (size_t i = 0; i < jobs->v.n; i++) {
    const struct fc_job *j = &jobs->v.v[i];
    int keyed = !fc_is_summary_path(j->file) && job_key(c, j, &keys[i]);
    if (keyed && (out[i] = lookup(c, j, keys[i])))
      continue;
    if (!keyed)
      keys[i] = 0;
    fc_vec_push(&miss->v, *j);
    fc_vec_push(where, i);
  }
}

struct fc_tu **fc_cache_extract(const char *dir, unsigned long long limit,
                                const struct fc_jobs *jobs, int workers, fc_extract_fn extract) {
  if (dir && !fc_make_dirs(dir)) {
    fprintf(stderr, "forkcheck: warning: cannot use the cache directory '%s': %s; every file "
                    "is parsed\n", dir, errno ? strerror(errno) : "not a writable directory");
    dir = NULL;
  }
  if (!dir)
    return extract(jobs, workers);
  struct cache c = {dir, tool_salt(), {0}, {0}, {0, 0}};
  fc_strtab_init(&c.paths);
  clock_gettime(CLOCK_REALTIME, &c.start);
  c.start.tv_nsec -= 20000000; /* file times come from a coarser clock */
  if (c.start.tv_nsec < 0) {
    c.start.tv_nsec += 1000000000;
    c.start.tv_sec--;
  }
  struct fc_tu **out = fc_xcalloc(jobs->v.n + 1, sizeof *out);
  uint64_t *keys = fc_xcalloc(jobs->v.n + 1, sizeof *keys);
  struct fc_jobs miss = {0};
  index_vec where = {0};
  lookup_all(&c, jobs, out, &miss, &where, keys);
  struct fc_tu **fresh = extract(&miss, workers);
  int stored = 0;
  for (size_t m = 0; m < miss.v.n; m++) {
    size_t i = where.v[m];
    out[i] = fresh[m];
    if (keys[i] && !(out[i]->flags & FC_TU_FAILED))
      stored |= store(&c, keys[i], out[i]);
  }
  if (stored)
    evict(dir, limit);
  free(fresh);
  free(keys);
  fc_vec_free(&miss.v);
  fc_vec_free(&where);
  fc_vec_free(&c.memo);
  fc_strtab_free(&c.paths);
  return out;
}
