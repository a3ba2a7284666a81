#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <yaml.h>

#include "driver.h"
#include "strtab.h"

/* One .forkcheck as read, before merging with its parents. */
struct config_file {
  struct fc_config cfg;
  int inherit; /* InheritParentConfig */
  int bad;
};

struct fc_configs {
  char *forced;                         /* --config-file */
  struct fc_config overrides;           /* the command line's */
  struct fc_strtab files;               /* path -> files_v[id] (read once) */
  FC_VEC(struct config_file *) files_v;
  struct fc_strtab dirs;                /* directory -> its configuration */
  FC_VEC(struct fc_config *) dirs_v;    /* from the files alone */
  FC_VEC(struct fc_config *) effective; /* then the overrides */
  struct fc_config *forced_effective;
  int errors;
};

void fc_config_init(struct fc_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->profile = cfg->threads = cfg->max_chains = cfg->exit_cleanup = FC_UNSET;
}

static void free_strs(char **v, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(v[i]);
  free(v);
}

void fc_config_free(struct fc_config *cfg) {
  free_strs(cfg->checks.v, cfg->checks.n);
  free_strs(cfg->safe_functions.v, cfg->safe_functions.n);
  free_strs(cfg->fork_functions.v, cfg->fork_functions.n);
  free_strs(cfg->sources.v, cfg->sources.n);
  fc_config_init(cfg);
}

#define APPEND(dst, src)                                                      \
  for (size_t i_ = 0; i_ < (src).n; i_++)                                     \
    fc_vec_push(&(dst), fc_xstrdup((src).v[i_]))

void fc_config_merge(struct fc_config *a, const struct fc_config *b) {
  APPEND(a->checks, b->checks);
  APPEND(a->safe_functions, b->safe_functions);
  APPEND(a->fork_functions, b->fork_functions);
  APPEND(a->sources, b->sources);
  if (b->profile != FC_UNSET)
    a->profile = b->profile;
  if (b->threads != FC_UNSET)
    a->threads = b->threads;
  if (b->max_chains != FC_UNSET)
    a->max_chains = b->max_chains;
  if (b->exit_cleanup != FC_UNSET)
    a->exit_cleanup = b->exit_cleanup;
}

int fc_config_rule_on(const struct fc_config *cfg, const char *id) {
  int on = 1;
  for (size_t i = 0; i < cfg->checks.n; i++) {
    const char *g = cfg->checks.v[i];
    int neg = g[0] == '-';
    if (fnmatch(g + neg, id, 0) == 0)
      on = !neg;
  }
  return on;
}

/* ---- reading one file ---------------------------------------------------- */

struct reader {
  const char *path;
  yaml_document_t *doc;
  struct config_file *out;
};

static int fail(struct reader *r, const yaml_node_t *at, const char *fmt, const char *arg) {
  fprintf(stderr, "%s:%zu:%zu: error: ", r->path, at->start_mark.line + 1,
          at->start_mark.column + 1);
  fprintf(stderr, fmt, arg);
  fputc('\n', stderr);
  return -1;
}

static const char *scalar(const yaml_node_t *n) {
  return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int known_rule(const char *glob) {
  for (unsigned i = 0; i < fc_rule_count; i++)
    if (fnmatch(glob, fc_rules[i].id, 0) == 0)
      return 1;
  return 0;
}

/* One Checks entry: "[-]glob", rule ids with or without "forkcheck-". */
static int add_check(struct reader *r, const yaml_node_t *at, char *item) {
  char *s = item + strspn(item, " \t");
  size_t n = strlen(s);
  while (n && strchr(" \t", s[n - 1]))
    s[--n] = 0;
  if (!n)
    return 0;
  int neg = s[0] == '-';
  const char *glob = s + neg;
  if (!strncmp(glob, "forkcheck-", 10))
    glob += 10;
  if (!known_rule(glob))
    return fail(r, at, "Checks: '%s' names no rule (see forkcheck --list-rules)", s);
  char *kept = fc_xmalloc(strlen(glob) + 2);
  sprintf(kept, "%s%s", neg ? "-" : "", glob);
  fc_vec_push(&r->out->cfg.checks, kept);
  return 0;
}

/* One string of Checks. */
static int read_checks_string(struct reader *r, yaml_node_t *v) {
  if (!scalar(v))
    return fail(r, v,
                "%s takes a string of rule names, such as '-*,child-unsafe-call', or a list "
                "of such strings",
                "Checks");
  char *copy = fc_xstrdup(scalar(v)), *save = NULL;
  int rc = 0;
  for (char *tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save))
    rc = add_check(r, v, tok);
  free(copy);
  return rc;
}

