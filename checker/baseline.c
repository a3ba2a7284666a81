/*
 * Baselines: today's findings recorded by a fingerprint that survives
 * unrelated edits, so that a later run reports only new ones. The
 * fingerprint is made of the rule, the file (relative to %SRCROOT%), the
 * function around the finding, the text of the call with its whitespace
 * removed, and the function called at the end of the finding's first chain; no
 * line or column. Identical fingerprints are counted: a second copy of a
 * baselined call is new.
 */
#include "baseline.h"

#include <ctype.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "strtab.h"

struct print {
  char *key;
  unsigned count;
};

struct fc_baseline {
  FC_VEC(struct print) prints;
};

/* The definition in `file` that starts last at or before `line`: functions
 * do not nest in C. */
static const char *enclosing_function(struct fc_tu **tus, uint32_t n, const char *file,
                                      unsigned line) {
  const char *best = "";
  unsigned best_line = 0;
  for (uint32_t t = 0; t < n; t++)
    for (size_t i = 0; i < tus[t]->funcs.n; i++) {
      const struct fc_function *fn = &tus[t]->funcs.v[i];
      if (fn->loc.line <= line && fn->loc.line > best_line &&
          !strcmp(fc_str(&tus[t]->strs, fn->loc.file), file)) {
        best = fc_str(&tus[t]->strs, fn->name);
        best_line = fn->loc.line;
      }
    }
  return best;
}

/* The name of the function called at file:line:col, or "". */
static const char *callee_at(struct fc_tu **tus, uint32_t n, const char *file, unsigned line,
                             unsigned col) {
  for (uint32_t t = 0; t < n; t++)
    for (size_t i = 0; i < tus[t]->events.n; i++) {
      const struct fc_event *ev = &tus[t]->events.v[i];
      if (ev->kind == FC_EV_CALL && ev->callee >= 0 && ev->loc.line == line &&
          ev->loc.col == col && !strcmp(fc_str(&tus[t]->strs, ev->loc.file), file))
        return fc_str(&tus[t]->strs, tus[t]->callees.v[ev->callee].name);
    }
  return "";
}

/* The source from the finding's column to the end of its line, without
 * whitespace or a trailing // comment. */
static void call_text(const char *path, unsigned line, unsigned col, FILE *out,
                      fc_source_reader *read, void *arg) {
  size_t len;
  char *text = read ? read(path, &len, arg) : fc_read_file(path, &len);
  const char *p = text, *end = text ? text + len : NULL;
  for (unsigned l = 1; p && l < line; l++) {
    p = memchr(p, '\n', (size_t)(end - p));
    p = p ? p + 1 : NULL;
  }
  if (p) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    eol = eol ? eol : end;
    for (p += col > 0 && col - 1 <= (size_t)(eol - p) ? col - 1 : 0; p < eol; p++) {
      if (p[0] == '/' && p + 1 < eol && p[1] == '/')
        break;
      if (!isspace((unsigned char)*p))
        fputc(*p, out);
    }
  }
  free(text);
}

static char *fingerprint(const struct fc_finding *f, struct fc_tu **tus, uint32_t n,
                         const char *srcroot, fc_source_reader *read, void *arg) {
  /* The first chain's last hop is the call of the unsafe function: the
   * first chain only, so that another chain appearing changes nothing. */
  const char *cfile = f->file;
  unsigned cline = f->line, ccol = f->col;
  for (size_t i = 0; i < f->notes.n; i++)
    if (f->notes.v[i].role == FC_NOTE_STEP && f->notes.v[i].chain == 0) {
      cfile = f->notes.v[i].file;
      cline = f->notes.v[i].line;
      ccol = f->notes.v[i].col;
    }
  char *abs = fc_absolute_path(f->file), *key = NULL;
  size_t root = strlen(srcroot), size = 0;
  const char *rel = strncmp(abs, srcroot, root) == 0 ? abs + root : abs;
  FILE *m = open_memstream(&key, &size);
  fprintf(m, "%s|%s|%s|", f->rule, rel, enclosing_function(tus, n, f->file, f->line));
  call_text(f->file, f->line, f->col, m, read, arg);
  fprintf(m, "|%s", callee_at(tus, n, cfile, cline, ccol));
  fclose(m);
  free(abs);
  return key;
}

static void add_print(struct fc_baseline *b, char *key) {
  for (size_t i = 0; i < b->prints.n; i++)
    if (!strcmp(b->prints.v[i].key, key)) {
      b->prints.v[i].count++;
      free(key);
      return;
    }
  struct print p = {key, 1};
  fc_vec_push(&b->prints, p);
}

