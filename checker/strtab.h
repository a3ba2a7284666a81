/* Interned strings: each distinct string gets one small id. */
#ifndef FORKCHECK_STRTAB_H
#define FORKCHECK_STRTAB_H

#include <stdint.h>
#include <stddef.h>

struct fc_strtab {
  char **strs;       /* id -> string */
  uint32_t n, cap;
  uint32_t *slots;   /* open addressing: id + 1, 0 = empty */
  uint32_t nslots;
};

#define FC_NO_STR UINT32_MAX

void fc_strtab_init(struct fc_strtab *t);
void fc_strtab_free(struct fc_strtab *t);
uint32_t fc_strtab_intern(struct fc_strtab *t, const char *s);
/* FC_NO_STR when absent. */
uint32_t fc_strtab_find(const struct fc_strtab *t, const char *s);
static inline const char *fc_str(const struct fc_strtab *t, uint32_t id) {
  return id < t->n ? t->strs[id] : "";
}
uint64_t fc_hash_str(const char *s);

#endif