/* Checks: a comma-separated string (as clang-tidy's) or a list of them,
 * not a list of lists: an alias can make a list that holds itself
 * (`Checks: &a [*a]`), which a reader that went down nested lists would
 * follow for ever. */
static int read_checks(struct reader *r, yaml_node_t *v) {
  if (v->type != YAML_SEQUENCE_NODE)
    return read_checks_string(r, v);
  for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++)
    if (read_checks_string(r, yaml_document_get_node(r->doc, *i)))
      return -1;
  return 0;
}

static int read_names(struct reader *r, yaml_node_t *v, const char *key, void *dst) {
  FC_VEC(char *) *names = dst;
  if (scalar(v) && *scalar(v)) {
    fc_vec_push(names, fc_xstrdup(scalar(v)));
    return 0;
  }
  if (v->type != YAML_SEQUENCE_NODE)
    return fail(r, v, "%s takes a list of function names", key);
  for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
    const char *name = scalar(yaml_document_get_node(r->doc, *i));
    if (!name || !*name)
      return fail(r, yaml_document_get_node(r->doc, *i), "%s takes a list of function names",
                  key);
    fc_vec_push(names, fc_xstrdup(name));
  }
  return 0;
}

/* A value from `words` (NULL-terminated); its index, or -1 after an error. */
static int read_word(struct reader *r, yaml_node_t *v, const char *key,
                     const char *const *words, const char *expect) {
  const char *s = scalar(v);
  for (int i = 0; s && words[i]; i++)
    if (!strcasecmp(s, words[i]))
      return i;
  fprintf(stderr, "%s:%zu:%zu: error: %s takes %s, not '%s'\n", r->path, v->start_mark.line + 1,
          v->start_mark.column + 1, key, expect, s ? s : "a list or mapping");
  return -1;
}

static const char *const known_keys =
    "Checks, Profile, Threads, MaxChains, ExitCleanup, SafeFunctions, ForkFunctions, "
    "InheritParentConfig";

/* A count from 0 to 1000000 (MaxChains); -1 after an error. */
static int read_count(struct reader *r, yaml_node_t *v, const char *key) {
  const char *s = scalar(v);
  char *end = NULL;
  long n = s && *s >= '0' && *s <= '9' ? strtol(s, &end, 10) : -1;
  if (n >= 0 && n <= 1000000 && end && !*end)
    return (int)n;
  fprintf(stderr, "%s:%zu:%zu: error: %s takes a number from 0 to 1000000, not '%s'\n", r->path,
          v->start_mark.line + 1, v->start_mark.column + 1, key, s ? s : "a list or mapping");
  return -1;
}

