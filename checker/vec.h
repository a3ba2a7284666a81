/* Growable arrays, checked allocation, whole-file reads. */
#ifndef FORKCHECK_VEC_H
#define FORKCHECK_VEC_H

#include <stddef.h>

void *fc_xmalloc(size_t n);
void *fc_xcalloc(size_t n, size_t size);
void *fc_xrealloc(void *p, size_t n);
char *fc_xstrdup(const char *s);
/* The file's bytes, NUL-terminated (*size excludes the NUL); NULL with errno
 * set when it cannot be read. */
char *fc_read_file(const char *path, size_t *size);
void fc_vec_grow_(void **items, size_t *cap, size_t elem);

#define FC_VEC(T) struct { T *v; size_t n, cap; }

#define fc_vec_reserve_one(a)                                                  \
  ((a)->n == (a)->cap ? fc_vec_grow_((void **)&(a)->v, &(a)->cap, sizeof(*(a)->v)) \
                      : (void)0)
#define fc_vec_push(a, x) (fc_vec_reserve_one(a), (a)->v[(a)->n++] = (x))
#define fc_vec_free(a) (free((a)->v), (a)->v = NULL, (a)->n = (a)->cap = 0)

#endif
