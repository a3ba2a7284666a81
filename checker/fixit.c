/*
 * Fix-its: checked against the source right after the analysis, applied by
 * --fix only to files whose content is still what was analysed. The engine
 * knows no rule: a rule asks for a replacement or an #include.
 */
#include "fixit.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* FNV-1a over the bytes. */
static uint64_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 14695981039346656037ull;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h;
}

void fc_file_states_add(struct fc_file_states *s, const char *path) {
  size_t len;
  char *text = fc_read_file(path, &len);
  if (!text)
    return;
  struct fc_file_state st = {fc_xstrdup(path), hash_bytes(text, len)};
  fc_vec_push(&s->v, st);
  free(text);
}

void fc_file_states_free(struct fc_file_states *s) {
  for (size_t i = 0; i < s->v.n; i++)
    free(s->v.v[i].path);
  fc_vec_free(&s->v);
}

/* Is the file, with content hash h, as it was when the analysis began? */
static int as_before(const struct fc_file_states *before, const char *path, uint64_t h) {
  for (size_t i = 0; before && i < before->v.n; i++)
    if (!strcmp(before->v.v[i].path, path))
      return before->v.v[i].hash == h;
  return 1;
}

struct source {
  char *path, *text;
  size_t len;
};

static void load(struct source *s, const char *path, fc_source_reader *read, void *arg) {
  if (s->path && !strcmp(s->path, path))
    return;
  free(s->path);
  free(s->text);
  s->path = fc_xstrdup(path);
  s->text = read ? read(path, &s->len, arg) : fc_read_file(path, &s->len);
}

/* The byte offset of line:col, or -1 past the end of the text. */
static long offset_of(const char *text, size_t len, unsigned line, unsigned col) {
  size_t off = 0;
  for (unsigned l = 1; l < line; l++) {
    const char *nl = memchr(text + off, '\n', len - off);
    if (!nl)
      return -1;
    off = (size_t)(nl - text) + 1;
  }
  return col >= 1 && off + col - 1 <= len ? (long)(off + col - 1) : -1;
}

/* The rest of the line after `#name` (spaces allowed around '#'), or NULL
 * when the line is not that directive. */
static const char *directive(const char *p, const char *eol, const char *name) {
  while (p < eol && (*p == ' ' || *p == '\t'))
    p++;
  if (p == eol || *p++ != '#')
    return NULL;
  while (p < eol && (*p == ' ' || *p == '\t'))
    p++;
  size_t n = strlen(name);
  if ((size_t)(eol - p) < n || strncmp(p, name, n) != 0 ||
      (p + n < eol && (isalnum((unsigned char)p[n]) || p[n] == '_')))
    return NULL;
  for (p += n; p < eol && (*p == ' ' || *p == '\t');)
    p++;
  return p;
}

/* `#include <header>` or "header"; any #include for a NULL header. */
static int includes(const char *line, const char *eol, const char *header) {
  const char *p = directive(line, eol, "include");
  if (!p || !header)
    return p != NULL;
  size_t n = strlen(header);
  return (size_t)(eol - p) >= n + 2 && (*p == '<' || *p == '"') && !strncmp(p + 1, header, n) &&
         (p[n + 1] == '>' || p[n + 1] == '"');
}

/* How deep in #if blocks the next line is, after this one. */
static int depth_after(const char *line, const char *eol, int depth) {
  if (directive(line, eol, "if") || directive(line, eol, "ifdef") ||
      directive(line, eol, "ifndef"))
    return depth + 1;
  return directive(line, eol, "endif") && depth > 0 ? depth - 1 : depth;
}

/* Places an #include after the last one above `before` that is outside
 * #if blocks (inside one only, for a header's include guard); 0 when the
 * file has it already. */
static int place_include(struct fc_fixit *x, const struct source *s, unsigned before) {
  unsigned line = 1, last = 0;
  int depth = 0, last_depth = INT_MAX;
  for (const char *p = s->text, *end = s->text + s->len; p < end; line++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *eol = nl ? nl : end;
    if (includes(p, eol, x->text))
      return 0;
    if (line < before && nl && includes(p, eol, NULL) && depth <= last_depth) {
      last = line;
      last_depth = depth;
    }
    depth = depth_after(p, eol, depth);
    p = eol + 1;
  }
  size_t n = strlen(x->text) + sizeof "#include <>\n";
  char *text = fc_xmalloc(n);
  snprintf(text, n, "#include <%s>\n", x->text);
  free(x->text);
  x->text = text;
  x->line = x->end_line = last + 1;
  x->col = x->end_col = 1;
  return 1;
}

/* Does the fix-it fit the source? Places includes. */
static int resolve(struct fc_fixit *x, const struct source *s, unsigned finding_line) {
  if (!s->text)
    return 0;
  x->source = hash_bytes(s->text, s->len);
  if (x->include)
    return place_include(x, s, finding_line) ? 1 : -1;
  long off = offset_of(s->text, s->len, x->line, x->col);
  size_t n = strlen(x->old);
  return off >= 0 && (size_t)off + n <= s->len && !memcmp(s->text + off, x->old, n);
}

static void free_fixit(struct fc_fixit *x) {
  free(x->file);
  free(x->old);
  free(x->text);
}

void fc_fixits_resolve(struct fc_findings *f) {
  fc_fixits_resolve_with(f, NULL, NULL);
}