static int read_pair(struct reader *r, yaml_node_t *k, yaml_node_t *v) {
  static const char *const profiles[] = {"posix", "linux", NULL};
  static const char *const threads[] = {"auto", "yes", "no", "library", NULL};
  static const char *const exit_modes[] = {"harm", "always", NULL};
  static const char *const bools[] = {"false", "true", "no", "yes", "off", "on", NULL};
  struct fc_config *c = &r->out->cfg;
  const char *key = scalar(k);
  int i;
  if (!key)
    return fail(r, k, "%s", "a key must be a name");
  if (!strcmp(key, "Checks"))
    return read_checks(r, v);
  if (!strcmp(key, "SafeFunctions") || !strcmp(key, "ForkFunctions"))
    return read_names(r, v, key, key[0] == 'S' ? (void *)&c->safe_functions
                                               : (void *)&c->fork_functions);
  if (!strcmp(key, "Profile"))
    return (c->profile = read_word(r, v, key, profiles, "posix or linux")) < 0 ? -1 : 0;
  if (!strcmp(key, "Threads"))
    return (c->threads = read_word(r, v, key, threads, "auto, yes, no or library")) < 0 ? -1 : 0;
  if (!strcmp(key, "MaxChains"))
    return (c->max_chains = read_count(r, v, key)) < 0 ? -1 : 0;
  if (!strcmp(key, "ExitCleanup"))
    return (c->exit_cleanup = read_word(r, v, key, exit_modes, "harm or always")) < 0 ? -1 : 0;
  if (!strcmp(key, "InheritParentConfig")) {
    if ((i = read_word(r, v, key, bools, "true or false")) < 0)
      return -1;
    r->out->inherit = i % 2;
    return 0;
  }
  fprintf(stderr, "%s:%zu:%zu: error: unknown key '%s' (known: %s)\n", r->path,
          k->start_mark.line + 1, k->start_mark.column + 1, key, known_keys);
  return -1;
}

static int read_root(struct reader *r, yaml_node_t *root) {
  if (!root)
    return 0; /* an empty file: no settings */
  if (root->type != YAML_MAPPING_NODE)
    return fail(r, root, "%s", "expected a mapping of keys such as 'Checks: ...'");
  struct fc_strtab seen;
  fc_strtab_init(&seen);
  int rc = 0;
  for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
       p < root->data.mapping.pairs.top && !rc; p++) {
    yaml_node_t *k = yaml_document_get_node(r->doc, p->key);
    yaml_node_t *v = yaml_document_get_node(r->doc, p->value);
    if (scalar(k) && fc_strtab_find(&seen, scalar(k)) != FC_NO_STR)
      rc = fail(r, k, "duplicate key '%s'", scalar(k));
    else if (scalar(k))
      fc_strtab_intern(&seen, scalar(k));
    if (!rc)
      rc = read_pair(r, k, v);
  }
  fc_strtab_free(&seen);
  return rc;
}

static struct config_file *read_config(const char *path) {
  struct config_file *f = fc_xcalloc(1, sizeof *f);
  fc_config_init(&f->cfg);
  size_t size;
  char *text = fc_read_file(path, &size);
  if (!text) {
    fprintf(stderr, "%s: error: cannot read the configuration: %s\n", path, strerror(errno));
    f->bad = 1;
    return f;
  }
  yaml_parser_t parser;
  yaml_document_t doc;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, size);
  if (!yaml_parser_load(&parser, &doc)) {
    fprintf(stderr, "%s:%zu:%zu: error: not valid YAML: %s", path,
            parser.problem_mark.line + 1, parser.problem_mark.column + 1,
            parser.problem ? parser.problem : "unknown problem");
    if (parser.context)
      fprintf(stderr, " (%s at line %zu)", parser.context, parser.context_mark.line + 1);
    fputc('\n', stderr);
    f->bad = 1;
  } else {
    struct reader r = {path, &doc, f};
    f->bad = read_root(&r, yaml_document_get_root_node(&doc)) != 0;
    yaml_document_delete(&doc);
  }
  yaml_parser_delete(&parser);
  free(text);
  if (f->bad)
    fc_config_free(&f->cfg);
  else
    fc_vec_push(&f->cfg.sources, fc_xstrdup(path));
  return f;
}

/* ---- finding the files ----------------------------------------------------- */

struct fc_configs *fc_configs_new(const char *config_file, const struct fc_config *overrides) {
  struct fc_configs *c = fc_xcalloc(1, sizeof *c);
  c->forced = config_file ? fc_xstrdup(config_file) : NULL;
  fc_config_init(&c->overrides);
  if (overrides)
    fc_config_merge(&c->overrides, overrides);
  fc_strtab_init(&c->files);
  fc_strtab_init(&c->dirs);
  return c;
}

static void free_config(struct fc_config *cfg) {
  if (cfg)
    fc_config_free(cfg);
  free(cfg);
}

