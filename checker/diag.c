#include "diag.h"
#include "fsio.h"
#include "program.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct fc_where fc_where_loc(const struct fc_program *p, uint32_t tu, struct fc_loc loc) {
  struct fc_where w = {fc_pstr(p, tu, loc.file), loc.line, loc.col};
  return w;
}

struct fc_where fc_where_event(const struct fc_program *p, struct fc_ref ev) {
  return fc_where_loc(p, ev.tu, fc_event_at(p, ev)->loc);
}

struct fc_where fc_where_func(const struct fc_program *p, uint32_t func) {
  const struct fc_pfunc *pf = &p->funcs.v[func];
  return fc_where_loc(p, pf->tu, pf->fn->loc);
}

struct fc_where fc_where_block_end(const struct fc_program *p, uint32_t func, uint32_t b) {
  struct fc_loc end;
  fc_block_end(p, func, b, &end);
  return fc_where_loc(p, p->funcs.v[func].tu, end);
}

static char *vformat(const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  char *s = fc_xmalloc((size_t)(n < 0 ? 0 : n) + 1);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  return s;
}

struct fc_finding *fc_report(struct fc_findings *out, const char *rule, struct fc_where at,
                             const char *fmt, ...) {
  struct fc_finding f = {0};
  va_list ap;
  va_start(ap, fmt);
  f.msg = vformat(fmt, ap);
  va_end(ap);
  f.rule = rule;
  f.severity = "warning";
  f.file = fc_xstrdup(at.file ? at.file : "");
  f.line = at.line;
  f.col = at.col;
  f.seq = out->v.n;
  fc_vec_push(&out->v, f);
  return &out->v.v[out->v.n - 1];
}

struct fc_note *fc_note(struct fc_finding *f, struct fc_where at, const char *fmt, ...) {
  struct fc_note n = {0};
  va_list ap;
  va_start(ap, fmt);
  n.msg = vformat(fmt, ap);
  va_end(ap);
  n.file = fc_xstrdup(at.file ? at.file : "");
  n.line = at.line;
  n.col = at.col;
  fc_vec_push(&f->notes, n);
  return &f->notes.v[f->notes.n - 1];
}

static void add_fix(struct fc_finding *f, struct fc_where at, const char *old, const char *text,
                    int include) {
  struct fc_fixit x = {0};
  x.file = fc_xstrdup(at.file ? at.file : "");
  x.line = x.end_line = at.line;
  x.col = at.col;
  x.end_col = at.col + (unsigned)strlen(old);
  x.old = fc_xstrdup(old);
  x.text = fc_xstrdup(text);
  x.include = include;
  fc_vec_push(&f->fixits, x);
}

void fc_fix_replace(struct fc_finding *f, struct fc_where at, const char *old, const char *text) {
  add_fix(f, at, old, text, 0);
}

void fc_fix_include(struct fc_finding *f, struct fc_where at, const char *header) {
  /* One #include per finding, however many of its fix-its need it. */
  for (size_t i = 0; i < f->fixits.n; i++)
    if (f->fixits.v[i].include && !strcmp(f->fixits.v[i].text, header) &&
        !strcmp(f->fixits.v[i].file, at.file ? at.file : ""))
      return;
  add_fix(f, at, "", header, 1);
}

static const char *place_of(const struct fc_finding *f) { return f->key ? f->key : f->file; }

static int cmp_content(const struct fc_finding *x, const struct fc_finding *y) {
  int c = strcmp(place_of(x), place_of(y));
  if (c)
    return c;
  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  if (x->col != y->col)
    return x->col < y->col ? -1 : 1;
  c = strcmp(x->rule, y->rule);
  return c ? c : strcmp(x->msg, y->msg);
}

