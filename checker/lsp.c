/* The language server. The reading thread answers requests and keeps the
 * open documents; one analysis thread parses what changed, links it with the
 * rest of its program and publishes the diagnostics. */
#include "lsp.h"

#include <fcntl.h>
#include <json-c/json.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lsp_project.h"
#include "lsp_rpc.h"
#include "baseline.h"
#include "fixit.h"
#include "suppress.h"

struct doc {
  char *uri, *path;
  char *text;
  size_t len;
  long version;
  int open;  /* 0: closed; its summary is to be read from disk again */
  int dirty; /* changed since the analysis last took it */
};

/* What the analysis takes of a document. */
struct snapshot {
  char *uri, *path, *text;
  size_t len;
  long version;
  int open;
};

struct server {
  struct lsp_conn conn;
  const struct fc_options *opts;
  int utf8; /* positions count UTF-8 bytes, else UTF-16 units */
  int initialized, shutdown;
  pthread_mutex_t lock; /* docs, stop, busy */
  pthread_cond_t wake;
  FC_VEC(struct doc *) docs;
  int stop, busy;
  char *warm; /* a file at the workspace root whose project to parse at once */
  struct lsp_projects projects; /* the analysis thread's alone */
};

static void log_message(struct server *s, int type, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* To the client's log (window/logMessage); errors and warnings (type 1, 2)
 * to standard error too, which editors show as errors. */
static void log_message(struct server *s, int type, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (type <= 2)
    fprintf(stderr, "forkcheck: %s\n", msg);
  json_object *p = json_object_new_object();
  json_object_object_add(p, "type", json_object_new_int(type));
  json_object_object_add(p, "message", json_object_new_string(msg));
  lsp_notify(&s->conn, "window/logMessage", p);
}

/* ---- documents (under s->lock) ----------------------------------------------- */

static struct doc *find_doc(struct server *s, const char *uri) {
  for (size_t i = 0; i < s->docs.n; i++)
    if (!strcmp(s->docs.v[i]->uri, uri))
      return s->docs.v[i];
  return NULL;
}

static void free_doc(struct doc *d) {
  free(d->uri);
  free(d->path);
  free(d->text);
  free(d);
}

static void set_text(struct doc *d, const char *text, size_t len) {
  free(d->text);
  d->text = fc_xmalloc(len + 1);
  memcpy(d->text, text, len);
  d->text[len] = 0;
  d->len = len;
}

/* Replaces [from, to) of the text with `with`. */
static void splice(struct doc *d, size_t from, size_t to, const char *with, size_t n) {
  if (to < from)
    to = from;
  size_t len = d->len - (to - from) + n;
  char *t = fc_xmalloc(len + 1);
  memcpy(t, d->text, from);
  memcpy(t + from, with, n);
  memcpy(t + from + n, d->text + to, d->len - to);
  t[len] = 0;
  free(d->text);
  d->text = t;
  d->len = len;
}

static void changed(struct server *s, struct doc *d) {
  d->dirty = 1;
  pthread_cond_signal(&s->wake);
}

/* ---- diagnostics --------------------------------------------------------------- */

/* The text of the files findings point into: the document's, or from disk. */
struct sources {
  const struct snapshot *doc;
  char *doc_canon;
  char *path, *text; /* the last file read from disk */
  size_t len;
};

static const char *source_of(struct sources *src, const char *file, size_t *len) {
  char *canon = lsp_canon(file);
  int is_doc = !strcmp(canon, src->doc_canon);
  free(canon);
  if (is_doc) {
    *len = src->doc->len;
    return src->doc->text;
  }
  if (!src->path || strcmp(src->path, file) != 0) {
    free(src->path);
    free(src->text);
    src->path = fc_xstrdup(file);
    src->text = fc_read_file(file, &src->len);
  }
  *len = src->len;
  return src->text ? src->text : "";
}

static int ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static json_object *position(unsigned line, unsigned character) {
  json_object *p = json_object_new_object();
  json_object_object_add(p, "line", json_object_new_int(line ? (int)line - 1 : 0));
  json_object_object_add(p, "character", json_object_new_int((int)character));
  return p;
}

/* From the location to the end of the name there (the callee of a call). */
static json_object *range_at(struct server *s, struct sources *src, const char *file,
                             unsigned line, unsigned col) {
  size_t len, line_len;
  const char *text = source_of(src, file, &len);
  const char *l = lsp_line(text, len, line, &line_len);
  unsigned end = col;
  while (l && end - 1 < line_len && ident_char(l[end - 1]))
    end++;
  if (l && end == col && col - 1 < line_len)
    end++;
  json_object *r = json_object_new_object();
  json_object_object_add(r, "start", position(line, lsp_character(text, len, line, col, s->utf8)));
  json_object_object_add(r, "end", position(line, lsp_character(text, len, line, end, s->utf8)));
  return r;
}

static json_object *location(struct server *s, struct sources *src, const struct fc_note *n) {
  json_object *loc = json_object_new_object();
  char *uri = lsp_path_to_uri(n->file);
  json_object_object_add(loc, "uri", json_object_new_string(uri));
  free(uri);
  json_object_object_add(loc, "range", range_at(s, src, n->file, n->line, n->col));
  return loc;
}

static json_object *edit_of(struct server *s, struct sources *src, const struct fc_fixit *x) {
  size_t len;
  const char *text = source_of(src, x->file, &len);
  json_object *r = json_object_new_object(), *e = json_object_new_object();
  json_object_object_add(
      r, "start", position(x->line, lsp_character(text, len, x->line, x->col, s->utf8)));
  json_object_object_add(
      r, "end", position(x->end_line, lsp_character(text, len, x->end_line, x->end_col, s->utf8)));
  json_object_object_add(e, "range", r);
  json_object_object_add(e, "newText", json_object_new_string(x->text));
  return e;
}

/* The finding's fix-its as the edits of a code action, kept in the
 * diagnostic's `data` (the client sends it back with codeAction); none when
 * they reach outside the document. */
static json_object *fix_data(struct server *s, struct sources *src, const struct fc_finding *f) {
  char title[512] = "Fix:";
  size_t used = strlen(title);
  json_object *edits = json_object_new_array();
  for (size_t i = 0; i < f->fixits.n; i++) {
    const struct fc_fixit *x = &f->fixits.v[i];
    char *canon = lsp_canon(x->file);
    int here = !strcmp(canon, src->doc_canon);
    free(canon);
    if (!here) {
      json_object_put(edits);
      return NULL;
    }
    json_object_array_add(edits, edit_of(s, src, x));
    int n = x->include ? snprintf(title + used, sizeof title - used, "%s add %.*s", i ? "," : "",
                                  (int)strcspn(x->text, "\n"), x->text)
                       : snprintf(title + used, sizeof title - used, "%s replace '%s' with '%s'",
                                  i ? "," : "", x->old, x->text);
    used = n > 0 && used + (size_t)n < sizeof title ? used + (size_t)n : used;
  }
  json_object *fix = json_object_new_object(), *data = json_object_new_object();
  json_object_object_add(fix, "title", json_object_new_string(title));
  json_object_object_add(fix, "edits", edits);
  json_object_object_add(data, "fix", fix);
  return data;
}

static json_object *diagnostic(struct server *s, struct sources *src, const struct fc_finding *f) {
  json_object *d = json_object_new_object(), *href = json_object_new_object();
  json_object_object_add(d, "range", range_at(s, src, f->file, f->line, f->col));
  json_object_object_add(d, "severity", json_object_new_int(!strcmp(f->severity, "error") ? 1 : 2));
  json_object_object_add(d, "code", json_object_new_string(f->rule));
  char url[512];
  snprintf(url, sizeof url, "%s%s.md", FORKCHECK_DOCS_URL, f->rule);
  json_object_object_add(href, "href", json_object_new_string(url));
  json_object_object_add(d, "codeDescription", href);
  json_object_object_add(d, "source", json_object_new_string("forkcheck"));
  json_object_object_add(d, "message", json_object_new_string(f->msg));
  json_object *related = json_object_new_array();
  for (size_t i = 0; i < f->notes.n; i++) {
    json_object *r = json_object_new_object();
    json_object_object_add(r, "location", location(s, src, &f->notes.v[i]));
    json_object_object_add(r, "message", json_object_new_string(f->notes.v[i].msg));
    json_object_array_add(related, r);
  }
  json_object_object_add(d, "relatedInformation", related);
  json_object *data = f->fixits.n ? fix_data(s, src, f) : NULL;
  if (data)
    json_object_object_add(d, "data", data);
  return d;
}

static void publish(struct server *s, const struct snapshot *doc, const struct fc_findings *found,
                    char **canon) {
  struct sources src = {doc, lsp_canon(doc->path), NULL, NULL, 0};
  json_object *list = json_object_new_array();
  for (size_t i = 0; i < found->v.n; i++)
    if (!strcmp(canon[i], src.doc_canon))
      json_object_array_add(list, diagnostic(s, &src, &found->v.v[i]));
  json_object *p = json_object_new_object();
  json_object_object_add(p, "uri", json_object_new_string(doc->uri));
  if (doc->version >= 0)
    json_object_object_add(p, "version", json_object_new_int64(doc->version));
  json_object_object_add(p, "diagnostics", list);
  lsp_notify(&s->conn, "textDocument/publishDiagnostics", p);
  free(src.doc_canon);
  free(src.path);
  free(src.text);
}

static void clear_diagnostics(struct server *s, const char *uri) {
  json_object *p = json_object_new_object();
  json_object_object_add(p, "uri", json_object_new_string(uri));
  json_object_object_add(p, "diagnostics", json_object_new_array());
  lsp_notify(&s->conn, "textDocument/publishDiagnostics", p);
}

/* ---- the analysis thread --------------------------------------------------------- */

static void free_snapshots(struct snapshot *v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(v[i].uri);
    free(v[i].path);
    free(v[i].text);
  }
  free(v);
}

