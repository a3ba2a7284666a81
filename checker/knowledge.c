#include "knowledge.h"
#include "strtab.h"
#include "vec.h"

#include <stdlib.h>
#include <string.h>

struct safe_entry {
  const char *name, *profile; /* the source of each entry is for the docs */
};

static const struct safe_entry safe_list[] = {
#define AS_SAFE(name, profile, source) {#name, #profile},
#include "data/async-signal-safe.def"
#undef AS_SAFE
};

struct func_entry {
  const char *name;
  uint32_t kinds;
};

static const struct func_entry func_list[] = {
#define FC_FUNC(name, kinds) {#name, kinds},
#include "data/functions.def"
#undef FC_FUNC
};

struct fc_knowledge {
  struct fc_strtab names; /* id -> kinds[id] */
  FC_VEC(uint32_t) kinds;
};

static void add(struct fc_knowledge *k, const char *name, uint32_t kinds) {
  uint32_t id = fc_strtab_intern(&k->names, name);
  while (k->kinds.n <= id)
    fc_vec_push(&k->kinds, 0u);
  k->kinds.v[id] |= kinds;
}

struct fc_knowledge *fc_knowledge_new(enum fc_profile profile) {
  struct fc_knowledge *k = fc_xcalloc(1, sizeof *k);
  fc_strtab_init(&k->names);
  for (size_t i = 0; i < sizeof func_list / sizeof func_list[0]; i++)
    add(k, func_list[i].name, func_list[i].kinds);
  for (size_t i = 0; i < sizeof safe_list / sizeof safe_list[0]; i++)
    if (profile == FC_PROFILE_LINUX || !strcmp(safe_list[i].profile, "posix"))
      add(k, safe_list[i].name, FC_K_ASYNC_SAFE);
  return k;
}

void fc_knowledge_free(struct fc_knowledge *k) {
  if (!k)
    return;
  fc_strtab_free(&k->names);
  fc_vec_free(&k->kinds);
  free(k);
}

void fc_knowledge_add(struct fc_knowledge *k, const char *name, uint32_t kinds) {
  add(k, name, kinds);
}

uint32_t fc_knowledge_kinds(const struct fc_knowledge *k, const char *name) {
  uint32_t id = fc_strtab_find(&k->names, name);
  return id == FC_NO_STR ? 0 : k->kinds.v[id];
}

