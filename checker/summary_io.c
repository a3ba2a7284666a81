/*
 * Summaries on disk: the per-TU step's output, so that a build system can
 * extract each TU on its own (and cache the result by content) and a later
 * run links them. The format is fixed-width little-endian fields, written
 * one by one in the order of the tables in summary.h, from which the writer,
 * the reader and the reader's checks below are generated; a reader checks
 * every length and every index against what it has read, so a damaged or
 * hostile file is an error, never a crash.
 *
 *   "FCSUM\n" u32 version  u32 tu-flags  str path
 *   u32 n, n x str                      strings
 *   for each table of FC_TU_TABLES: u32 n, n x its record or value
 */
#include "summary.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC "FCSUM\n"
#define MAX_COUNT (1u << 28) /* no array of a sane TU comes near */

#define FC_VERSION_COUNT(v, hash) +1
#define FC_VERSION_HASH(v, hash) hash,
enum { VERSION = 0 FC_SUMMARY_VERSIONS(FC_VERSION_COUNT) };
static const uint32_t layout_hashes[] = {FC_SUMMARY_VERSIONS(FC_VERSION_HASH)};

/* The layout as text: each table with its fields' names and wire types. */
#define LAYOUT_TEXT_(...) #__VA_ARGS__
#define LAYOUT_TEXT(...) LAYOUT_TEXT_(__VA_ARGS__)
#define LAYOUT_FIELD(type, field, wire, check, a, b) field wire
#define LAYOUT_RECORD(rec, table, FIELDS) table { FIELDS(LAYOUT_FIELD) }
#define LAYOUT_VALUES(table, type, wire, check) table { wire }
static const char layout[] = LAYOUT_TEXT(FC_TU_TABLES(LAYOUT_RECORD, LAYOUT_VALUES));

const char *fc_summary_layout(uint32_t *hash, uint32_t *recorded, uint32_t *version) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (const char *p = layout; *p; p++)
    h = (h ^ (uint8_t)*p) * 16777619u;
  *hash = h;
  *recorded = layout_hashes[VERSION - 1];
  *version = VERSION;
  return layout;
}

/* ---- writing ----------------------------------------------------------- */

struct out {
  FILE *f;
};

static void w_bytes(struct out *o, const void *p, size_t n) { fwrite(p, 1, n, o->f); }

static void w_U8(struct out *o, uint8_t v) { fputc(v, o->f); }

static void w_U32(struct out *o, uint32_t v) {
  uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
  w_bytes(o, b, 4);
}

static void w_U16(struct out *o, uint16_t v) { w_U32(o, v); }

static void w_I32(struct out *o, int32_t v) { w_U32(o, (uint32_t)v); }

static void w_I64(struct out *o, int64_t v) {
  w_U32(o, (uint32_t)(uint64_t)v);
  w_U32(o, (uint32_t)((uint64_t)v >> 32));
}

static void w_STR(struct out *o, const char *s) {
  size_t n = strlen(s);
  w_U32(o, (uint32_t)n);
  w_bytes(o, s, n);
}

static void w_LOC(struct out *o, struct fc_loc l) {
  w_U32(o, l.file);
  w_U32(o, l.line);
  w_U32(o, l.col);
}

#define W_FIELD(type, field, wire, check, a, b) w_##wire(o, r->field);
#define W_RECORD(rec, table, FIELDS)                                                        \
  static void w_##rec(struct out *o, const struct fc_##rec *r) { FIELDS(W_FIELD) }
FC_TU_TABLES(W_RECORD, FC_NO_DECL)

int fc_tu_write(const struct fc_tu *tu, FILE *f) {
  struct out o = {f};
  w_bytes(&o, MAGIC, 6);
  w_U32(&o, VERSION);
  w_U32(&o, tu->flags);
  w_STR(&o, tu->path);
  w_U32(&o, tu->strs.n);
  for (uint32_t i = 0; i < tu->strs.n; i++)
    w_STR(&o, tu->strs.strs[i]);
#define W_RECORDS(rec, table, FIELDS)                                                       \
  w_U32(&o, (uint32_t)tu->table.n);                                                         \
  for (size_t i = 0; i < tu->table.n; i++)                                                  \
    w_##rec(&o, &tu->table.v[i]);
#define W_VALUES(table, type, wire, check)                                                  \
  w_U32(&o, (uint32_t)tu->table.n);                                                         \
  for (size_t i = 0; i < tu->table.n; i++)                                                  \
    w_##wire(&o, tu->table.v[i]);
  FC_TU_TABLES(W_RECORDS, W_VALUES)
  return ferror(f) ? -EIO : 0;
}

/* ---- reading ----------------------------------------------------------- */

struct in {
  const uint8_t *p, *end;
  const char *bad; /* the first problem */
};

static int need(struct in *in, size_t n, const char *what) {
  if (in->bad)
    return 0;
  if ((size_t)(in->end - in->p) < n) {
    in->bad = what;
    return 0;
  }
  return 1;
}