void fc_configs_free(struct fc_configs *c) {
  if (!c)
    return;
  for (size_t i = 0; i < c->files_v.n; i++) {
    fc_config_free(&c->files_v.v[i]->cfg);
    free(c->files_v.v[i]);
  }
  for (size_t i = 0; i < c->dirs_v.n; i++) {
    free_config(c->dirs_v.v[i]);
    free_config(c->effective.v[i]);
  }
  free_config(c->forced_effective);
  fc_vec_free(&c->files_v);
  fc_vec_free(&c->dirs_v);
  fc_vec_free(&c->effective);
  fc_strtab_free(&c->files);
  fc_strtab_free(&c->dirs);
  fc_config_free(&c->overrides);
  free(c->forced);
  free(c);
}

int fc_configs_errors(const struct fc_configs *c) { return c->errors; }

const struct fc_config *fc_configs_overrides(const struct fc_configs *c) {
  return &c->overrides;
}

static struct config_file *file_at(struct fc_configs *c, const char *path) {
  uint32_t id = fc_strtab_find(&c->files, path);
  if (id != FC_NO_STR)
    return c->files_v.v[id];
  struct config_file *f = read_config(path);
  c->errors += f->bad;
  fc_strtab_intern(&c->files, path);
  fc_vec_push(&c->files_v, f);
  return f;
}

/* "/a/b" -> "/a", "/a" -> "/", "/" -> NULL. */
static char *parent_dir(const char *dir) {
  const char *slash = strrchr(dir, '/');
  if (!slash || !strcmp(dir, "/"))
    return NULL;
  size_t n = slash == dir ? 1 : (size_t)(slash - dir);
  char *p = fc_xmalloc(n + 1);
  memcpy(p, dir, n);
  p[n] = 0;
  return p;
}

static uint32_t dir_id(struct fc_configs *c, const char *dir);

/* A new configuration: file f's settings, over those of the directories from
 * `above` upward when it says so (or when there is no file). */
static struct fc_config *resolve(struct fc_configs *c, const struct config_file *f,
                                 const char *above) {
  struct fc_config *cfg = fc_xcalloc(1, sizeof *cfg);
  fc_config_init(cfg);
  if (above && (!f || f->inherit)) {
    uint32_t up = dir_id(c, above); /* before reading dirs_v, which it may move */
    fc_config_merge(cfg, c->dirs_v.v[up]);
  }
  if (f)
    fc_config_merge(cfg, &f->cfg);
  return cfg;
}

static struct fc_config *with_overrides(const struct fc_configs *c, const struct fc_config *cfg) {
  struct fc_config *e = fc_xcalloc(1, sizeof *e);
  fc_config_init(e);
  fc_config_merge(e, cfg);
  fc_config_merge(e, &c->overrides);
  return e;
}

/* The cached configuration of an absolute directory, found upward. */
static uint32_t dir_id(struct fc_configs *c, const char *dir) {
  uint32_t id = fc_strtab_find(&c->dirs, dir);
  if (id != FC_NO_STR)
    return id;
  char *path = fc_xmalloc(strlen(dir) + sizeof FC_CONFIG_NAME + 1);
  sprintf(path, "%s/%s", strcmp(dir, "/") ? dir : "", FC_CONFIG_NAME);
  struct config_file *f = access(path, F_OK) == 0 ? file_at(c, path) : NULL;
  char *up = parent_dir(dir);
  /* A bad file is skipped: the directory has its parent's configuration. */
  struct fc_config *cfg = resolve(c, f && !f->bad ? f : NULL, up);
  free(path);
  free(up);
  id = fc_strtab_intern(&c->dirs, dir);
  fc_vec_push(&c->dirs_v, cfg);
  fc_vec_push(&c->effective, with_overrides(c, cfg));
  return id;
}