static struct snapshot snap(const struct doc *d) {
  struct snapshot x = {fc_xstrdup(d->uri), fc_xstrdup(d->path), NULL, d->len, d->version, d->open};
  x.text = fc_xmalloc(d->len + 1);
  memcpy(x.text, d->text, d->len + 1);
  return x;
}

/* Takes the changed documents (under s->lock); a closed one is forgotten. */
static size_t take_changed(struct server *s, struct snapshot **out) {
  FC_VEC(struct snapshot) v = {0};
  size_t w = 0;
  for (size_t i = 0; i < s->docs.n; i++) {
    struct doc *d = s->docs.v[i];
    if (d->dirty)
      fc_vec_push(&v, snap(d));
    d->dirty = 0;
    if (d->open)
      s->docs.v[w++] = d;
    else
      free_doc(d);
  }
  s->docs.n = w;
  *out = v.v;
  return v.n;
}

/* The open documents whose analysis is current (under s->lock). */
static size_t take_current(struct server *s, struct snapshot **out) {
  FC_VEC(struct snapshot) v = {0};
  for (size_t i = 0; i < s->docs.n; i++)
    if (s->docs.v[i]->open && !s->docs.v[i]->dirty)
      fc_vec_push(&v, snap(s->docs.v[i]));
  *out = v.v;
  return v.n;
}