static void free_baseline(struct fc_baseline *b) {
  for (size_t i = 0; i < b->prints.n; i++)
    free(b->prints.v[i].key);
  fc_vec_free(&b->prints);
}

int fc_baseline_write(const char *path, const struct fc_findings *f, struct fc_tu **tus,
                      uint32_t n, const char *srcroot) {
  struct fc_baseline b = {0};
  for (size_t i = 0; i < f->v.n; i++)
    if (!f->v.v[i].suppressed)
      add_print(&b, fingerprint(&f->v.v[i], tus, n, srcroot, NULL, NULL));
  json_object *root = json_object_new_object(), *list = json_object_new_array();
  json_object_object_add(root, "version", json_object_new_int(1));
  for (size_t i = 0; i < b.prints.n; i++) {
    json_object *o = json_object_new_object();
    json_object_object_add(o, "fingerprint", json_object_new_string(b.prints.v[i].key));
    json_object_object_add(o, "count", json_object_new_int((int)b.prints.v[i].count));
    json_object_array_add(list, o);
  }
  json_object_object_add(root, "findings", list);
  free_baseline(&b);
  int flags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE;
  int rc = json_object_to_file_ext(path, root, flags);
  json_object_put(root);
  if (rc != 0)
    fprintf(stderr, "forkcheck: error: cannot write the baseline '%s': %s\n", path,
            strerror(errno));
  return rc != 0 ? -1 : 0;
}

static int bad_baseline(const char *path, const char *why) {
  fprintf(stderr, "forkcheck: error: cannot read the baseline '%s': %s\n", path, why);
  return -1;
}

static int read_baseline(const char *path, struct fc_baseline *b) {
  size_t len;
  char *text = fc_read_file(path, &len);
  if (!text)
    return bad_baseline(path, strerror(errno));
  json_object *root = json_tokener_parse(text);
  free(text);
  json_object *list = NULL, *version = NULL;
  if (!root || !json_object_object_get_ex(root, "version", &version) ||
      json_object_get_int(version) != 1 || !json_object_object_get_ex(root, "findings", &list) ||
      !json_object_is_type(list, json_type_array)) {
    json_object_put(root);
    return bad_baseline(path, "not a forkcheck baseline (version 1)");
  }
  for (size_t i = 0; i < json_object_array_length(list); i++) {
    json_object *o = json_object_array_get_idx(list, i), *fp, *count;
    if (!json_object_object_get_ex(o, "fingerprint", &fp) ||
        !json_object_object_get_ex(o, "count", &count) ||
        !json_object_is_type(fp, json_type_string) || json_object_get_int(count) < 1) {
      json_object_put(root);
      return bad_baseline(path, "an entry without a fingerprint and a count");
    }
    struct print p = {fc_xstrdup(json_object_get_string(fp)),
                      (unsigned)json_object_get_int(count)};
    fc_vec_push(&b->prints, p);
  }
  json_object_put(root);
  return 0;
}

struct match {
  struct fc_baseline *b;
  struct fc_tu **tus;
  uint32_t n;
  const char *srcroot;
  fc_source_reader *read;
  void *arg;
};

/* Keeps a finding unless the baseline still has a copy of it to use up. */
static int is_new(const struct fc_finding *f, void *arg) {
  struct match *m = arg;
  if (f->suppressed)
    return 1;
  char *key = fingerprint(f, m->tus, m->n, m->srcroot, m->read, m->arg);
  int found = 0;
  for (size_t i = 0; !found && i < m->b->prints.n; i++)
    if (m->b->prints.v[i].count > 0 && !strcmp(m->b->prints.v[i].key, key)) {
      m->b->prints.v[i].count--;
      found = 1;
    }
  free(key);
  return !found;
}

int fc_baseline_filter(const char *path, struct fc_findings *f, struct fc_tu **tus, uint32_t n,
                       const char *srcroot) {
  return fc_baseline_filter_with(path, f, tus, n, srcroot, NULL, NULL);
}

int fc_baseline_filter_with(const char *path, struct fc_findings *f, struct fc_tu **tus,
                            uint32_t n, const char *srcroot, fc_source_reader *read, void *arg) {
  struct fc_baseline b = {0};
  int rc = read_baseline(path, &b);
  if (rc == 0) {
    struct match m = {&b, tus, n, srcroot, read, arg};
    fc_findings_keep(f, is_new, &m);
  }
  free_baseline(&b);
  return rc;
}