/* The forced file, with its parents from above its own directory. */
static const struct fc_config *forced(struct fc_configs *c) {
  if (!c->forced_effective) {
    struct config_file *f = file_at(c, c->forced);
    char abs[PATH_MAX];
    char *dir = realpath(c->forced, abs) ? parent_dir(abs) : NULL;
    char *up = dir ? parent_dir(dir) : NULL;
    struct fc_config *cfg = f->bad ? resolve(c, NULL, NULL) : resolve(c, f, up);
    c->forced_effective = with_overrides(c, cfg);
    free_config(cfg);
    free(dir);
    free(up);
  }
  return c->forced_effective;
}

const struct fc_config *fc_configs_for_dir(struct fc_configs *c, const char *dir) {
  if (c->forced)
    return forced(c);
  char abs[PATH_MAX];
  if (!realpath(dir, abs))
    strcpy(abs, "/"); /* a file that is gone: no directory has a say */
  uint32_t id = dir_id(c, abs);
  return c->effective.v[id];
}

const struct fc_config *fc_configs_for_file(struct fc_configs *c, const char *file) {
  const char *slash = strrchr(file, '/');
  if (!slash)
    return fc_configs_for_dir(c, ".");
  char *dir = fc_xmalloc((size_t)(slash - file) + 2);
  size_t n = slash == file ? 1 : (size_t)(slash - file);
  memcpy(dir, file, n);
  dir[n] = 0;
  const struct fc_config *cfg = fc_configs_for_dir(c, dir);
  free(dir);
  return cfg;
}

/* ---- writing ------------------------------------------------------------- */

/* A YAML quoted scalar that reads back as the value: single-quoted ('' for
 * a quote), double-quoted with escapes when it holds control characters. */
static void dump_quoted(FILE *out, const char *s) {
  const unsigned char *c;
  for (c = (const unsigned char *)s; *c && *c >= 0x20 && *c != 0x7f; c++)
    ;
  int plain = !*c;
  fputc(plain ? '\'' : '"', out);
  for (c = (const unsigned char *)s; *c; c++) {
    if (plain && *c == '\'')
      fputs("''", out);
    else if (!plain && (*c == '"' || *c == '\\'))
      fprintf(out, "\\%c", *c);
    else if (!plain && (*c < 0x20 || *c == 0x7f))
      fprintf(out, "\\x%02x", *c);
    else
      fputc(*c, out);
  }
  fputc(plain ? '\'' : '"', out);
}

static void dump_list(FILE *out, const char *key, char **v, size_t n) {
  fprintf(out, "%s:", key);
  if (!n)
    fputs(" []", out);
  for (size_t i = 0; i < n; i++) {
    fputs("\n  - ", out);
    dump_quoted(out, v[i]);
  }
  fputc('\n', out);
}

void fc_config_dump(FILE *out, const struct fc_config *cfg) {
  static const char *const profiles[] = {"posix", "linux"};
  static const char *const threads[] = {"auto", "yes", "no", "library"};
  static const char *const exit_modes[] = {"harm", "always"};
  fputs("---\n", out);
  for (size_t i = 0; i < cfg->sources.n; i++)
    fprintf(out, "# from %s\n", cfg->sources.v[i]);
  fputs("Checks: '", out);
  for (size_t i = 0; i < cfg->checks.n; i++)
    fprintf(out, "%s%s", i ? "," : "", cfg->checks.v[i]);
  fputs("'\n", out);
  fprintf(out, "Profile: %s\n", profiles[cfg->profile == FC_UNSET ? FC_PROFILE_LINUX : cfg->profile]);
  fprintf(out, "Threads: %s\n", threads[cfg->threads == FC_UNSET ? FC_THREADS_AUTO : cfg->threads]);
  fprintf(out, "MaxChains: %d\n",
          cfg->max_chains == FC_UNSET ? FC_MAX_CHAINS_DEFAULT : cfg->max_chains);
  fprintf(out, "ExitCleanup: %s\n",
          exit_modes[cfg->exit_cleanup == FC_UNSET ? FC_EXIT_CLEANUP_HARM : cfg->exit_cleanup]);
  dump_list(out, "SafeFunctions", cfg->safe_functions.v, cfg->safe_functions.n);
  dump_list(out, "ForkFunctions", cfg->fork_functions.v, cfg->fork_functions.n);
}