struct open_docs {
  struct snapshot *v;
  size_t n;
};

/* A NOLINT comment is read from the editor's text of an open document. */
static char *read_source(const char *path, size_t *len, void *arg) {
  const struct open_docs *docs = arg;
  char *canon = lsp_canon(path);
  const struct snapshot *d = NULL;
  for (size_t i = 0; i < docs->n && !d; i++) {
    char *c = lsp_canon(docs->v[i].path);
    if (!strcmp(c, canon))
      d = &docs->v[i];
    free(c);
  }
  free(canon);
  if (!d)
    return fc_read_file(path, len);
  *len = d->len;
  char *copy = fc_xmalloc(d->len + 1);
  memcpy(copy, d->text, d->len + 1);
  return copy;
}

static int unsuppressed(const struct fc_finding *f, void *arg) {
  return !f->suppressed;
}

/* The findings in the project, without those NOLINT suppresses. */
static void find(struct server *s, struct lsp_project *p, struct open_docs *docs,
                 struct fc_findings *found) {
  struct fc_tu **tus = fc_xcalloc(p->files.n + 1, sizeof *tus);
  for (size_t i = 0; i < p->files.n; i++)
    tus[i] = p->files.v[i].tu;
  struct fc_config cli;
  fc_options_config(s->opts, &cli);
  struct fc_configs *cfgs = fc_configs_new(s->opts->config_file, &cli);
  fc_config_free(&cli);
  fc_analyse(tus, (uint32_t)p->files.n, cfgs, found);
  fc_configs_free(cfgs);
  fc_findings_suppress_with(found, read_source, docs);
  fc_findings_keep(found, unsuppressed, NULL);
  if (s->opts->baseline) {
    char *root = fc_sarif_srcroot(s->opts->srcroot);
    if (fc_baseline_filter_with(s->opts->baseline, found, tus, (uint32_t)p->files.n, root,
                                read_source, docs) != 0)
      log_message(s, 1, "cannot read the baseline '%s'", s->opts->baseline);
    free(root);
  }
  free(tus);
  fc_fixits_resolve_with(found, read_source, docs);
}

