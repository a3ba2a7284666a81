/*
 * In-source suppressions, in clang-tidy's grammar with forkcheck's names
 * ("forkcheck-<rule-id>", globs with '*'):
 *
 *   NOLINT[(LIST)]            on the finding's line
 *   NOLINTNEXTLINE[(LIST)]    on the line before it
 *   NOLINTBEGIN[(LIST)] ... NOLINTEND[(LIST)]   around it; an END closes the
 *                             latest BEGIN with the same list
 *
 * A LIST-less form suppresses every rule. Only the files that have findings
 * are read; an unmatched BEGIN or END there is a warning naming its line.
 */
#include "suppress.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum kind { K_SAME, K_NEXT, K_BEGIN, K_END };

struct mark {
  enum kind kind;
  unsigned line;
  char *list; /* the text in parentheses, or NULL for every rule */
};

/* A range of lines where `list` holds, from a matched BEGIN/END pair. */
struct range {
  unsigned first, last;
  const char *list;
};

struct file_marks {
  char *path;
  FC_VEC(struct mark) marks;
  FC_VEC(struct range) ranges;
};

static int glob_match(const char *glob, const char *glob_end, const char *s) {
  while (glob < glob_end && *glob != '*') {
    if (*s != *glob)
      return 0;
    glob++, s++;
  }
  if (glob == glob_end)
    return *s == '\0';
  for (;; s++) {
    if (glob_match(glob + 1, glob_end, s))
      return 1;
    if (!*s)
      return 0;
  }
}

/* Does `list` ("forkcheck-a, forkcheck-*") name rule `id`? */
static int list_names(const char *list, const char *id) {
  if (!list)
    return 1;
  char name[256];
  snprintf(name, sizeof name, "forkcheck-%s", id);
  for (const char *p = list; *p;) {
    while (*p == ' ' || *p == '\t' || *p == ',')
      p++;
    const char *end = p;
    while (*end && *end != ',')
      end++;
    const char *trim = end;
    while (trim > p && (trim[-1] == ' ' || trim[-1] == '\t'))
      trim--;
    if (trim > p && glob_match(p, trim, name))
      return 1;
    p = end;
  }
  return 0;
}

static int word_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* The marks on one line of text. */
static void scan_line(const char *s, size_t len, unsigned line, struct file_marks *fm) {
  static const struct {
    const char *word;
    enum kind kind;
  } words[] = {{"NEXTLINE", K_NEXT}, {"BEGIN", K_BEGIN}, {"END", K_END}, {"", K_SAME}};
  const char *end = s + len;
  for (const char *p = s; p + 6 <= end; p++) {
    if (memcmp(p, "NOLINT", 6) != 0 || (p > s && word_char(p[-1])))
      continue;
    const char *q = p + 6;
    size_t w = 0;
    while (strncmp(q, words[w].word, strlen(words[w].word)) != 0)
      w++;
    q += strlen(words[w].word);
    if (q < end && word_char(*q))
      continue;
    struct mark m = {words[w].kind, line, NULL};
    if (q < end && *q == '(') {
      const char *close = memchr(q, ')', (size_t)(end - q));
      if (!close)
        continue;
      m.list = strndup(q + 1, (size_t)(close - q - 1));
    }
    fc_vec_push(&fm->marks, m);
  }
}

static int same_list(const char *a, const char *b) {
  return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Pairs BEGIN with END; an unmatched one is a warning naming its line. */
static void pair_ranges(struct file_marks *fm) {
  FC_VEC(size_t) open = {0};
  for (size_t i = 0; i < fm->marks.n; i++) {
    const struct mark *m = &fm->marks.v[i];
    if (m->kind == K_BEGIN) {
      fc_vec_push(&open, i);
    } else if (m->kind == K_END) {
      size_t k = open.n;
      while (k > 0 && !same_list(fm->marks.v[open.v[k - 1]].list, m->list))
        k--;
      if (k == 0) {
        fprintf(stderr, "%s:%u: warning: NOLINTEND without a matching NOLINTBEGIN\n", fm->path,
                m->line);
        continue;
      }
      const struct mark *b = &fm->marks.v[open.v[k - 1]];
      struct range r = {b->line, m->line, b->list};
      fc_vec_push(&fm->ranges, r);
      memmove(&open.v[k - 1], &open.v[k], (open.n - k) * sizeof *open.v);
      open.n--;
    }
  }
  for (size_t k = 0; k < open.n; k++)
    fprintf(stderr, "%s:%u: warning: NOLINTBEGIN without a matching NOLINTEND\n", fm->path,
            fm->marks.v[open.v[k]].line);
  fc_vec_free(&open);
}

static void load(struct file_marks *fm, const char *path, fc_source_reader *read, void *arg) {
  fm->path = fc_xstrdup(path);
  size_t len;
  char *text = read ? read(path, &len, arg) : fc_read_file(path, &len);
  if (!text)
    return;
  unsigned line = 1;
  for (const char *p = text, *end = text + len; p < end; line++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *eol = nl ? nl : end;
    scan_line(p, (size_t)(eol - p), line, fm);
    p = eol + 1;
  }
  free(text);
  pair_ranges(fm);
}

static int suppressed(const struct file_marks *fm, const struct fc_finding *f) {
  for (size_t i = 0; i < fm->marks.n; i++) {
    const struct mark *m = &fm->marks.v[i];
    if (((m->kind == K_SAME && m->line == f->line) ||
         (m->kind == K_NEXT && m->line + 1 == f->line)) &&
        list_names(m->list, f->rule))
      return 1;
  }
  for (size_t i = 0; i < fm->ranges.n; i++) {
    const struct range *r = &fm->ranges.v[i];
    if (r->first <= f->line && f->line <= r->last && list_names(r->list, f->rule))
      return 1;
  }
  return 0;
}

static void free_marks(struct file_marks *fm) {
  for (size_t i = 0; i < fm->marks.n; i++)
    free(fm->marks.v[i].list);
  fc_vec_free(&fm->marks);
  fc_vec_free(&fm->ranges);
  free(fm->path);
  memset(fm, 0, sizeof *fm);
}

size_t fc_findings_suppress(struct fc_findings *f) {
  return fc_findings_suppress_with(f, NULL, NULL);
}

size_t fc_findings_suppress_with(struct fc_findings *f, fc_source_reader *read, void *arg) {
  struct file_marks fm = {0};
  size_t n = 0;
  /* Findings are sorted by file: each file is read once. */
  for (size_t i = 0; i < f->v.n; i++) {
    struct fc_finding *x = &f->v.v[i];
    if (!fm.path || strcmp(fm.path, x->file) != 0) {
      free_marks(&fm);
      load(&fm, x->file, read, arg);
    }
    x->suppressed = suppressed(&fm, x);
    n += x->suppressed != 0;
  }
  free_marks(&fm);
  return n;
}
