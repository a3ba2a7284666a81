/*
 * Calls through pointers: the functions each may run. A pointer's targets
 * are the functions whose address the program stores where its key names
 * (a global, a struct field, the elements of a global array: summary.h), or
 * passes as the argument its
 * parameter receives at the direct calls of the enclosing function, or of
 * a setter that stores its parameter there (libevent's
 * event_set_mem_functions(): `mm_free_fn_ = free_fn;`). When
 * none is known, the address-taken functions of the called type stand in,
 * as long as they are few enough to say something.
 */
#include "program.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* More candidates of one type than this say nothing about the call. */
#define FC_TYPE_FALLBACK_MAX 4u

struct pair {
  uint32_t key;
  int32_t func;
};

struct index {
  struct fc_strtab keys;
  FC_VEC(struct pair) pairs; /* sorted by key: the functions stored under each */
  uint32_t *first;           /* per key (+1): into pairs */
  uint32_t *type_first;      /* per function type (+1): into type_funcs */
  uint32_t *type_funcs;      /* the address-taken functions, by type */
};

static void add_pair(struct index *x, const char *key, int32_t func) {
  if (func < 0)
    return;
  struct pair pr = {fc_strtab_intern(&x->keys, key), func};
  fc_vec_push(&x->pairs, pr);
}

static void param_key(char *buf, size_t n, const char *usr, uint32_t param) {
  snprintf(buf, n, "p:%s:%u", usr, param);
}

/* Arguments naming a function at direct calls of program functions. */
static void add_arguments(const struct fc_program *p, struct index *x) {
  for (size_t c = 0; c < p->calls.n; c++) {
    struct fc_ref call = p->calls.v[c];
    int32_t g = fc_call_target(p, call).func;
    const struct fc_arg *a;
    for (uint32_t i = 0; g >= 0 && (a = fc_call_arg(p, call, i)) != NULL; i++) {
      int32_t h = fc_arg_func(p, call, a);
      if (h < 0)
        continue;
      const struct fc_pfunc *pg = &p->funcs.v[g];
      const char *usr = fc_pstr(p, pg->tu, pg->fn->usr);
      size_t n = strlen(usr) + 32;
      char *key = fc_xmalloc(n);
      param_key(key, n, usr, i);
      add_pair(x, key, h);
      free(key);
    }
  }
}

/* A key that holds what a parameter receives (a setter's `hook = fn;`)
 * holds the functions given for that parameter at the direct calls. */
static void add_aliases(const struct fc_program *p, struct index *x) {
  size_t given = x->pairs.n;
  for (uint32_t t = 0; t < p->n_tus; t++) {
    const struct fc_tu *tu = p->tus[t];
    for (size_t a = 0; a < tu->fn_aliases.n; a++) {
      uint32_t from = fc_strtab_find(&x->keys, fc_str(&tu->strs, tu->fn_aliases.v[a].from));
      const char *key = fc_str(&tu->strs, tu->fn_aliases.v[a].key);
      for (size_t i = 0; from != FC_NO_STR && i < given; i++)
        if (x->pairs.v[i].key == from)
          add_pair(x, key, x->pairs.v[i].func);
    }
  }
}

static int by_key(const void *a, const void *b) {
  const struct pair *x = a, *y = b;
  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return (x->func > y->func) - (x->func < y->func);
}

static void index_build(const struct fc_program *p, struct index *x) {
  fc_strtab_init(&x->keys);
  for (uint32_t t = 0; t < p->n_tus; t++) {
    const struct fc_tu *tu = p->tus[t];
    for (size_t s = 0; s < tu->fn_stores.n; s++)
      add_pair(x, fc_str(&tu->strs, tu->fn_stores.v[s].key),
               p->targets[t][tu->fn_stores.v[s].callee].func);
  }
  add_arguments(p, x);
  add_aliases(p, x);
  if (x->pairs.n)
    qsort(x->pairs.v, x->pairs.n, sizeof *x->pairs.v, by_key);
  size_t kept = 0;
  for (size_t i = 0; i < x->pairs.n; i++)
    if (!kept || by_key(&x->pairs.v[kept - 1], &x->pairs.v[i]))
      x->pairs.v[kept++] = x->pairs.v[i];
  x->pairs.n = kept;
  x->first = fc_xcalloc(x->keys.n + 2, sizeof *x->first);
  for (size_t i = 0; i < kept; i++)
    x->first[x->pairs.v[i].key + 1]++;
  for (uint32_t k = 0; k < x->keys.n; k++)
    x->first[k + 1] += x->first[k];
}