/* Links the project, runs the rules and publishes for its open documents. */
static void analyse(struct server *s, struct lsp_project *p) {
  struct open_docs docs;
  pthread_mutex_lock(&s->lock);
  docs.n = take_current(s, &docs.v);
  pthread_mutex_unlock(&s->lock);
  struct fc_findings found = {0};
  find(s, p, &docs, &found);
  char **canon = fc_xcalloc(found.v.n + 1, sizeof *canon);
  for (size_t i = 0; i < found.v.n; i++)
    canon[i] = lsp_canon(found.v.v[i].file);
  for (size_t i = 0; i < docs.n; i++)
    if (lsp_project_for(&s->projects, docs.v[i].path) == p)
      publish(s, &docs.v[i], &found, canon);
  free_snapshots(docs.v, docs.n);
  for (size_t i = 0; i < found.v.n; i++)
    free(canon[i]);
  free(canon);
  fc_findings_free(&found);
}

static void report_errors(struct server *s, const struct fc_tu *tu) {
  for (size_t i = 0; i < tu->errors.n; i++)
    log_message(s, strstr(tu->errors.v[i], ": note: ") ? 3 : 2, "%s", tu->errors.v[i]);
}

static void load(struct server *s, struct lsp_project *p) {
  if (p->loaded)
    return;
  lsp_project_load(p, s->opts->jobs);
  log_message(s, 4, "parsed the %zu files of %s/compile_commands.json", p->files.n, p->key);
}

/* Parses each changed document into its project; `touched` gets the projects. */
static void parse_changed(struct server *s, CXIndex index, struct snapshot *w, size_t n,
                          struct lsp_projects *touched) {
  for (size_t k = 0; k < n; k++) {
    struct lsp_project *p = lsp_project_for(&s->projects, w[k].path);
    load(s, p);
    size_t i = lsp_project_file(p, w[k].path);
    lsp_project_parse(p, i, index, w[k].open ? w[k].text : NULL, w[k].len);
    log_message(s, 4, "parsed %s%s", w[k].path, w[k].open ? "" : " from disk");
    report_errors(s, p->files.v[i].tu);
    size_t t = 0;
    while (t < touched->v.n && touched->v.v[t] != p)
      t++;
    if (t == touched->v.n)
      fc_vec_push(&touched->v, p);
  }
}

static void *analysis(void *arg) {
  struct server *s = arg;
  CXIndex index = clang_createIndex(0, 0);
  for (;;) {
    struct snapshot *work = NULL;
    size_t n = 0;
    pthread_mutex_lock(&s->lock);
    s->busy = 0;
    while (!s->stop && !s->warm && (n = take_changed(s, &work)) == 0) {
      free(work);
      pthread_cond_wait(&s->wake, &s->lock);
    }
    int stop = s->stop;
    char *warm = s->warm;
    s->warm = NULL;
    s->busy = !stop;
    pthread_mutex_unlock(&s->lock);
    if (stop) {
      free(warm);
      free_snapshots(work, n);
      break;
    }
    if (warm) {
      load(s, lsp_project_for(&s->projects, warm));
      free(warm);
      continue;
    }
    struct lsp_projects touched = {0};
    parse_changed(s, index, work, n, &touched);
    for (size_t t = 0; t < touched.v.n; t++) {
      size_t n_disk = lsp_project_refresh(touched.v.v[t], index);
      if (n_disk)
        log_message(s, 4, "parsed %zu file%s changed on disk", n_disk, n_disk > 1 ? "s" : "");
      analyse(s, touched.v.v[t]);
    }
    fc_vec_free(&touched.v);
    free_snapshots(work, n);
  }
  clang_disposeIndex(index);
  return NULL;
}

/* ---- requests and notifications ---------------------------------------------- */

/* A handler returns the result (NULL: null), or sets *code and *error. */
typedef json_object *handler_fn(struct server *s, json_object *params, int *code,
                                const char **error);