void fc_fixits_resolve_with(struct fc_findings *f, fc_source_reader *read, void *arg) {
  struct source s = {0};
  for (size_t i = 0; i < f->v.n; i++) {
    struct fc_finding *x = &f->v.v[i];
    int ok = 1;
    size_t w = 0;
    for (size_t k = 0; k < x->fixits.n; k++) {
      load(&s, x->fixits.v[k].file, read, arg);
      int r = resolve(&x->fixits.v[k], &s, x->line);
      if (r == 0)
        ok = 0;
      if (r > 0)
        x->fixits.v[w++] = x->fixits.v[k];
      else
        free_fixit(&x->fixits.v[k]);
    }
    x->fixits.n = w;
    /* A fix that does not fit in part is not offered at all. */
    for (size_t k = 0; !ok && k < x->fixits.n; k++)
      free_fixit(&x->fixits.v[k]);
    if (!ok)
      x->fixits.n = 0;
  }
  free(s.path);
  free(s.text);
}

struct edit {
  long start, end;
  const struct fc_fixit *fix;
};

static int cmp_edit(const void *a, const void *b) {
  const struct edit *x = a, *y = b;
  return x->start != y->start ? (x->start < y->start ? -1 : 1)
                              : (x->end != y->end ? (x->end < y->end ? -1 : 1) : 0);
}

/* Writes `text` to a temporary file beside `path`, with its mode, and
 * renames it over `path`: no reader sees half a file. */
static int replace_file(const char *path, const char *text, size_t len) {
  struct stat st;
  if (stat(path, &st) != 0)
    return -1;
  size_t n = strlen(path) + 24;
  char *tmp = fc_xmalloc(n);
  snprintf(tmp, n, "%s.forkcheck-XXXXXX", path);
  int fd = mkstemp(tmp), ok = fd >= 0;
  if (ok)
    ok = fchmod(fd, st.st_mode & 07777) == 0 && write(fd, text, len) == (ssize_t)len &&
         fsync(fd) == 0;
  if (fd >= 0 && close(fd) != 0)
    ok = 0;
  if (ok)
    ok = rename(tmp, path) == 0;
  if (!ok && fd >= 0)
    unlink(tmp);
  free(tmp);
  return ok ? 0 : -1;
}

/* Applies the edits of one file, last first; -1 when the file changed. */
static int apply_file(const char *path, struct edit *e, size_t n,
                      const struct fc_file_states *before, unsigned *applied) {
  size_t len;
  char *text = fc_read_file(path, &len);
  int same = text != NULL && as_before(before, path, hash_bytes(text, len));
  for (size_t i = 0; same && i < n; i++)
    same = hash_bytes(text, len) == e[i].fix->source;
  if (!same) {
    fprintf(stderr, "forkcheck: error: '%s' %s; not fixed\n", path,
            text ? "changed since it was analysed" : "cannot be read");
    free(text);
    return -1;
  }
  for (size_t i = 0; i < n; i++) {
    e[i].start = offset_of(text, len, e[i].fix->line, e[i].fix->col);
    e[i].end = offset_of(text, len, e[i].fix->end_line, e[i].fix->end_col);
  }
  qsort(e, n, sizeof *e, cmp_edit);
  FC_VEC(char) out = {0};
  long at = 0;
  for (size_t i = 0; i < n; i++) {
    /* The same edit asked by two findings (two exit() calls want one
     * #include) is made once; one that overlaps another is left out. */
    if (e[i].start < at || e[i].start < 0 || e[i].end < e[i].start)
      continue;
    for (long c = at; c < e[i].start; c++)
      fc_vec_push(&out, text[c]);
    for (const char *t = e[i].fix->text; *t; t++)
      fc_vec_push(&out, *t);
    at = e[i].end;
    (*applied)++;
    while (i + 1 < n && e[i + 1].start == e[i].start && e[i + 1].end == e[i].end &&
           !strcmp(e[i + 1].fix->text, e[i].fix->text))
      i++;
  }
  for (long c = at; c < (long)len; c++)
    fc_vec_push(&out, text[c]);
  int rc = replace_file(path, out.v ? out.v : "", out.n);
  if (rc != 0)
    fprintf(stderr, "forkcheck: error: cannot write '%s': %s; not fixed\n", path,
            strerror(errno));
  free(out.v);
  free(text);
  return rc;
}

int fc_fixits_apply(const struct fc_findings *f, const struct fc_file_states *before) {
  FC_VEC(struct edit) all = {0};
  for (size_t i = 0; i < f->v.n; i++)
    for (size_t k = 0; !f->v.v[i].suppressed && k < f->v.v[i].fixits.n; k++) {
      struct edit e = {0, 0, &f->v.v[i].fixits.v[k]};
      fc_vec_push(&all, e);
    }
  int rc = 0;
  /* One file at a time, in the order the findings name them. */
  for (size_t i = 0; i < all.n; i++) {
    if (!all.v[i].fix)
      continue;
    const char *path = all.v[i].fix->file;
    FC_VEC(struct edit) mine = {0};
    for (size_t k = i; k < all.n; k++)
      if (all.v[k].fix && !strcmp(all.v[k].fix->file, path)) {
        fc_vec_push(&mine, all.v[k]);
        all.v[k].fix = NULL;
      }
    unsigned applied = 0;
    if (apply_file(path, mine.v, mine.n, before, &applied) != 0)
      rc = -1;
    else
      fprintf(stderr, "forkcheck: fixed '%s': %u change%s\n", path, applied,
              applied == 1 ? "" : "s");
    fc_vec_free(&mine);
  }
  fc_vec_free(&all);
  return rc;
}
