/*
 * Summaries on disk: the per-TU step's output, so that a build system can
 * extract each TU on its own (and cache the result by content) and a later
 * run links them. The format is fixed-width little-endian fields, written
 * one by one; a reader checks every length and every index against what it
 * has read, so a damaged or hostile file is an error, never a crash.
 *
 *   "FCSUM\n" u32 version  u32 tu-flags  str path
 *   u32 n, n x str                      strings
 *   u32 n, n x function | block | edge | event | callee | arg
 *   u32 n, n x u8                        var flags
 *   u32 n, n x u32                       address-taken callees
 *   u32 n, n x str                       errors
 * str: u32 length, then the bytes.
 */
#include "summary.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC "FCSUM\n"
#define VERSION 1u
#define MAX_COUNT (1u << 28) /* no array of a sane TU comes near */

struct out {
  FILE *f;
};

static void w_bytes(struct out *o, const void *p, size_t n) { fwrite(p, 1, n, o->f); }

static void w_u8(struct out *o, uint8_t v) { fputc(v, o->f); }

static void w_u32(struct out *o, uint32_t v) {
  uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
  w_bytes(o, b, 4);
}

static void w_u64(struct out *o, uint64_t v) {
  w_u32(o, (uint32_t)v);
  w_u32(o, (uint32_t)(v >> 32));
}

static void w_str(struct out *o, const char *s) {
  size_t n = strlen(s);
  w_u32(o, (uint32_t)n);
  w_bytes(o, s, n);
}

static void w_loc(struct out *o, struct fc_loc l) {
  w_u32(o, l.file);
  w_u32(o, l.line);
  w_u32(o, l.col);
}