/* Stable: identical findings stay in the order they were reported. */
static int cmp_finding(const void *a, const void *b) {
  const struct fc_finding *x = a, *y = b;
  int c = cmp_content(x, y);
  return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static void free_finding(struct fc_finding *f) {
  free(f->file);
  free(f->key);
  free(f->msg);
  for (size_t i = 0; i < f->notes.n; i++) {
    free(f->notes.v[i].file);
    free(f->notes.v[i].msg);
  }
  fc_vec_free(&f->notes);
  for (size_t i = 0; i < f->fixits.n; i++) {
    free(f->fixits.v[i].file);
    free(f->fixits.v[i].old);
    free(f->fixits.v[i].text);
  }
  fc_vec_free(&f->fixits);
}

void fc_findings_sort(struct fc_findings *out) {
  if (out->v.n < 2)
    return;
  /* Canonical once per distinct spelling: findings come in runs per file. */
  for (size_t i = 0; i < out->v.n; i++) {
    struct fc_finding *f = &out->v.v[i];
    if (f->key)
      continue;
    if (i > 0 && !strcmp(out->v.v[i - 1].file, f->file) && out->v.v[i - 1].key)
      f->key = fc_xstrdup(out->v.v[i - 1].key);
    else
      f->key = *f->file ? fc_canonical_path(NULL, f->file) : fc_xstrdup("");
  }
  qsort(out->v.v, out->v.n, sizeof *out->v.v, cmp_finding);
  size_t w = 1;
  for (size_t r = 1; r < out->v.n; r++) {
    if (cmp_content(&out->v.v[w - 1], &out->v.v[r]) == 0)
      free_finding(&out->v.v[r]);
    else
      out->v.v[w++] = out->v.v[r];
  }
  out->v.n = w;
}

static int same_place(const struct fc_finding *x, const struct fc_finding *y) {
  return x->line == y->line && x->col == y->col && !strcmp(place_of(x), place_of(y));
}

/* The places findings cover with a note (FC_NOTE_ALSO), by rule. */
struct cover {
  const char *rule, *file;
  unsigned line, col;
};

static int by_cover(const void *a, const void *b) {
  const struct cover *x = a, *y = b;
  int c = strcmp(x->rule, y->rule);
  if (!c)
    c = strcmp(x->file, y->file);
  if (!c)
    c = (x->line > y->line) - (x->line < y->line);
  return c ? c : (x->col > y->col) - (x->col < y->col);
}

static struct cover *covers_of(const struct fc_findings *out, size_t *n) {
  FC_VEC(struct cover) v = {0};
  for (size_t i = 0; i < out->v.n; i++)
    for (size_t k = 0; k < out->v.v[i].notes.n; k++) {
      const struct fc_note *note = &out->v.v[i].notes.v[k];
      if (note->role == FC_NOTE_ALSO) {
        struct cover c = {out->v.v[i].rule, note->file, note->line, note->col};
        fc_vec_push(&v, c);
      }
    }
  if (v.n)
    qsort(v.v, v.n, sizeof *v.v, by_cover);
  *n = v.n;
  return v.v;
}

/* Does a finding of f's also_yields_to rule have a note where f's
 * also_note is? */
static int yields_by_note(const struct fc_findings *out, const struct fc_finding *f) {
  if (!f->also_yields_to || !f->also_note || f->also_note > f->notes.n)
    return 0;
  const struct fc_note *n = &f->notes.v[f->also_note - 1];
  for (size_t i = 0; i < out->v.n; i++) {
    const struct fc_finding *g = &out->v.v[i];
    for (size_t k = 0; !strcmp(g->rule, f->also_yields_to) && k < g->notes.n; k++)
      if (g->notes.v[k].line == n->line && g->notes.v[k].col == n->col &&
          !strcmp(g->notes.v[k].file, n->file))
        return 1;
  }
  return 0;
}

/* Sorted: the findings at x's place are next to it. */
static int yields(const struct fc_findings *out, size_t x, const struct cover *covers,
                  size_t n_covers) {
  const struct fc_finding *f = &out->v.v[x];
  if (yields_by_note(out, f))
    return 1;
  if (!f->yields_to)
    return 0;
  struct cover key = {f->yields_to, f->file, f->line, f->col};
  if (f->yield_note && f->yield_note <= f->notes.n) {
    const struct fc_note *n = &f->notes.v[f->yield_note - 1];
    key = (struct cover){f->yields_to, n->file, n->line, n->col};
  }
  if (n_covers && bsearch(&key, covers, n_covers, sizeof *covers, by_cover))
    return 1;
  if (key.file != f->file) { /* another place: the findings are few */
    for (size_t i = 0; i < out->v.n; i++) {
      const struct fc_finding *g = &out->v.v[i];
      if (g->line == key.line && g->col == key.col && !strcmp(g->rule, key.rule) &&
          !strcmp(g->file, key.file))
        return 1;
    }
    return 0;
  }
  size_t first = x;
  while (first > 0 && same_place(&out->v.v[first - 1], f))
    first--;
  for (size_t i = first; i < out->v.n && same_place(&out->v.v[i], f); i++)
    if (!strcmp(out->v.v[i].rule, f->yields_to))
      return 1;
  return 0;
}

void fc_findings_yield(struct fc_findings *out) {
  size_t n_covers;
  struct cover *covers = covers_of(out, &n_covers);
  uint8_t *drop = fc_xcalloc(out->v.n + 1, 1);
  for (size_t i = 0; i < out->v.n; i++)
    drop[i] = (uint8_t)yields(out, i, covers, n_covers);
  size_t w = 0;
  for (size_t r = 0; r < out->v.n; r++) {
    if (drop[r])
      free_finding(&out->v.v[r]);
    else
      out->v.v[w++] = out->v.v[r];
  }
  out->v.n = w;
  free(drop);
  free(covers);
}

void fc_findings_free(struct fc_findings *out) {
  for (size_t i = 0; i < out->v.n; i++)
    free_finding(&out->v.v[i]);
  fc_vec_free(&out->v);
}

void fc_findings_keep(struct fc_findings *out, int (*keep)(const struct fc_finding *, void *),
                      void *arg) {
  size_t w = 0;
  for (size_t r = 0; r < out->v.n; r++) {
    if (keep(&out->v.v[r], arg))
      out->v.v[w++] = out->v.v[r];
    else
      free_finding(&out->v.v[r]);
  }
  out->v.n = w;
}

int fc_where_is(struct fc_where at, const char *file, unsigned line, unsigned col) {
  return at.line == line && at.col == col && file && at.file && !strcmp(at.file, file);
}