static void index_types(const struct fc_program *p, struct index *x) {
  uint32_t n = p->fn_types.n;
  x->type_first = fc_xcalloc(n + 2, sizeof *x->type_first);
  x->type_funcs = fc_xcalloc(p->funcs.n + 1, sizeof *x->type_funcs);
  for (uint32_t f = 0; f < p->funcs.n; f++)
    if (p->funcs.v[f].address_taken)
      x->type_first[p->funcs.v[f].type + 1]++;
  for (uint32_t k = 0; k < n; k++)
    x->type_first[k + 1] += x->type_first[k];
  uint32_t *fill = fc_xcalloc(n + 1, sizeof *fill);
  for (uint32_t f = 0; f < p->funcs.n; f++)
    if (p->funcs.v[f].address_taken) {
      uint32_t k = p->funcs.v[f].type;
      x->type_funcs[x->type_first[k] + fill[k]++] = f;
    }
  free(fill);
}

static void index_free(struct index *x) {
  free(x->type_first);
  free(x->type_funcs);
  fc_strtab_free(&x->keys);
  fc_vec_free(&x->pairs);
  free(x->first);
}

static void push_target(struct fc_program *p, int32_t func, int param) {
  struct fc_target t = {func, 0, -1, param};
  fc_vec_push(&p->ptr_targets, t);
}

/* The functions stored under the call's key; none known: those of its type. */
static void resolve_call(struct fc_program *p, const struct index *x, uint32_t t,
                         const struct fc_function *owner, const struct fc_event *ev) {
  const struct fc_tu *tu = p->tus[t];
  size_t before = p->ptr_targets.n;
  if (ev->via != FC_NO_STR) {
    const char *via = fc_str(&tu->strs, ev->via);
    char buf[64], *key = (char *)via, *own = NULL;
    if (strncmp(via, "p:", 2) == 0 && owner) {
      const char *usr = fc_str(&tu->strs, owner->usr);
      size_t n = strlen(usr) + sizeof buf;
      key = own = fc_xmalloc(n);
      param_key(key, n, usr, (uint32_t)strtoul(via + 2, NULL, 10));
    }
    uint32_t k = fc_strtab_find(&x->keys, key);
    free(own);
    for (uint32_t i = k == FC_NO_STR ? 0 : x->first[k]; k != FC_NO_STR && i < x->first[k + 1]; i++)
      push_target(p, x->pairs.v[i].func, strncmp(via, "p:", 2) == 0);
  }
  if (p->ptr_targets.n > before || ev->fn_type == FC_NO_STR)
    return;
  uint32_t type = fc_strtab_find(&p->fn_types, fc_str(&tu->strs, ev->fn_type));
  if (type == FC_NO_STR || x->type_first[type + 1] - x->type_first[type] > FC_TYPE_FALLBACK_MAX)
    return;
  for (uint32_t i = x->type_first[type]; i < x->type_first[type + 1]; i++)
    push_target(p, (int32_t)x->type_funcs[i], 0);
}

/* The function of the TU each event belongs to. */
static const struct fc_function **event_owners(const struct fc_tu *tu) {
  const struct fc_function **owner = fc_xcalloc(tu->events.n + 1, sizeof *owner);
  for (size_t f = 0; f < tu->funcs.n; f++) {
    const struct fc_function *fn = &tu->funcs.v[f];
    for (uint32_t b = 0; b < fn->block_count; b++) {
      const struct fc_block *blk = fc_fn_block(tu, fn, b);
      for (uint32_t i = 0; i < blk->ev_count; i++)
        owner[blk->ev_first + i] = fn;
    }
  }
  return owner;
}

void fc_pointers_resolve(struct fc_program *p) {
  struct index x = {0};
  index_build(p, &x);
  index_types(p, &x);
  p->ptr_first = fc_xcalloc(p->n_tus + 1, sizeof *p->ptr_first);
  for (uint32_t t = 0; t < p->n_tus; t++) {
    const struct fc_tu *tu = p->tus[t];
    const struct fc_function **owner = event_owners(tu);
    p->ptr_first[t] = fc_xcalloc(tu->events.n + 2, sizeof **p->ptr_first);
    for (size_t e = 0; e < tu->events.n; e++) {
      const struct fc_event *ev = &tu->events.v[e];
      p->ptr_first[t][e] = (uint32_t)p->ptr_targets.n;
      if (ev->kind == FC_EV_CALL && ev->callee < 0)
        resolve_call(p, &x, t, owner[e], ev);
    }
    p->ptr_first[t][tu->events.n] = (uint32_t)p->ptr_targets.n;
    free(owner);
  }
  index_free(&x);
}

void fc_pointers_free(struct fc_program *p) {
  for (uint32_t t = 0; p->ptr_first && t < p->n_tus; t++)
    free(p->ptr_first[t]);
  free(p->ptr_first);
  fc_vec_free(&p->ptr_targets);
}