int fc_tu_write(const struct fc_tu *tu, FILE *f) {
  struct out o = {f};
  w_bytes(&o, MAGIC, 6);
  w_u32(&o, VERSION);
  w_u32(&o, tu->flags);
  w_str(&o, tu->path);
  w_u32(&o, tu->strs.n);
  for (uint32_t i = 0; i < tu->strs.n; i++)
    w_str(&o, tu->strs.strs[i]);
  w_u32(&o, (uint32_t)tu->funcs.n);
  for (size_t i = 0; i < tu->funcs.n; i++) {
    const struct fc_function *fn = &tu->funcs.v[i];
    w_u32(&o, fn->usr);
    w_u32(&o, fn->name);
    w_loc(&o, fn->loc);
    w_u32(&o, fn->flags);
    w_u32(&o, fn->block_first);
    w_u32(&o, fn->block_count);
    w_u32(&o, fn->n_vars);
    w_u32(&o, fn->var_first);
    w_u32(&o, fn->mentions);
    w_u32(&o, fn->type);
  }
  w_u32(&o, (uint32_t)tu->blocks.n);
  for (size_t i = 0; i < tu->blocks.n; i++) {
    const struct fc_block *b = &tu->blocks.v[i];
    w_u32(&o, b->ev_first);
    w_u32(&o, b->ev_count);
    w_u32(&o, b->edge_first);
    w_u32(&o, b->edge_count);
    w_loc(&o, b->end);
  }
  w_u32(&o, (uint32_t)tu->edges.n);
  for (size_t i = 0; i < tu->edges.n; i++) {
    const struct fc_edge *e = &tu->edges.v[i];
    w_u32(&o, e->target);
    w_u32(&o, (uint32_t)e->var);
    w_u8(&o, e->test);
    w_u64(&o, (uint64_t)e->value);
  }
  w_u32(&o, (uint32_t)tu->events.n);
  for (size_t i = 0; i < tu->events.n; i++) {
    const struct fc_event *e = &tu->events.v[i];
    w_u8(&o, e->kind);
    w_u32(&o, e->n_args);
    w_u32(&o, (uint32_t)e->var);
    w_u32(&o, (uint32_t)e->callee);
    w_u32(&o, e->args);
    w_loc(&o, e->loc);
    w_u32(&o, e->fn_type);
  }
  w_u32(&o, (uint32_t)tu->callees.n);
  for (size_t i = 0; i < tu->callees.n; i++) {
    w_u32(&o, tu->callees.v[i].usr);
    w_u32(&o, tu->callees.v[i].name);
    w_u32(&o, tu->callees.v[i].flags);
  }
  w_u32(&o, (uint32_t)tu->args.n);
  for (size_t i = 0; i < tu->args.n; i++) {
    w_u8(&o, tu->args.v[i].kind);
    w_u32(&o, (uint32_t)tu->args.v[i].var);
    w_u64(&o, (uint64_t)tu->args.v[i].value);
  }
  w_u32(&o, (uint32_t)tu->var_flags.n);
  for (size_t i = 0; i < tu->var_flags.n; i++)
    w_u8(&o, tu->var_flags.v[i]);
  w_u32(&o, (uint32_t)tu->addr_taken.n);
  for (size_t i = 0; i < tu->addr_taken.n; i++)
    w_u32(&o, tu->addr_taken.v[i]);
  w_u32(&o, (uint32_t)tu->errors.n);
  for (size_t i = 0; i < tu->errors.n; i++)
    w_str(&o, tu->errors.v[i]);
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

static uint8_t r_u8(struct in *in) { return need(in, 1, "truncated") ? *in->p++ : 0; }

static uint32_t r_u32(struct in *in) {
  if (!need(in, 4, "truncated"))
    return 0;
  uint32_t v = (uint32_t)in->p[0] | (uint32_t)in->p[1] << 8 | (uint32_t)in->p[2] << 16 |
               (uint32_t)in->p[3] << 24;
  in->p += 4;
  return v;
}

static uint64_t r_u64(struct in *in) {
  uint64_t lo = r_u32(in);
  return lo | (uint64_t)r_u32(in) << 32;
}

static uint32_t r_count(struct in *in) {
  uint32_t n = r_u32(in);
  if (n > MAX_COUNT && !in->bad)
    in->bad = "an array is impossibly long";
  return in->bad ? 0 : n;
}

static char *r_str(struct in *in) {
  uint32_t n = r_u32(in);
  if (!need(in, n, "a string runs past the end"))
    return fc_xstrdup("");
  char *s = fc_xmalloc((size_t)n + 1);
  memcpy(s, in->p, n);
  s[n] = 0;
  in->p += n;
  if (strlen(s) != n && !in->bad)
    in->bad = "a string holds a NUL byte";
  return s;
}

static struct fc_loc r_loc(struct in *in) {
  struct fc_loc l;
  l.file = r_u32(in);
  l.line = r_u32(in);
  l.col = r_u32(in);
  return l;
}

/* Every index in the summary points inside what it indexes. */
static const char *validate(const struct fc_tu *tu) {
  uint32_t ns = tu->strs.n;
#define STR_OK(id) ((id) < ns || (id) == FC_NO_STR)
  for (size_t i = 0; i < tu->funcs.n; i++) {
    const struct fc_function *f = &tu->funcs.v[i];
    if (f->usr >= ns || f->name >= ns || !STR_OK(f->loc.file) || !STR_OK(f->type))
      return "a function names a string that does not exist";
    if (f->block_count < 2 || f->block_first > tu->blocks.n ||
        f->block_count > tu->blocks.n - f->block_first)
      return "a function's blocks lie outside the block table";
    if (f->var_first > tu->var_flags.n || f->n_vars > tu->var_flags.n - f->var_first)
      return "a function's variables lie outside the variable table";
    for (uint32_t b = 0; b < f->block_count; b++) {
      const struct fc_block *blk = &tu->blocks.v[f->block_first + b];
      if (blk->ev_first > tu->events.n || blk->ev_count > tu->events.n - blk->ev_first ||
          blk->edge_first > tu->edges.n || blk->edge_count > tu->edges.n - blk->edge_first ||
          !STR_OK(blk->end.file))
        return "a block lies outside the event or edge table";
      for (uint32_t e = 0; e < blk->edge_count; e++) {
        const struct fc_edge *ed = &tu->edges.v[blk->edge_first + e];
        if (ed->target >= f->block_count || ed->test > FC_T_DEFAULT ||
            (ed->var >= 0 && (uint32_t)ed->var >= f->n_vars))
          return "an edge leads outside its function";
      }
      for (uint32_t e = 0; e < blk->ev_count; e++) {
        const struct fc_event *ev = &tu->events.v[blk->ev_first + e];
        if (ev->kind > FC_EV_STORE || (ev->var >= 0 && (uint32_t)ev->var >= f->n_vars) ||
            (ev->callee >= 0 && (size_t)ev->callee >= tu->callees.n) || ev->callee < -1 ||
            ev->args > tu->args.n || ev->n_args > tu->args.n - ev->args ||
            !STR_OK(ev->loc.file) || !STR_OK(ev->fn_type))
          return "an event refers outside the summary";
        for (uint16_t a = 0; a < ev->n_args; a++) {
          const struct fc_arg *arg = &tu->args.v[ev->args + a];
          if (arg->kind > FC_ARG_FUNC || (arg->var >= 0 && (uint32_t)arg->var >= f->n_vars) ||
              (arg->kind == FC_ARG_FUNC &&
               (arg->value < 0 || (uint64_t)arg->value >= tu->callees.n)))
            return "a call argument refers outside the summary";
        }
      }
    }
  }
  for (size_t i = 0; i < tu->callees.n; i++)
    if (tu->callees.v[i].usr >= ns || tu->callees.v[i].name >= ns)
      return "a callee names a string that does not exist";
  for (size_t i = 0; i < tu->addr_taken.n; i++)
    if (tu->addr_taken.v[i] >= tu->callees.n)
      return "an address-taken entry names no callee";
#undef STR_OK
  return NULL;
}

struct fc_tu *fc_tu_read(const void *data, size_t size, char **error) {
  struct in in = {data, (const uint8_t *)data + size, NULL};
  *error = NULL;
  if (size < 10 || memcmp(data, MAGIC, 6) != 0) {
    *error = fc_xstrdup("not a forkcheck summary");
    return NULL;
  }
  in.p += 6;
  uint32_t version = r_u32(&in);
  if (version != VERSION) {
    char msg[96];
    snprintf(msg, sizeof msg, "summary format version %u, this forkcheck reads %u", version,
             VERSION);
    *error = fc_xstrdup(msg);
    return NULL;
  }
  uint32_t flags = r_u32(&in);
  char *path = r_str(&in);
  struct fc_tu *tu = fc_tu_new(path);
  free(path);
  tu->flags = flags;
  for (uint32_t i = 0, n = r_count(&in); i < n && !in.bad; i++) {
    char *s = r_str(&in);
    uint32_t before = tu->strs.n;
    if (fc_strtab_intern(&tu->strs, s) != before && !in.bad)
      in.bad = "the string table repeats a string";
    free(s);
  }
  for (uint32_t i = 0, n = r_count(&in); i < n && !in.bad; i++) {
    struct fc_function f;
    f.usr = r_u32(&in);
    f.name = r_u32(&in);
    f.loc = r_loc(&in);
    f.flags = r_u32(&in);
    f.block_first = r_u32(&in);
    f.block_count = r_u32(&in);
    f.n_vars = r_u32(&in);
    f.var_first = r_u32(&in);
    f.mentions = r_u32(&in);
    f.type = r_u32(&in);
    fc_vec_push(&tu->funcs, f);
  }
  for (uint32_t i = 0, n = r_count(&in); i < n && !in.bad; i++) {
    struct fc_block b;
    b.ev_first = r_u32(&in);
    b.ev_count = r_u32(&in);
    b.edge_first = r_u32(&in);
    b.edge_count = r_u32(&in);
    b.end = r_loc(&in);
    fc_vec_push(&tu->blocks, b);
  }
  for (uint32_t i = 0, n = r_count(&in); i < n && !in.bad; i++) {
    struct fc_edge e;
    e.target = r_u32(&in);
    e.var = (int32_t)r_u32(&in);
    e.test = r_u8(&in);
    e.value = (int64_t)r_u64(&in);
    fc_vec_push(&tu->edges, e);
  }
  for (uint32_t i = 0, n = r_count(&in); i < n && !in.bad; i++) {
    struct fc_event e;
    e.kind = r_u8(&in);
    uint32_t nargs = r_u32(&in);
    e.n_args = (uint16_t)nargs;
    if (nargs > UINT16_MAX && !in.bad)
      in.bad = "a call has impossibly many arguments";
    e.var = (int32_t)r_u32(&in);
    e.callee = (int32_t)r_u32(&in);
    e.args = r_u32(&in);
    e.loc = r_loc(&in);
    e.fn_type = r_u32(&in);
    fc_vec_push(&tu->events, e);
  }
  for (uint32_t i = 0, n = r_count(&in); i < n && !in.bad; i++) {
    struct fc_callee c;
    c.usr = r_u32(&in);
    c.name = r_u32(&in);
    c.flags = r_u32(&in);
    fc_vec_push(&tu->callees, c);
  }
  for (uint32_t i = 0, n = r_count(&in); i < n && !in.bad; i++) {
    struct fc_arg a;
    a.kind = r_u8(&in);
    a.var = (int32_t)r_u32(&in);
    a.value = (int64_t)r_u64(&in);
    fc_vec_push(&tu->args, a);
  }
  for (uint32_t i = 0, n = r_count(&in); i < n && !in.bad; i++)
    fc_vec_push(&tu->var_flags, r_u8(&in));
  for (uint32_t i = 0, n = r_count(&in); i < n && !in.bad; i++)
    fc_vec_push(&tu->addr_taken, r_u32(&in));
  for (uint32_t i = 0, n = r_count(&in); i < n && !in.bad; i++) {
    char *s = r_str(&in);
    fc_vec_push(&tu->errors, s);
  }
  if (!in.bad && in.p != in.end)
    in.bad = "bytes follow the end of the summary";
  const char *problem = in.bad ? in.bad : validate(tu);
  if (problem) {
    *error = fc_xstrdup(problem);
    fc_tu_free(tu);
    return NULL;
  }
  return tu;
}