static json_object *invalid(int *code, const char **error, const char *why) {
  *code = LSP_INVALID_PARAMS;
  *error = why;
  return NULL;
}

static json_object *str_array(const char *const *v, size_t n) {
  json_object *a = json_object_new_array();
  for (size_t i = 0; i < n; i++)
    json_object_array_add(a, json_object_new_string(v[i]));
  return a;
}

/* A compilation database at the workspace root (not above it): its files
 * are parsed now, before any is opened. */
static void warm_start(struct server *s, json_object *params) {
  const char *root_uri = lsp_get_str(params, "rootUri");
  char *root = root_uri ? lsp_uri_to_path(root_uri) : NULL, *warm = NULL;
  static const char *const dbs[] = {"/compile_commands.json", "/build/compile_commands.json"};
  for (int i = 0; root && i < 2; i++) {
    char *db = fc_xmalloc(strlen(root) + strlen(dbs[i]) + 1);
    sprintf(db, "%s%s", root, dbs[i]);
    struct stat st;
    if (!warm && stat(db, &st) == 0 && S_ISREG(st.st_mode))
      warm = db; /* a file beside the database: its project is the database's */
    else
      free(db);
  }
  free(root);
  pthread_mutex_lock(&s->lock);
  s->warm = warm;
  pthread_cond_signal(&s->wake);
  pthread_mutex_unlock(&s->lock);
}

static json_object *on_initialize(struct server *s, json_object *params, int *code,
                                  const char **error) {
  if (s->initialized) {
    *code = LSP_INVALID_REQUEST;
    *error = "initialize was already received";
    return NULL;
  }
  s->initialized = 1;
  warm_start(s, params);
  json_object *enc = lsp_get(params, "capabilities.general.positionEncodings", json_type_array);
  for (size_t i = 0; enc && i < json_object_array_length(enc); i++) {
    const char *e = json_object_get_string(json_object_array_get_idx(enc, i));
    s->utf8 |= e && !strcmp(e, "utf-8");
  }
  static const char *const kinds[] = {"quickfix"};
  json_object *sync = json_object_new_object(), *save = json_object_new_object();
  json_object_object_add(sync, "openClose", json_object_new_boolean(1));
  json_object_object_add(sync, "change", json_object_new_int(2)); /* incremental */
  json_object_object_add(save, "includeText", json_object_new_boolean(0));
  json_object_object_add(sync, "save", save);
  json_object *actions = json_object_new_object();
  json_object_object_add(actions, "codeActionKinds", str_array(kinds, 1));
  json_object *caps = json_object_new_object();
  json_object_object_add(caps, "positionEncoding", json_object_new_string(s->utf8 ? "utf-8" : "utf-16"));
  json_object_object_add(caps, "textDocumentSync", sync);
  json_object_object_add(caps, "codeActionProvider", actions);
  json_object *info = json_object_new_object();
  json_object_object_add(info, "name", json_object_new_string("forkcheck"));
  json_object_object_add(info, "version", json_object_new_string(FORKCHECK_VERSION));
  json_object *result = json_object_new_object();
  json_object_object_add(result, "capabilities", caps);
  json_object_object_add(result, "serverInfo", info);
  return result;
}

static json_object *on_shutdown(struct server *s, json_object *params, int *code,
                                const char **error) {
  s->shutdown = 1;
  return NULL;
}

static json_object *on_did_open(struct server *s, json_object *params, int *code,
                                const char **error) {
  const char *uri = lsp_get_str(params, "textDocument.uri");
  json_object *text = lsp_get(params, "textDocument.text", json_type_string);
  char *path = uri ? lsp_uri_to_path(uri) : NULL;
  if (!path || !text) {
    free(path);
    return invalid(code, error, "didOpen needs textDocument.uri (a file: URI) and .text");
  }
  pthread_mutex_lock(&s->lock);
  struct doc *d = find_doc(s, uri);
  if (!d) {
    d = fc_xcalloc(1, sizeof *d);
    d->uri = fc_xstrdup(uri);
    d->path = path;
    fc_vec_push(&s->docs, d);
  } else {
    free(path);
  }
  set_text(d, json_object_get_string(text), (size_t)json_object_get_string_len(text));
  d->version = lsp_get_uint(params, "textDocument.version");
  d->open = 1;
  changed(s, d);
  pthread_mutex_unlock(&s->lock);
  return NULL;
}

