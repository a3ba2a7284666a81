#include "strtab.h"
#include "fsio.h"
#include "vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *fc_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    fputs("forkcheck: out of memory\n", stderr);
    abort();
  }
  return p;
}

void *fc_xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) {
    fputs("forkcheck: out of memory\n", stderr);
    abort();
  }
  return p;
}

void *fc_xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) {
    fputs("forkcheck: out of memory\n", stderr);
    abort();
  }
  return p;
}

char *fc_xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(fc_xmalloc(n), s, n);
}

char *fc_read_file(const char *path, size_t *size) {
  return fc_read_regular(path, FC_READ_MAX, size, NULL);
}

void fc_vec_grow_(void **items, size_t *cap, size_t elem) {
  size_t ncap = *cap ? *cap * 2 : 8;
  *items = fc_xrealloc(*items, ncap * elem);
  *cap = ncap;
}

uint64_t fc_hash_str(const char *s) {
  uint64_t h = 1469598103934665603ULL; /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

void fc_strtab_init(struct fc_strtab *t) { memset(t, 0, sizeof *t); }

void fc_strtab_free(struct fc_strtab *t) {
  for (uint32_t i = 0; i < t->n; i++)
    free(t->strs[i]);
  free(t->strs);
  free(t->slots);
  memset(t, 0, sizeof *t);
}

static uint32_t *slot_for(const struct fc_strtab *t, const char *s) {
  uint32_t mask = t->nslots - 1;
  for (uint32_t i = (uint32_t)fc_hash_str(s) & mask;; i = (i + 1) & mask) {
    uint32_t id = t->slots[i];
    if (id == 0 || strcmp(t->strs[id - 1], s) == 0)
      return &t->slots[i];
  }
}

static void rehash(struct fc_strtab *t) {
  free(t->slots);
  t->nslots = t->nslots ? t->nslots * 2 : 64;
  t->slots = fc_xcalloc(t->nslots, sizeof *t->slots);
  for (uint32_t id = 0; id < t->n; id++)
    *slot_for(t, t->strs[id]) = id + 1;
}

uint32_t fc_strtab_find(const struct fc_strtab *t, const char *s) {
  if (!t->nslots)
    return FC_NO_STR;
  uint32_t id = *slot_for(t, s);
  return id ? id - 1 : FC_NO_STR;
}

uint32_t fc_strtab_intern(struct fc_strtab *t, const char *s) {
  if ((t->n + 1) * 2 > t->nslots)
    rehash(t);
  uint32_t *slot = slot_for(t, s);
  if (*slot)
    return *slot - 1;
  if (t->n == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 64;
    t->strs = fc_xrealloc(t->strs, t->cap * sizeof *t->strs);
  }
  t->strs[t->n] = fc_xstrdup(s);
  *slot = ++t->n;
  return t->n - 1;
}
