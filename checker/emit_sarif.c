/*
 * SARIF 2.1.0, as GitHub code scanning reads it: one run, the rules with
 * their pages, each result with its fork-to-call path as a code flow and its
 * notes as related locations, URIs relative to %SRCROOT%.
 */
#include "diag.h"

#include <ctype.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"
#include "linehash.h"
#include "ruledocs.h"

#define SRCROOT "%SRCROOT%"

const char *fc_rule_doc(const char *id) {
  for (unsigned i = 0; i < fc_rule_doc_count; i++)
    if (!strcmp(fc_rule_docs[i].id, id))
      return fc_rule_docs[i].markdown;
  return NULL;
}

static json_object *str(const char *s) { return json_object_new_string(s); }

static void add(json_object *o, const char *key, json_object *v) {
  json_object_object_add(o, key, v);
}

struct buf {
  FC_VEC(char) s;
};

static json_object *text_message(const char *s) {
  json_object *m = json_object_new_object();
  add(m, "text", str(s));
  return m;
}

/* Plain text to go into a SARIF message: '[', ']' and '\' escaped, since
 * brackets would start an embedded link. */
static void append_escaped(struct buf *b, const char *s) {
  for (; *s; s++) {
    if (*s == '[' || *s == ']' || *s == '\\')
      fc_vec_push(&b->s, '\\');
    fc_vec_push(&b->s, *s);
  }
}

static void append(struct buf *b, const char *s) {
  for (; *s; s++)
    fc_vec_push(&b->s, *s);
}

/* A message is a sentence: it ends with a period. */
static void end_sentence(struct buf *b) {
  if (b->s.n == 0 || b->s.v[b->s.n - 1] != '.')
    fc_vec_push(&b->s, '.');
}

static char *sentence(const char *s) {
  struct buf b = {0};
  append_escaped(&b, s);
  end_sentence(&b);
  fc_vec_push(&b.s, '\0');
  return b.s.v;
}

static json_object *sentence_message(const char *s) {
  char *t = sentence(s);
  json_object *m = text_message(t);
  free(t);
  return m;
}

/* RFC 3986 path: unreserved characters and '/' as they are, the rest
 * percent-encoded. */
static char *uri_path(const char *path) {
  struct buf b = {0};
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if (isalnum(*p) || strchr("-._~/", *p)) {
      fc_vec_push(&b.s, (char)*p);
    } else {
      char hex[4];
      snprintf(hex, sizeof hex, "%%%02X", *p);
      append(&b, hex);
    }
  }
  fc_vec_push(&b.s, '\0');
  return b.s.v;
}

char *fc_absolute_path(const char *path) {
  char buf[PATH_MAX];
  if (realpath(path, buf))
    return fc_xstrdup(buf);
  if (path[0] == '/' || !getcwd(buf, sizeof buf))
    return fc_xstrdup(path);
  size_t n = strlen(buf) + strlen(path) + 2;
  char *s = fc_xmalloc(n);
  snprintf(s, n, "%s/%s", buf, path);
  return s;
}

static int is_dir(const char *dir, const char *name) {
  size_t n = strlen(dir) + strlen(name) + 2;
  char *p = fc_xmalloc(n);
  snprintf(p, n, "%s/%s", dir, name);
  int yes = access(p, F_OK) == 0;
  free(p);
  return yes;
}

char *fc_sarif_srcroot(const char *dir) {
  char *root = NULL;
  if (dir) {
    root = fc_absolute_path(dir);
  } else {
    char *cwd = fc_absolute_path(".");
    /* The repository root: the nearest directory upward with .git. */
    for (char *end = cwd + strlen(cwd); !root && end >= cwd;) {
      *end = '\0';
      if (is_dir(*cwd ? cwd : "/", ".git"))
        root = fc_xstrdup(*cwd ? cwd : "/");
      char *slash = strrchr(cwd, '/');
      if (!slash)
        break;
      end = slash;
    }
    free(cwd);
    if (!root)
      root = fc_absolute_path(".");
  }
  size_t n = strlen(root);
  if (n && root[n - 1] == '/')
    return root;
  root = fc_xrealloc(root, n + 2);
  root[n] = '/';
  root[n + 1] = '\0';
  return root;
}