/* One content change: a range and its new text, or the whole text. */
static int apply_change(struct server *s, struct doc *d, json_object *c) {
  json_object *text = lsp_get(c, "text", json_type_string);
  if (!text)
    return -1;
  const char *t = json_object_get_string(text);
  size_t n = (size_t)json_object_get_string_len(text);
  if (!lsp_get(c, "range", json_type_object)) {
    set_text(d, t, n);
    return 0;
  }
  long l0 = lsp_get_uint(c, "range.start.line"), c0 = lsp_get_uint(c, "range.start.character");
  long l1 = lsp_get_uint(c, "range.end.line"), c1 = lsp_get_uint(c, "range.end.character");
  if (l0 < 0 || c0 < 0 || l1 < 0 || c1 < 0)
    return -1;
  splice(d, lsp_offset(d->text, d->len, l0, c0, s->utf8),
         lsp_offset(d->text, d->len, l1, c1, s->utf8), t, n);
  return 0;
}

static json_object *on_did_change(struct server *s, json_object *params, int *code,
                                  const char **error) {
  const char *uri = lsp_get_str(params, "textDocument.uri");
  json_object *changes = lsp_get(params, "contentChanges", json_type_array);
  if (!uri || !changes)
    return invalid(code, error, "didChange needs textDocument.uri and contentChanges");
  pthread_mutex_lock(&s->lock);
  struct doc *d = find_doc(s, uri);
  int bad = !d || !d->open;
  for (size_t i = 0; !bad && i < json_object_array_length(changes); i++)
    bad = apply_change(s, d, json_object_array_get_idx(changes, i)) != 0;
  if (d && d->open) {
    d->version = lsp_get_uint(params, "textDocument.version");
    changed(s, d);
  }
  pthread_mutex_unlock(&s->lock);
  return bad ? invalid(code, error, !d ? "didChange for a document that is not open"
                                       : "didChange with a change that has no text or a bad range")
             : NULL;
}

static json_object *on_did_save(struct server *s, json_object *params, int *code,
                                const char **error) {
  const char *uri = lsp_get_str(params, "textDocument.uri");
  pthread_mutex_lock(&s->lock);
  struct doc *d = uri ? find_doc(s, uri) : NULL;
  if (d && d->open)
    changed(s, d); /* what it includes or its configuration may have changed on disk */
  pthread_mutex_unlock(&s->lock);
  return d ? NULL : invalid(code, error, "didSave for a document that is not open");
}

static json_object *on_did_close(struct server *s, json_object *params, int *code,
                                 const char **error) {
  const char *uri = lsp_get_str(params, "textDocument.uri");
  pthread_mutex_lock(&s->lock);
  struct doc *d = uri ? find_doc(s, uri) : NULL;
  if (d) {
    d->open = 0; /* the analysis reads it from disk again, then forgets it */
    changed(s, d);
  }
  pthread_mutex_unlock(&s->lock);
  if (!d)
    return invalid(code, error, "didClose for a document that is not open");
  clear_diagnostics(s, uri);
  return NULL;
}

static json_object *text_edit(long line, long character, const char *text) {
  json_object *r = json_object_new_object(), *e = json_object_new_object();
  json_object *start = json_object_new_object();
  json_object_object_add(start, "line", json_object_new_int64(line));
  json_object_object_add(start, "character", json_object_new_int64(character));
  json_object_object_add(r, "start", start);
  json_object_object_add(r, "end", json_object_get(start));
  json_object_object_add(e, "range", r);
  json_object_object_add(e, "newText", json_object_new_string(text));
  return e;
}

static json_object *quickfix(const char *title, const char *uri, json_object *edits,
                             json_object *diag) {
  json_object *changes = json_object_new_object(), *we = json_object_new_object();
  json_object_object_add(changes, uri, edits);
  json_object_object_add(we, "changes", changes);
  json_object *diags = json_object_new_array(), *a = json_object_new_object();
  json_object_array_add(diags, json_object_get(diag));
  json_object_object_add(a, "title", json_object_new_string(title));
  json_object_object_add(a, "kind", json_object_new_string("quickfix"));
  json_object_object_add(a, "diagnostics", diags);
  json_object_object_add(a, "edit", we);
  return a;
}

