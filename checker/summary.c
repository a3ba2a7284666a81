#include "summary.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct fc_tu *fc_tu_new(const char *path) {
  struct fc_tu *tu = fc_xcalloc(1, sizeof *tu);
  tu->path = fc_xstrdup(path);
  fc_strtab_init(&tu->strs);
  return tu;
}

void fc_tu_free(struct fc_tu *tu) {
  if (!tu)
    return;
  free(tu->path);
  fc_strtab_free(&tu->strs);
  for (size_t i = 0; i < tu->errors.n; i++)
    free(tu->errors.v[i]);
  for (size_t i = 0; i < tu->includes.n; i++)
    free(tu->includes.v[i]);
#define FREE_RECORDS(rec, table, FIELDS) fc_vec_free(&tu->table);
#define FREE_VALUES(table, type, wire, check) fc_vec_free(&tu->table);
  FC_TU_TABLES(FREE_RECORDS, FREE_VALUES)
  free(tu);
}

void fc_tu_add_error(struct fc_tu *tu, const char *msg) {
  fc_vec_push(&tu->errors, fc_xstrdup(msg));
}

/* ---- the dump, generated from the tables -------------------------------- */

static void dump_str(FILE *out, const struct fc_tu *tu, uint32_t id) {
  if (id < tu->strs.n)
    fprintf(out, "\"%s\"", fc_str(&tu->strs, id));
  else
    fputs("-", out);
}

static void dump_callee(FILE *out, const struct fc_tu *tu, int64_t id) {
  if (id >= 0 && (uint64_t)id < tu->callees.n)
    fprintf(out, "%" PRId64 ":%s", id, fc_str(&tu->strs, tu->callees.v[id].name));
  else
    fprintf(out, "%" PRId64, id);
}

static void dump_loc(FILE *out, const struct fc_tu *tu, struct fc_loc l) {
  fprintf(out, "%s:%u:%u", l.file < tu->strs.n ? fc_str(&tu->strs, l.file) : "-", l.line,
          l.col);
}

/* How each check's values are shown: strings and callees by name. */
#define D_ANY(v, a, b) fprintf(out, "%" PRId64, (int64_t)(v))
#define D_STR(v, a, b) dump_str(out, tu, v)
#define D_STR_OPT D_STR
#define D_LOC(v, a, b) dump_loc(out, tu, v)
#define D_MAX D_ANY
#define D_VAR D_ANY
#define D_BLOCK D_ANY
#define D_CALLEE(v, a, b) dump_callee(out, tu, v)
#define D_CALLEE_OPT D_CALLEE
#define D_CALLEE_IF(v, a, b)                                                                \
  do {                                                                                      \
    if (r->a == (b))                                                                        \
      D_CALLEE(v, , );                                                                      \
    else                                                                                    \
      D_ANY(v, , );                                                                         \
  } while (0)
#define D_SPAN D_ANY
#define D_CFG D_ANY

#define D_FIELD(type, field, wire, check, a, b)                                             \
  fputs(" " #field "=", out);                                                               \
  D_##check(r->field, a, b);
#define D_RECORD(rec, table, FIELDS)                                                        \
  static void d_##rec(FILE *out, const struct fc_tu *tu, const struct fc_##rec *r,          \
                      int indent) {                                                         \
    fprintf(out, "%*s" #rec, indent, "");                                                   \
    FIELDS(D_FIELD)                                                                         \
    fputc('\n', out);                                                                       \
  }
FC_TU_TABLES(D_RECORD, FC_NO_DECL)

static void dump_function(FILE *out, const struct fc_tu *tu, const struct fc_function *fn) {
  d_function(out, tu, fn, 0);
  for (uint32_t b = 0; b < fn->block_count; b++) {
    const struct fc_block *blk = fc_fn_block(tu, fn, b);
    fprintf(out, "  B%u%s", b, b == FC_ENTRY ? " (entry)" : b == FC_EXIT ? " (exit)" : "");
    d_block(out, tu, blk, 1);
    for (uint32_t e = 0; e < blk->ev_count; e++) {
      const struct fc_event *ev = &tu->events.v[blk->ev_first + e];
      d_event(out, tu, ev, 4);
      for (uint16_t a = 0; a < ev->n_args; a++)
        d_arg(out, tu, &tu->args.v[ev->args + a], 6);
    }
    for (uint32_t e = 0; e < blk->edge_count; e++)
      d_edge(out, tu, &tu->edges.v[blk->edge_first + e], 4);
  }
}

void fc_tu_dump(const struct fc_tu *tu, FILE *out) {
  for (size_t f = 0; f < tu->funcs.n; f++)
    dump_function(out, tu, &tu->funcs.v[f]);
  for (size_t i = 0; i < tu->callees.n; i++)
    d_callee(out, tu, &tu->callees.v[i], 0);
  for (size_t i = 0; i < tu->sources.n; i++)
    d_source(out, tu, &tu->sources.v[i], 0);
  for (size_t i = 0; i < tu->fn_stores.n; i++)
    d_fn_store(out, tu, &tu->fn_stores.v[i], 0);
  for (size_t i = 0; i < tu->fn_aliases.n; i++)
    d_fn_alias(out, tu, &tu->fn_aliases.v[i], 0);
  for (size_t i = 0; i < tu->macros.n; i++)
    d_macro(out, tu, &tu->macros.v[i], 0);
  for (size_t i = 0; i < tu->addr_taken.n; i++) {
    fputs("address taken: ", out);
    dump_callee(out, tu, tu->addr_taken.v[i]);
    fputc('\n', out);
  }
}