/* Under %SRCROOT%, relative to it; elsewhere an absolute file: URI. */
static json_object *artifact(const struct fc_run_report *run, const char *file) {
  json_object *a = json_object_new_object();
  char *abs = fc_absolute_path(file);
  size_t n = strlen(run->srcroot);
  int under = strncmp(abs, run->srcroot, n) == 0;
  char *path = uri_path(under ? abs + n : abs);
  if (under) {
    add(a, "uri", str(path));
    add(a, "uriBaseId", str(SRCROOT));
  } else {
    size_t m = strlen(path) + 8;
    char *uri = fc_xmalloc(m);
    snprintf(uri, m, "file://%s", path);
    add(a, "uri", str(uri));
    free(uri);
  }
  free(path);
  free(abs);
  return a;
}

static json_object *location(const struct fc_run_report *run, const char *file, unsigned line,
                             unsigned col) {
  json_object *loc = json_object_new_object(), *phys = json_object_new_object();
  add(phys, "artifactLocation", artifact(run, file));
  if (line > 0) {
    json_object *region = json_object_new_object();
    add(region, "startLine", json_object_new_int((int)line));
    if (col > 0)
      add(region, "startColumn", json_object_new_int((int)col));
    add(phys, "region", region);
  }
  add(loc, "physicalLocation", phys);
  return loc;
}

static json_object *note_location(const struct fc_run_report *run, const struct fc_note *n) {
  json_object *loc = location(run, n->file, n->line, n->col);
  add(loc, "message", sentence_message(n->msg));
  return loc;
}

/* "ChildUnsafeCall" for "child-unsafe-call". */
static char *rule_name(const char *id) {
  char *s = fc_xmalloc(strlen(id) + 1), *w = s;
  for (int up = 1; *id; id++) {
    if (*id == '-') {
      up = 1;
      continue;
    }
    *w++ = up ? (char)toupper((unsigned char)*id) : *id;
    up = 0;
  }
  *w = '\0';
  return s;
}

/* The page's first paragraph after its title, on one line. */
static char *first_paragraph(const char *md) {
  const char *p = strstr(md, "\n\n");
  FC_VEC(char) b = {0};
  for (p = p ? p + 2 : md; *p && !(p[0] == '\n' && p[1] == '\n'); p++)
    fc_vec_push(&b, *p == '\n' ? ' ' : *p);
  fc_vec_push(&b, '\0');
  return b.v;
}

static json_object *rule(unsigned i) {
  const char *id = fc_rules[i].id, *md = fc_rule_doc(id);
  json_object *r = json_object_new_object();
  add(r, "id", str(id));
  char *name = rule_name(id);
  add(r, "name", str(name));
  free(name);
  add(r, "shortDescription", sentence_message(fc_rules[i].summary));
  char *full = md ? first_paragraph(md) : fc_xstrdup(fc_rules[i].summary);
  add(r, "fullDescription", sentence_message(full));
  free(full);
  if (md) {
    json_object *help = text_message(md);
    add(help, "markdown", str(md));
    add(r, "help", help);
  }
  size_t n = strlen(FORKCHECK_DOCS_URL) + strlen(id) + 4;
  char *uri = fc_xmalloc(n);
  snprintf(uri, n, "%s%s.md", FORKCHECK_DOCS_URL, id);
  add(r, "helpUri", str(uri));
  free(uri);
  json_object *conf = json_object_new_object();
  add(conf, "level", str("warning"));
  add(r, "defaultConfiguration", conf);
  return r;
}

static json_object *tool(void) {
  json_object *driver = json_object_new_object();
  add(driver, "name", str("forkcheck"));
  add(driver, "version", str(FORKCHECK_VERSION));
  add(driver, "semanticVersion", str(FORKCHECK_VERSION));
  add(driver, "informationUri", str(FORKCHECK_HOMEPAGE));
  json_object *rules = json_object_new_array();
  for (unsigned i = 0; i < fc_rule_count; i++)
    json_object_array_add(rules, rule(i));
  add(driver, "rules", rules);
  json_object *t = json_object_new_object();
  add(t, "driver", driver);
  return t;
}

static int rule_index(const char *id) {
  for (unsigned i = 0; i < fc_rule_count; i++)
    if (!strcmp(fc_rules[i].id, id))
      return (int)i;
  return -1;
}

static int same_place(const struct fc_finding *x, const struct fc_note *n) {
  return n->line == x->line && n->col == x->col && !strcmp(n->file, x->file);
}

/* The message, then a link to each note at another place that is not a hop
 * of the call chain (those are in the code flow): "[text](id)". */