/* The fix-it kept in the diagnostic's data, as the preferred action. */
static json_object *fix_action(const char *uri, json_object *diag) {
  const char *title = lsp_get_str(diag, "data.fix.title");
  json_object *edits = lsp_get(diag, "data.fix.edits", json_type_array);
  if (!title || !edits)
    return NULL;
  json_object *a = quickfix(title, uri, json_object_get(edits), diag);
  json_object_object_add(a, "isPreferred", json_object_new_boolean(1));
  return a;
}

static int has_line_comment(const char *l, size_t len) {
  for (size_t i = 0; i + 1 < len; i++)
    if (l[i] == '/' && l[i + 1] == '/')
      return 1;
  return 0;
}

/* "Suppress with NOLINT": a NOLINT comment at the end of the finding's line,
 * or a NOLINTNEXTLINE line above it when the line has a comment already. */
static json_object *nolint_action(struct server *s, const char *uri, const struct doc *d,
                                  json_object *diag) {
  const char *rule = lsp_get_str(diag, "code");
  long line = lsp_get_uint(diag, "range.start.line");
  size_t len;
  const char *l = line < 0 ? NULL : lsp_line(d->text, d->len, (unsigned)line + 1, &len);
  if (!rule || !l)
    return NULL;
  char text[512], title[256];
  json_object *edit;
  if (has_line_comment(l, len)) {
    int indent = (int)strspn(l, " \t");
    snprintf(text, sizeof text, "%.*s// NOLINTNEXTLINE(forkcheck-%s)\n", indent, l, rule);
    edit = text_edit(line, 0, text);
  } else {
    snprintf(text, sizeof text, "  // NOLINT(forkcheck-%s)", rule);
    edit = text_edit(line, lsp_character(d->text, d->len, (unsigned)line + 1, (unsigned)len + 1,
                                         s->utf8), text);
  }
  snprintf(title, sizeof title, "Suppress forkcheck-%s on this line (NOLINT)", rule);
  json_object *edits = json_object_new_array();
  json_object_array_add(edits, edit);
  return quickfix(title, uri, edits, diag);
}

static json_object *on_code_action(struct server *s, json_object *params, int *code,
                                   const char **error) {
  const char *uri = lsp_get_str(params, "textDocument.uri");
  json_object *diags = lsp_get(params, "context.diagnostics", json_type_array);
  if (!uri || !diags)
    return invalid(code, error, "codeAction needs textDocument.uri and context.diagnostics");
  json_object *actions = json_object_new_array();
  pthread_mutex_lock(&s->lock);
  struct doc *d = find_doc(s, uri);
  for (size_t i = 0; d && d->open && i < json_object_array_length(diags); i++) {
    json_object *diag = json_object_array_get_idx(diags, i);
    const char *source = lsp_get_str(diag, "source");
    if (!source || strcmp(source, "forkcheck") != 0)
      continue;
    json_object *fix = fix_action(uri, diag), *nolint = nolint_action(s, uri, d, diag);
    if (fix)
      json_object_array_add(actions, fix);
    if (nolint)
      json_object_array_add(actions, nolint);
  }
  pthread_mutex_unlock(&s->lock);
  return actions;
}

static const struct method {
  const char *name;
  handler_fn *fn;
} methods[] = {
    {"initialize", on_initialize},
    {"shutdown", on_shutdown},
    {"textDocument/didOpen", on_did_open},
    {"textDocument/didChange", on_did_change},
    {"textDocument/didSave", on_did_save},
    {"textDocument/didClose", on_did_close},
    {"textDocument/codeAction", on_code_action},
};

static json_object *parse_json(const char *body, size_t len) {
  json_tokener *tok = json_tokener_new();
  json_object *msg = json_tokener_parse_ex(tok, body, (int)len);
  size_t end = json_tokener_get_parse_end(tok);
  int ok = msg && json_tokener_get_error(tok) == json_tokener_success &&
           strspn(body + end, " \t\r\n") == len - end;
  json_tokener_free(tok);
  if (!ok)
    json_object_put(msg);
  return ok ? msg : NULL;
}

/* Runs a method; notifications get no answer, only a log line on error. */
static void call(struct server *s, const struct method *m, json_object *msg, json_object *id,
                 int request) {
  json_object *params = NULL;
  json_object_object_get_ex(msg, "params", &params);
  int code = 0;
  const char *error = NULL;
  json_object *result = m->fn(s, params, &code, &error);
  if (request && code)
    lsp_reply_error(&s->conn, id, code, error);
  else if (request)
    lsp_reply(&s->conn, id, result);
  else if (code)
    log_message(s, 1, "%s", error);
  if (!request)
    json_object_put(result);
}