static void r_U8(struct in *in, uint8_t *v) { *v = need(in, 1, "truncated") ? *in->p++ : 0; }

static void r_U32(struct in *in, uint32_t *v) {
  *v = 0;
  if (!need(in, 4, "truncated"))
    return;
  *v = (uint32_t)in->p[0] | (uint32_t)in->p[1] << 8 | (uint32_t)in->p[2] << 16 |
       (uint32_t)in->p[3] << 24;
  in->p += 4;
}

static void r_U16(struct in *in, uint16_t *v) {
  uint32_t w;
  r_U32(in, &w);
  *v = (uint16_t)w;
  if (w > UINT16_MAX && !in->bad)
    in->bad = "a call has impossibly many arguments";
}

static void r_I32(struct in *in, int32_t *v) {
  uint32_t w;
  r_U32(in, &w);
  *v = (int32_t)w;
}

static void r_I64(struct in *in, int64_t *v) {
  uint32_t lo, hi;
  r_U32(in, &lo);
  r_U32(in, &hi);
  *v = (int64_t)((uint64_t)lo | (uint64_t)hi << 32);
}

static uint32_t r_count(struct in *in) {
  uint32_t n;
  r_U32(in, &n);
  if (n > MAX_COUNT && !in->bad)
    in->bad = "an array is impossibly long";
  return in->bad ? 0 : n;
}

static void r_STR(struct in *in, char **out) {
  uint32_t n;
  r_U32(in, &n);
  if (!need(in, n, "a string runs past the end")) {
    *out = fc_xstrdup("");
    return;
  }
  char *s = fc_xmalloc((size_t)n + 1);
  memcpy(s, in->p, n);
  s[n] = 0;
  in->p += n;
  if (strlen(s) != n && !in->bad)
    in->bad = "a string holds a NUL byte";
  *out = s;
}

static void r_LOC(struct in *in, struct fc_loc *l) {
  r_U32(in, &l->file);
  r_U32(in, &l->line);
  r_U32(in, &l->col);
}

#define R_FIELD(type, field, wire, check, a, b) r_##wire(in, &r->field);
#define R_RECORD(rec, table, FIELDS)                                                        \
  static void r_##rec(struct in *in, struct fc_##rec *r) { FIELDS(R_FIELD) }
FC_TU_TABLES(R_RECORD, FC_NO_DECL)

/* What the checks of the tables' `check` column require of a value v of
 * record r, in TU tu and function f. */
#define OK_ANY(v, a, b) 1
#define OK_STR(v, a, b) ((v) < tu->strs.n)
#define OK_STR_OPT(v, a, b) ((v) < tu->strs.n || (v) == FC_NO_STR)
#define OK_LOC(v, a, b) OK_STR_OPT((v).file, , )
#define OK_MAX(v, a, b) ((v) <= (a))
#define OK_VAR(v, a, b) ((v) == -1 || ((v) >= 0 && (uint32_t)(v) < f->n_vars))
#define OK_BLOCK(v, a, b) ((v) < f->block_count)
#define OK_CALLEE(v, a, b) ((v) < tu->callees.n)
#define OK_CALLEE_OPT(v, a, b) ((v) == -1 || ((v) >= 0 && (size_t)(v) < tu->callees.n))
#define OK_CALLEE_IF(v, a, b) (r->a != (b) || ((v) >= 0 && (uint64_t)(v) < tu->callees.n))
#define OK_SPAN(v, a, b) (r->a <= tu->b.n && (v) <= tu->b.n - r->a)
#define OK_CFG(v, a, b) ((v) >= 2 && OK_SPAN(v, a, b))

/* Each record's checks: the name of the first field that fails, or NULL. */
#define V_FIELD(type, field, wire, check, a, b)                                             \
  if (!OK_##check(r->field, a, b))                                                          \
    return #field;
#define V_RECORD(rec, table, FIELDS)                                                        \
  static const char *v_##rec(const struct fc_tu *tu, const struct fc_function *f,           \
                             const struct fc_##rec *r) {                                    \
    (void)tu;                                                                               \
    (void)f;                                                                                \
    FIELDS(V_FIELD)                                                                         \
    return NULL;                                                                            \
  }
FC_TU_TABLES(V_RECORD, FC_NO_DECL)

struct bad {
  const char *record, *field;
};

