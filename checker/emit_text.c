/* clang-style text: file:line:col: warning: message [rule], the source line
 * with a caret under the column, then the notes in the same form. */
#include "diag.h"
#include "fsio.h"

#include <stdlib.h>
#include <string.h>

/* The file whose lines were shown last, with where each line starts: a
 * finding with a chain of thousands of notes in one file reads each line
 * in constant time. */
struct source_cache {
  const struct fc_strtab *shown; /* the files whose lines may be shown; NULL: any */
  char *path;
  char *text;
  size_t len;
  size_t *starts; /* starts[l - 1]: the offset of line l */
  size_t n_lines;
};

static void load(struct source_cache *c, const char *path) {
  free(c->path);
  free(c->text);
  free(c->starts);
  c->path = fc_xstrdup(path);
  c->len = 0;
  c->starts = NULL;
  c->n_lines = 0;
  c->text = !c->shown || fc_strtab_find(c->shown, path) != FC_NO_STR
                ? fc_read_file(path, &c->len)
                : NULL;
  if (!c->text)
    return;
  size_t n = 1;
  for (const char *p = c->text; (p = memchr(p, '\n', c->len - (size_t)(p - c->text))); p++)
    n++;
  c->starts = fc_xmalloc(n * sizeof *c->starts);
  c->starts[c->n_lines++] = 0;
  for (const char *p = c->text; (p = memchr(p, '\n', c->len - (size_t)(p - c->text))); p++)
    c->starts[c->n_lines++] = (size_t)(p + 1 - c->text);
}

static const char *line_of(struct source_cache *c, const char *path, unsigned line,
                           size_t *len) {
  if (!c->path || strcmp(c->path, path) != 0)
    load(c, path);
  if (!c->text || line == 0)
    return NULL;
  /* Past the last line: the empty rest after a final newline, else none. */
  size_t at = c->starts[(line <= c->n_lines ? line : c->n_lines) - 1];
  if (line > c->n_lines && at != c->len)
    return NULL;
  const char *p = c->text + at, *end = c->text + c->len;
  const char *nl = memchr(p, '\n', (size_t)(end - p));
  *len = (size_t)((nl ? nl : end) - p);
  if (*len && p[*len - 1] == '\r')
    (*len)--;
  return p;
}

static void caret(FILE *out, struct source_cache *c, const char *file, unsigned line,
                  unsigned col, int color) {
  size_t len;
  const char *src = line_of(c, file, line, &len);
  if (!src)
    return;
  fprintf(out, "%.*s\n", (int)len, src);
  for (unsigned i = 1; i < col && i - 1 < len; i++)
    fputc(src[i - 1] == '\t' ? '\t' : ' ', out);
  fputs(color ? "\033[1;32m^\033[0m\n" : "^\n", out);
}

/* As clang shows them: a replacement on the finding's line under its caret
 * line, at its column; any other in clang's parseable form
 * (fix-it:"file":{line:col-line:col}:"text"). */
static void fixits(FILE *out, struct source_cache *c, const struct fc_finding *x, int color) {
  for (size_t i = 0; i < x->fixits.n; i++) {
    const struct fc_fixit *fx = &x->fixits.v[i];
    size_t len;
    const char *src = fx->line == x->line && !strcmp(fx->file, x->file) && !strchr(fx->text, '\n')
                          ? line_of(c, x->file, x->line, &len)
                          : NULL;
    if (src) {
      for (unsigned k = 1; k < fx->col && k - 1 < len; k++)
        fputc(src[k - 1] == '\t' ? '\t' : ' ', out);
      fprintf(out, "%s%s%s\n", color ? "\033[0;32m" : "", fx->text, color ? "\033[0m" : "");
      continue;
    }
    fprintf(out, "fix-it:\"%s\":{%u:%u-%u:%u}:\"", fx->file, fx->line, fx->col, fx->end_line,
            fx->end_col);
    for (const char *t = fx->text; *t; t++) {
      if (*t == '\n') {
        fputs("\\n", out);
        continue;
      }
      if (*t == '"' || *t == '\\')
        fputc('\\', out);
      fputc(*t, out);
    }
    fputs("\"\n", out);
  }
}

void fc_emit_text(FILE *out, const struct fc_findings *f, int color) {
  struct source_cache c = {f->sources, NULL, NULL, 0, NULL, 0};
  const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
  const char *warn = color ? "\033[1;35m" : "", *note = color ? "\033[1;30m" : "";
  for (size_t i = 0; i < f->v.n; i++) {
    const struct fc_finding *x = &f->v.v[i];
    /* Names and messages come from the input: escaped, so that a newline
     * in a file's name cannot forge a line of its own. */
    fputs(bold, out);
    fc_put_escaped(out, x->file);
    fprintf(out, ":%u:%u: %s%s:%s %s", x->line, x->col, warn, x->severity, reset, bold);
    fc_put_escaped(out, x->msg);
    fprintf(out, " [%s]%s%s\n", x->rule, x->suppressed ? " (suppressed)" : "", reset);
    caret(out, &c, x->file, x->line, x->col, color);
    fixits(out, &c, x, color);
    for (size_t n = 0; n < x->notes.n; n++) {
      const struct fc_note *y = &x->notes.v[n];
      fputs(bold, out);
      fc_put_escaped(out, y->file);
      fprintf(out, ":%u:%u: %snote:%s ", y->line, y->col, note, reset);
      fc_put_escaped(out, y->msg);
      fputc('\n', out);
      caret(out, &c, y->file, y->line, y->col, color);
    }
  }
  free(c.path);
  free(c.text);
  free(c.starts);
}