static json_object *result_message(const struct fc_finding *x) {
  struct buf b = {0};
  append_escaped(&b, x->msg);
  end_sentence(&b);
  for (size_t i = 0; i < x->notes.n; i++) {
    const struct fc_note *n = &x->notes.v[i];
    if (n->role == FC_NOTE_STEP || same_place(x, n))
      continue;
    char id[32];
    snprintf(id, sizeof id, "](%zu)", i + 1);
    append(&b, " [");
    append_escaped(&b, n->msg);
    append(&b, id);
    end_sentence(&b);
  }
  fc_vec_push(&b.s, '\0');
  json_object *m = text_message(b.s.v);
  free(b.s.v);
  return m;
}

static json_object *related(const struct fc_run_report *run, const struct fc_finding *x) {
  json_object *list = json_object_new_array();
  for (size_t i = 0; i < x->notes.n; i++) {
    json_object *loc = note_location(run, &x->notes.v[i]);
    add(loc, "id", json_object_new_int((int)i + 1));
    json_object_array_add(list, loc);
  }
  return list;
}

static void flow_step(json_object *steps, json_object *loc) {
  json_object *s = json_object_new_object();
  add(s, "location", loc);
  json_object_array_add(steps, s);
}

/* One thread flow: the fork site, the finding's call, then each hop of
 * chain `chain` down to the unsafe call; NULL when it has neither a fork
 * site nor hops. */
static json_object *code_flow(const struct fc_run_report *run, const struct fc_finding *x,
                              unsigned chain) {
  json_object *steps = json_object_new_array();
  int has_path = 0;
  for (size_t i = 0; i < x->notes.n; i++)
    if (x->notes.v[i].role == FC_NOTE_ORIGIN) {
      flow_step(steps, note_location(run, &x->notes.v[i]));
      has_path = 1;
    }
  json_object *primary = location(run, x->file, x->line, x->col);
  add(primary, "message", sentence_message(x->msg));
  flow_step(steps, primary);
  for (size_t i = 0; i < x->notes.n; i++)
    if (x->notes.v[i].role == FC_NOTE_STEP && x->notes.v[i].chain == chain) {
      flow_step(steps, note_location(run, &x->notes.v[i]));
      has_path = 1;
    }
  if (!has_path) {
    json_object_put(steps);
    return NULL;
  }
  json_object *thread = json_object_new_object(), *threads = json_object_new_array();
  add(thread, "locations", steps);
  json_object_array_add(threads, thread);
  json_object *flow = json_object_new_object();
  add(flow, "threadFlows", threads);
  return flow;
}

/* A code flow per chain of calls (one when the finding has none). */
static json_object *code_flows(const struct fc_run_report *run, const struct fc_finding *x) {
  unsigned chains = 1;
  for (size_t i = 0; i < x->notes.n; i++)
    if (x->notes.v[i].role == FC_NOTE_STEP && x->notes.v[i].chain + 1 > chains)
      chains = x->notes.v[i].chain + 1;
  json_object *flows = NULL;
  for (unsigned c = 0; c < chains; c++) {
    json_object *flow = code_flow(run, x, c);
    if (!flow)
      continue;
    if (!flows)
      flows = json_object_new_array();
    json_object_array_add(flows, flow);
  }
  return flows;
}

/* The hash of the finding's line, as GitHub's upload action computes it. */
struct hashed_file {
  char *path;
  char **hashes;
  unsigned n;
};

static const char *line_hash(struct hashed_file *h, const char *path, unsigned line) {
  if (!h->path || strcmp(h->path, path) != 0) {
    fc_line_hashes_free(h->hashes, h->n);
    free(h->path);
    h->path = fc_xstrdup(path);
    h->hashes = NULL;
    h->n = 0;
    size_t len;
    char *text = fc_read_file(path, &len);
    if (text)
      h->hashes = fc_line_hashes(text, len, &h->n);
    free(text);
  }
  return line >= 1 && line <= h->n ? h->hashes[line - 1] : NULL;
}

static json_object *replacement(const struct fc_fixit *fx) {
  json_object *region = json_object_new_object();
  add(region, "startLine", json_object_new_int((int)fx->line));
  add(region, "startColumn", json_object_new_int((int)fx->col));
  add(region, "endLine", json_object_new_int((int)fx->end_line));
  add(region, "endColumn", json_object_new_int((int)fx->end_col));
  json_object *r = json_object_new_object(), *content = json_object_new_object();
  add(r, "deletedRegion", region);
  add(content, "text", str(fx->text));
  add(r, "insertedContent", content);
  return r;
}