#define V_CHECK(rec, r)                                                                     \
  if ((where->field = v_##rec(tu, f, r)) != NULL) {                                         \
    where->record = #rec;                                                                   \
    return 0;                                                                               \
  }

/* A function's blocks, their events and edges, and the events' arguments,
 * checked in the function's context (its variables and blocks). */
static int valid_function(const struct fc_tu *tu, const struct fc_function *f,
                          struct bad *where) {
  V_CHECK(function, f)
  for (uint32_t bi = 0; bi < f->block_count; bi++) {
    const struct fc_block *blk = fc_fn_block(tu, f, bi);
    V_CHECK(block, blk)
    for (uint32_t e = 0; e < blk->edge_count; e++)
      V_CHECK(edge, &tu->edges.v[blk->edge_first + e])
    for (uint32_t e = 0; e < blk->ev_count; e++) {
      const struct fc_event *ev = &tu->events.v[blk->ev_first + e];
      V_CHECK(event, ev)
      for (uint16_t a = 0; a < ev->n_args; a++)
        V_CHECK(arg, &tu->args.v[ev->args + a])
    }
  }
  return 1;
}

/* Every index in the summary points inside what it indexes. */
static int valid(const struct fc_tu *tu, struct bad *where) {
  for (size_t i = 0; i < tu->funcs.n; i++)
    if (!valid_function(tu, &tu->funcs.v[i], where))
      return 0;
  const struct fc_function *f = NULL;
  for (size_t i = 0; i < tu->callees.n; i++)
    V_CHECK(callee, &tu->callees.v[i])
  for (size_t i = 0; i < tu->sources.n; i++)
    V_CHECK(source, &tu->sources.v[i])
  for (size_t i = 0; i < tu->fn_stores.n; i++)
    V_CHECK(fn_store, &tu->fn_stores.v[i])
  for (size_t i = 0; i < tu->fn_aliases.n; i++)
    V_CHECK(fn_alias, &tu->fn_aliases.v[i])
  for (size_t i = 0; i < tu->macros.n; i++)
    V_CHECK(macro, &tu->macros.v[i])
#define V_VALUES(table, type, wire, check)                                                  \
  for (size_t i = 0; i < tu->table.n; i++)                                                  \
    if (!OK_##check(tu->table.v[i], , )) {                                                  \
      *where = (struct bad){#table, "entry"};                                               \
      return 0;                                                                             \
    }
  FC_TU_TABLES(FC_NO_DECL, V_VALUES)
  return 1;
}

static int read_strings(struct in *in, struct fc_tu *tu) {
  for (uint32_t i = 0, n = r_count(in); i < n && !in->bad; i++) {
    char *s;
    r_STR(in, &s);
    uint32_t before = tu->strs.n;
    if (fc_strtab_intern(&tu->strs, s) != before && !in->bad)
      in->bad = "the string table repeats a string";
    free(s);
  }
  return !in->bad;
}

static void read_tables(struct in *in, struct fc_tu *tu) {
#define R_RECORDS(rec, table, FIELDS)                                                       \
  for (uint32_t i = 0, n = r_count(in); i < n && !in->bad; i++) {                           \
    struct fc_##rec r;                                                                      \
    r_##rec(in, &r);                                                                        \
    fc_vec_push(&tu->table, r);                                                             \
  }
#define R_VALUES(table, type, wire, check)                                                  \
  for (uint32_t i = 0, n = r_count(in); i < n && !in->bad; i++) {                           \
    type v;                                                                                 \
    r_##wire(in, &v);                                                                       \
    fc_vec_push(&tu->table, v);                                                             \
  }
  FC_TU_TABLES(R_RECORDS, R_VALUES)
}

static struct fc_tu *read_header(struct in *in, char **error) {
  if ((size_t)(in->end - in->p) < 10 || memcmp(in->p, MAGIC, 6) != 0) {
    *error = fc_xstrdup("not a forkcheck summary");
    return NULL;
  }
  in->p += 6;
  uint32_t version, flags;
  r_U32(in, &version);
  if (version != VERSION) {
    char msg[96];
    snprintf(msg, sizeof msg, "summary format version %u, this forkcheck reads %u", version,
             (unsigned)VERSION);
    *error = fc_xstrdup(msg);
    return NULL;
  }
  r_U32(in, &flags);
  char *path;
  r_STR(in, &path);
  struct fc_tu *tu = fc_tu_new(path);
  free(path);
  tu->flags = flags;
  return tu;
}

struct fc_tu *fc_tu_read(const void *data, size_t size, char **error) {
  struct in in = {data, (const uint8_t *)data + size, NULL};
  *error = NULL;
  struct fc_tu *tu = read_header(&in, error);
  if (!tu)
    return NULL;
  if (read_strings(&in, tu))
    read_tables(&in, tu);
  if (!in.bad && in.p != in.end)
    in.bad = "bytes follow the end of the summary";
  struct bad where = {NULL, NULL};
  if (in.bad || !valid(tu, &where)) {
    char msg[128];
    if (!in.bad)
      snprintf(msg, sizeof msg, "a%s %s's %s lies outside the summary",
               strchr("aeiou", where.record[0]) ? "n" : "", where.record, where.field);
    *error = fc_xstrdup(in.bad ? in.bad : msg);
    fc_tu_free(tu);
    return NULL;
  }
  return tu;
}