/* Handles one message; returns 1 on `exit`. */
static int dispatch(struct server *s, const char *body, size_t len) {
  json_object *msg = lsp_is_utf8(body, len) ? parse_json(body, len) : NULL, *id = NULL;
  if (!msg) {
    lsp_reply_error(&s->conn, NULL, LSP_PARSE_ERROR, "the message is not JSON in UTF-8");
    return 0;
  }
  int is_object = json_object_is_type(msg, json_type_object);
  int request = is_object && json_object_object_get_ex(msg, "id", &id);
  int good_id = !id || json_object_is_type(id, json_type_int) ||
                json_object_is_type(id, json_type_string);
  const char *method = lsp_get_str(msg, "method");
  int quit = method && !strcmp(method, "exit");
  const struct method *m = NULL;
  for (size_t i = 0; method && i < sizeof methods / sizeof methods[0]; i++)
    if (!strcmp(methods[i].name, method))
      m = &methods[i];
  int response = !method && (json_object_object_get_ex(msg, "result", NULL) ||
                             json_object_object_get_ex(msg, "error", NULL));
  if (!is_object || !good_id || (!method && !response))
    lsp_reply_error(&s->conn, good_id ? id : NULL, LSP_INVALID_REQUEST,
                    "not a JSON-RPC request or notification (an object with a method)");
  else if (response || quit)
    ; /* an answer to nothing we asked, or the end */
  else if (!s->initialized && m != &methods[0]) {
    if (request)
      lsp_reply_error(&s->conn, id, LSP_SERVER_NOT_INITIALIZED, "the server is not initialized");
  } else if (s->shutdown && request)
    lsp_reply_error(&s->conn, id, LSP_INVALID_REQUEST, "the server is shut down");
  else if (m)
    call(s, m, msg, id, request);
  else if (request)
    lsp_reply_error(&s->conn, id, LSP_METHOD_NOT_FOUND, "no such method");
  json_object_put(msg);
  return quit;
}

static void server_free(struct server *s) {
  for (size_t i = 0; i < s->docs.n; i++)
    free_doc(s->docs.v[i]);
  fc_vec_free(&s->docs);
  lsp_projects_free(&s->projects);
  free(s->warm);
  pthread_mutex_destroy(&s->lock);
  pthread_cond_destroy(&s->wake);
  pthread_mutex_destroy(&s->conn.out_lock);
  close(s->conn.out_fd);
  free(s);
}

int fc_lsp_serve(const struct fc_options *o) {
  struct server *s = fc_xcalloc(1, sizeof *s);
  s->opts = o;
  s->conn.in = stdin;
  /* The protocol has standard output to itself: anything else printed goes
   * to standard error, the client's log. */
  s->conn.out_fd = fcntl(1, F_DUPFD_CLOEXEC, 3);
  dup2(2, 1);
  signal(SIGPIPE, SIG_IGN);
  pthread_mutex_init(&s->conn.out_lock, NULL);
  pthread_mutex_init(&s->lock, NULL);
  pthread_cond_init(&s->wake, NULL);
  pthread_t worker;
  if (pthread_create(&worker, NULL, analysis, s) != 0) {
    fputs("forkcheck: error: cannot start the analysis thread\n", stderr);
    server_free(s);
    return 2;
  }
  int status = 1, r;
  char *body;
  size_t len;
  const char *error;
  while ((r = lsp_read(&s->conn, &body, &len, &error)) != 0) {
    int quit = r > 0 && dispatch(s, body, len);
    if (r < 0)
      lsp_reply_error(&s->conn, NULL, LSP_PARSE_ERROR, error);
    free(body);
    if (quit) {
      status = s->shutdown ? 0 : 1;
      break;
    }
  }
  pthread_mutex_lock(&s->lock);
  s->stop = 1;
  int busy = s->busy;
  pthread_cond_signal(&s->wake);
  pthread_mutex_unlock(&s->lock);
  if (busy)
    _exit(status); /* inside libclang: nothing of ours is left to write */
  pthread_join(worker, NULL);
  server_free(s);
  return status;
}