/* One fix: the changes to each file, in the order the fix-its name them. */
static json_object *fixes(const struct fc_run_report *run, const struct fc_finding *x) {
  json_object *changes = json_object_new_array();
  for (size_t i = 0; i < x->fixits.n; i++) {
    const char *file = x->fixits.v[i].file;
    size_t first = 0;
    while (strcmp(x->fixits.v[first].file, file) != 0)
      first++;
    if (first < i)
      continue;
    json_object *change = json_object_new_object(), *list = json_object_new_array();
    add(change, "artifactLocation", artifact(run, file));
    for (size_t k = i; k < x->fixits.n; k++)
      if (!strcmp(x->fixits.v[k].file, file))
        json_object_array_add(list, replacement(&x->fixits.v[k]));
    add(change, "replacements", list);
    json_object_array_add(changes, change);
  }
  json_object *fix = json_object_new_object();
  add(fix, "description", text_message("Apply forkcheck's fix-it."));
  add(fix, "artifactChanges", changes);
  json_object *list = json_object_new_array();
  json_object_array_add(list, fix);
  return list;
}

static json_object *result(const struct fc_run_report *run, const struct fc_finding *x,
                           struct hashed_file *h) {
  json_object *r = json_object_new_object();
  add(r, "ruleId", str(x->rule));
  add(r, "ruleIndex", json_object_new_int(rule_index(x->rule)));
  add(r, "level", str(x->severity));
  add(r, "message", result_message(x));
  json_object *locs = json_object_new_array();
  json_object_array_add(locs, location(run, x->file, x->line, x->col));
  add(r, "locations", locs);
  const char *hash = line_hash(h, x->file, x->line);
  if (hash) {
    json_object *fp = json_object_new_object();
    add(fp, "primaryLocationLineHash", str(hash));
    add(r, "partialFingerprints", fp);
  }
  json_object *flows = code_flows(run, x);
  if (flows)
    add(r, "codeFlows", flows);
  if (x->notes.n)
    add(r, "relatedLocations", related(run, x));
  if (x->fixits.n)
    add(r, "fixes", fixes(run, x));
  if (x->suppressed) {
    json_object *s = json_object_new_object(), *list = json_object_new_array();
    add(s, "kind", str("inSource"));
    json_object_array_add(list, s);
    add(r, "suppressions", list);
  }
  return r;
}

static json_object *invocation(const struct fc_run_report *run) {
  json_object *inv = json_object_new_object();
  add(inv, "executionSuccessful", json_object_new_boolean(run->errors.n == 0));
  if (run->errors.n || run->notes.n) {
    json_object *list = json_object_new_array();
    for (size_t i = 0; i < run->errors.n + run->notes.n; i++) {
      int error = i < run->errors.n;
      json_object *n = json_object_new_object();
      add(n, "level", str(error ? "error" : "note"));
      add(n, "message",
          sentence_message(error ? run->errors.v[i] : run->notes.v[i - run->errors.n]));
      json_object_array_add(list, n);
    }
    add(inv, "toolExecutionNotifications", list);
  }
  json_object *list = json_object_new_array();
  json_object_array_add(list, inv);
  return list;
}

int fc_emit_sarif(FILE *out, const struct fc_findings *f, const struct fc_run_report *run) {
  json_object *root = json_object_new_object();
  add(root, "$schema", str("https://json.schemastore.org/sarif-2.1.0.json"));
  add(root, "version", str("2.1.0"));
  json_object *r = json_object_new_object();
  add(r, "tool", tool());
  add(r, "invocations", invocation(run));
  json_object *base = json_object_new_object(), *root_uri = json_object_new_object();
  char *uri = uri_path(run->srcroot);
  size_t n = strlen(uri) + 8;
  char *file_uri = fc_xmalloc(n);
  snprintf(file_uri, n, "file://%s", uri);
  add(root_uri, "uri", str(file_uri));
  add(base, SRCROOT, root_uri);
  free(file_uri);
  free(uri);
  add(r, "originalUriBaseIds", base);
  json_object *results = json_object_new_array();
  struct hashed_file h = {0};
  for (size_t i = 0; i < f->v.n; i++)
    json_object_array_add(results, result(run, &f->v.v[i], &h));
  fc_line_hashes_free(h.hashes, h.n);
  free(h.path);
  add(r, "results", results);
  add(r, "columnKind", str("utf16CodeUnits"));
  json_object *runs = json_object_new_array();
  json_object_array_add(runs, r);
  add(root, "runs", runs);
  int flags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE;
  int ok = fputs(json_object_to_json_string_ext(root, flags), out) >= 0 && fputc('\n', out) != EOF;
  json_object_put(root);
  return ok ? 0 : -1;
}
