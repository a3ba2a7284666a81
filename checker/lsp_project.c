#include "lsp_project.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "driver.h"
#include "extract.h"

char *lsp_canon(const char *path) {
  char abs[PATH_MAX];
  return fc_xstrdup(realpath(path, abs) ? abs : path);
}

static int is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static char *join(const char *dir, const char *name) {
  size_t n = strlen(dir) + strlen(name) + 2;
  char *p = fc_xmalloc(n);
  snprintf(p, n, "%s/%s", strcmp(dir, "/") ? dir : "", name);
  return p;
}

/* "/a/b" -> "/a", "/a" -> "/"; 0 at "/" (or a relative name's top). */
static int to_parent(char *dir) {
  char *slash = strrchr(dir, '/');
  if (!slash || !strcmp(dir, "/"))
    return 0;
  slash[slash == dir] = 0;
  return 1;
}

/* Sets *key and returns the kind of the first flags source upward of dir. */
static enum lsp_project_kind find_flags(const char *dir, char **key) {
  static const char *const dbs[] = {"", "/build"};
  char *d = fc_xstrdup(dir);
  enum lsp_project_kind kind = LSP_NO_FLAGS;
  *key = NULL;
  do {
    for (int i = 0; i < 2 && !*key; i++) {
      char *db_dir = fc_xmalloc(strlen(d) + 8);
      sprintf(db_dir, "%s%s", strcmp(d, "/") || !i ? d : "", dbs[i]);
      char *db = join(db_dir, "compile_commands.json");
      if (is_file(db)) {
        *key = fc_xstrdup(db_dir);
        kind = LSP_CDB;
      }
      free(db);
      free(db_dir);
    }
    char *flags = join(d, "compile_flags.txt");
    if (!*key && is_file(flags)) {
      *key = fc_xstrdup(flags);
      kind = LSP_FLAGS;
    }
    free(flags);
  } while (!*key && to_parent(d));
  free(d);
  if (!*key)
    *key = fc_xstrdup("");
  return kind;
}

/* compile_flags.txt: one argument a line, kept as a database's would be. */
static void read_flags(struct lsp_project *p) {
  size_t size;
  char *text = fc_read_file(p->key, &size);
  FC_VEC(const char *) args = {0};
  for (char *save = NULL, *l = text ? strtok_r(text, "\n", &save) : NULL; l;
       l = strtok_r(NULL, "\n", &save)) {
    size_t n = strlen(l);
    if (n && l[n - 1] == '\r')
      l[n - 1] = 0;
    if (l[0])
      fc_vec_push(&args, l);
  }
  char *dir = fc_xstrdup(p->key);
  *strrchr(dir, '/') = 0;
  p->flags = fc_clean_args(args.v, (int)args.n, dir[0] ? dir : "/", &p->nflags);
  free(dir);
  fc_vec_free(&args);
  free(text);
}

struct lsp_project *lsp_project_for(struct lsp_projects *ps, const char *path) {
  char *dir = lsp_canon(path), *key;
  enum lsp_project_kind kind = find_flags(to_parent(dir) ? dir : ".", &key);
  free(dir);
  for (size_t i = 0; i < ps->v.n; i++)
    if (!strcmp(ps->v.v[i]->key, key)) {
      free(key);
      return ps->v.v[i];
    }
  struct lsp_project *p = fc_xcalloc(1, sizeof *p);
  p->key = key;
  p->kind = kind;
  if (kind == LSP_FLAGS)
    read_flags(p);
  p->loaded = kind != LSP_CDB;
  fc_vec_push(&ps->v, p);
  return p;
}

static void set_mtime(struct lsp_file *f, const char *path) {
  struct stat st;
  memset(&f->mtime, 0, sizeof f->mtime);
  if (stat(path, &st) == 0)
    f->mtime = st.st_mtim;
}

static void add_file(struct lsp_project *p, const struct fc_job *j, struct fc_tu *tu) {
  struct lsp_file f = {lsp_canon(j->file), tu, {0, 0}, 0};
  set_mtime(&f, j->file);
  fc_vec_push(&p->files, f);
}

void lsp_project_load(struct lsp_project *p, int workers) {
  if (p->loaded)
    return;
  p->loaded = 1;
  struct fc_jobs jobs = {0};
  fc_cdb_load(p->key, NULL, 0, &jobs);
  struct fc_tu **tus = fc_extract_jobs(&jobs, workers);
  for (size_t i = 0; i < jobs.v.n; i++) {
    fc_vec_push(&p->jobs.v, jobs.v.v[i]);
    add_file(p, &jobs.v.v[i], tus[i]);
  }
  fc_vec_free(&jobs.v); /* the jobs themselves moved */
  free(tus);
}

static char **copy_args(char **args, int n) {
  char **out = fc_xcalloc((size_t)n + 1, sizeof *out);
  for (int i = 0; i < n; i++)
    out[i] = fc_xstrdup(args[i]);
  return out;
}

/* A job for a file the project does not list, with the flags it would have. */
static void add_job(struct lsp_project *p, const char *path) {
  struct fc_jobs found = {0};
  char *file = fc_xstrdup(path);
  if (p->kind == LSP_CDB)
    fc_cdb_load(p->key, &file, 1, &found);
  struct fc_job j = {file, NULL, 0};
  if (found.v.n) {
    j.args = copy_args(found.v.v[0].args, found.v.v[0].nargs);
    j.nargs = found.v.v[0].nargs;
  } else if (p->kind == LSP_FLAGS) {
    j.args = copy_args(p->flags, p->nflags);
    j.nargs = p->nflags;
  } else {
    j.args = copy_args(NULL, 0);
  }
  fc_jobs_free(&found);
  fc_vec_push(&p->jobs.v, j);
  add_file(p, &j, fc_tu_new(path));
}

size_t lsp_project_file(struct lsp_project *p, const char *path) {
  char *canon = lsp_canon(path);
  size_t i = 0;
  while (i < p->files.n && strcmp(p->files.v[i].canon, canon) != 0)
    i++;
  free(canon);
  if (i == p->files.n)
    add_job(p, path);
  return i;
}

void lsp_project_parse(struct lsp_project *p, size_t i, CXIndex index, const char *text,
                       size_t len) {
  const struct fc_job *j = &p->jobs.v.v[i];
  struct lsp_file *f = &p->files.v[i];
  struct CXUnsavedFile unsaved = {j->file, text, (unsigned long)len};
  fc_tu_free(f->tu);
  f->tu = fc_extract_unsaved(index, j->file, (const char *const *)j->args, j->nargs,
                             text ? &unsaved : NULL, text ? 1 : 0);
  f->from_buffer = text != NULL;
  set_mtime(f, j->file);
}

size_t lsp_project_refresh(struct lsp_project *p, CXIndex index) {
  size_t n = 0;
  for (size_t i = 0; i < p->files.n; i++) {
    struct lsp_file *f = &p->files.v[i];
    struct stat st;
    if (f->from_buffer || stat(p->jobs.v.v[i].file, &st) != 0)
      continue;
    if (st.st_mtim.tv_sec != f->mtime.tv_sec || st.st_mtim.tv_nsec != f->mtime.tv_nsec) {
      lsp_project_parse(p, i, index, NULL, 0);
      n++;
    }
  }
  return n;
}

void lsp_projects_free(struct lsp_projects *ps) {
  for (size_t i = 0; i < ps->v.n; i++) {
    struct lsp_project *p = ps->v.v[i];
    for (size_t k = 0; k < p->files.n; k++) {
      fc_tu_free(p->files.v[k].tu);
      free(p->files.v[k].canon);
    }
    fc_vec_free(&p->files);
    fc_jobs_free(&p->jobs);
    for (int k = 0; k < p->nflags; k++)
      free(p->flags[k]);
    free(p->flags);
    free(p->key);
    free(p);
  }
  fc_vec_free(&ps->v);
}
