/*
 * Compile commands, from compile_commands.json
 * (https://clang.llvm.org/docs/JSONCompilationDatabase.html) or the command
 * line. The database is read here with json-c, not with libclang's
 * clang_CompilationDatabase_*: that expands @response files behind our back
 * (reading any file, a FIFO forever, /dev/zero into memory) before any filter
 * sees the arguments. Every argument then passes the allow-list (args.h).
 */
#include "cdb.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "fsio.h"
#include "strtab.h"

struct entry {
  char *dir;           /* the working directory, absolute */
  char *file;          /* dir/file as written */
  char *canon;         /* the same file, canonical, for matching */
  struct fc_argv argv; /* the command as written, the compiler first */
};

struct db {
  const char *name; /* BUILD_DIR as the user gave it */
  char *dir;        /* BUILD_DIR, canonical */
  char *path;       /* dir/compile_commands.json */
  FC_VEC(struct entry) e;
  struct fc_strtab dropped, seen;
};

/* 'NAME' on stderr, escaped: names come from the input. */
static void put_quoted(const char *name) {
  fputc('\'', stderr);
  fc_put_escaped(stderr, name);
  fputc('\'', stderr);
}

static const char *string_member(json_object *o, const char *key) {
  json_object *v;
  if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
    return NULL;
  return json_object_get_string(v);
}

static const char *read_arguments(json_object *a, struct fc_argv *out) {
  if (!json_object_is_type(a, json_type_array))
    return "\"arguments\" is not an array";
  for (size_t i = 0, n = json_object_array_length(a); i < n; i++) {
    json_object *s = json_object_array_get_idx(a, i);
    if (!json_object_is_type(s, json_type_string))
      return "\"arguments\" holds something that is not a string";
    fc_argv_push(out, json_object_get_string(s));
  }
  return NULL;
}

/* One entry: what is wrong with it, or NULL. */
static const char *read_entry(const struct db *db, json_object *o, struct entry *e) {
  if (!json_object_is_type(o, json_type_object))
    return "it is not an object";
  const char *dir = string_member(o, "directory"), *file = string_member(o, "file");
  const char *command = string_member(o, "command"), *why = NULL;
  json_object *arguments;
  if (!dir || !dir[0])
    return "it has no \"directory\"";
  if (!file || !file[0])
    return "it has no \"file\"";
  if (json_object_object_get_ex(o, "arguments", &arguments))
    why = read_arguments(arguments, &e->argv);
  else if (command)
    why = fc_split_command(command, &e->argv);
  else
    why = "it has neither \"arguments\" nor \"command\"";
  if (!why && e->argv.n == 0)
    why = "its command is empty";
  if (why)
    return why;
  /* A relative directory is taken from the database's directory. */
  e->dir = fc_path_join(db->dir, dir);
  e->file = fc_path_join(e->dir, file);
  e->canon = fc_canonical_path(e->dir, file);
  return NULL;
}

static void free_entry(struct entry *e) {
  free(e->dir);
  free(e->file);
  free(e->canon);
  fc_argv_free(&e->argv);
}

static json_object *parse_json(const struct db *db, const char *text, size_t size) {
  struct json_tokener *tok = json_tokener_new();
  json_object *root = json_tokener_parse_ex(tok, text, (int)size);
  enum json_tokener_error err = json_tokener_get_error(tok);
  size_t end = json_tokener_get_parse_end(tok);
  json_tokener_free(tok);
  if (err == json_tokener_success && end < size && strspn(text + end, " \t\r\n") < size - end)
    err = json_tokener_error_parse_unexpected;
  if (err != json_tokener_success) {
    json_object_put(root);
    fprintf(stderr, "forkcheck: error: '%s' is not valid JSON: %s (near byte %zu)\n", db->path,
            json_tokener_error_desc(err == json_tokener_continue ? json_tokener_error_parse_eof
                                                                 : err),
            end);
    return NULL;
  }
  return root;
}

/* Reads the entries; returns the number of problems, or -1 when there is no
 * database to speak of. */
static int read_db(struct db *db) {
  size_t size;
  const char *why;
  char *text = fc_read_regular(db->path, FC_READ_MAX, &size, &why);
  if (!text && errno == ENOENT) {
    fprintf(stderr,
            "forkcheck: error: cannot read a compilation database in '%s': expected "
            "'%s/compile_commands.json' (CMake writes it with "
            "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON)\n",
            db->name, db->name);
    return -1;
  }
  if (!text) {
    fprintf(stderr, "forkcheck: error: cannot read '%s': %s\n", db->path, why);
    return -1;
  }
  json_object *root = parse_json(db, text, size);
  free(text);
  if (!root)
    return -1;
  if (!json_object_is_type(root, json_type_array)) {
    fprintf(stderr, "forkcheck: error: '%s' is not a JSON array of compile commands\n", db->path);
    json_object_put(root);
    return -1;
  }
  int problems = 0;
  for (size_t i = 0, n = json_object_array_length(root); i < n; i++) {
    struct entry e = {0};
    const char *bad = read_entry(db, json_object_array_get_idx(root, i), &e);
    if (bad) {
      fprintf(stderr, "forkcheck: error: '%s': entry %zu is skipped: %s\n", db->path, i + 1, bad);
      free_entry(&e);
      problems++;
    } else {
      fc_vec_push(&db->e, e);
    }
  }
  json_object_put(root);
  return problems;
}

/* The same file with the same arguments is one job (x.c and ./x.c). */
static int seen_before(struct fc_strtab *seen, const char *canon, char **args, int nargs) {
  size_t n = strlen(canon) + 2;
  for (int i = 0; i < nargs; i++)
    n += strlen(args[i]) + 1;
  char *key = fc_xmalloc(n), *p = key;
  p += sprintf(p, "%s", canon);
  for (int i = 0; i < nargs; i++)
    p += sprintf(p, "\x1f%s", args[i]);
  uint32_t before = seen->n;
  fc_strtab_intern(seen, key);
  free(key);
  return seen->n == before;
}

static void add_job(struct fc_jobs *out, struct fc_strtab *seen, const char *file,
                    const char *canon, char **args, int nargs) {
  struct fc_job j = {fc_xstrdup(file), args, nargs};
  if (seen_before(seen, canon, args, nargs)) {
    free(j.file);
    for (int i = 0; i < nargs; i++)
      free(args[i]);
    free(args);
    return;
  }
  fc_vec_push(&out->v, j);
}

/* A job for `file` with e's arguments; returns the problems (a refused
 * response file). */
static int add_entry(struct db *db, const struct entry *e, const char *file, const char *canon,
                     struct fc_jobs *out) {
  struct fc_filter f = {e->dir, db->dir, &db->dropped, NULL};
  struct fc_argv kept = {0}, args = {0};
  fc_filter_args(&f, (const char *const *)e->argv.v + 1, (int)e->argv.n - 1, &kept);
  int problems = 0;
  if (f.error) {
    fputs("forkcheck: error: ", stderr);
    put_quoted(file);
    fputs(": ", stderr);
    fc_put_escaped(stderr, f.error);
    fputc('\n', stderr);
    free(f.error);
    problems++;
  }
  fc_parser_args(e->dir, &kept, &args);
  fc_argv_free(&kept);
  add_job(out, &db->seen, file, canon, args.v, (int)args.n);
  return problems;
}

/* How many leading characters, up to a '/', two paths share. */
static size_t common_dirs(const char *a, const char *b) {
  size_t n = 0;
  for (size_t i = 0; a[i] && a[i] == b[i]; i++)
    if (a[i] == '/')
      n = i + 1;
  return n;
}

static const char *extension(const char *path) {
  const char *dot = strrchr(path, '.');
  return dot && !strchr(dot, '/') ? dot : "";
}

/* Is it a source no C parser reads: assembly (.s, .S, .sx, .asm; clang's
 * driver would assemble it, libclang parses it as C and fails), Fortran?
 * A whole database's entries for such files are not analysed. */
static int foreign_source(const char *path) {
  static const char *const exts[] = {".s", ".S", ".sx", ".asm", ".f", ".for", ".f90",
                                     ".f95", ".F", ".F90", ".F95"};
  const char *ext = extension(path);
  for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
    if (!strcmp(ext, exts[i]))
      return 1;
  return 0;
}

/* For a file the database does not list: the entry nearest to it in the
 * tree, one with the same extension first. */
static const struct entry *similar(const struct db *db, const char *canon) {
  const struct entry *best = NULL;
  size_t best_score = 0;
  for (size_t i = 0; i < db->e.n; i++) {
    const struct entry *e = &db->e.v[i];
    size_t score = 2 * common_dirs(canon, e->canon) + 1 +
                   !strcmp(extension(canon), extension(e->canon));
    if (score > best_score) {
      best = e;
      best_score = score;
    }
  }
  return best;
}

static int add_file(struct db *db, const char *file, struct fc_jobs *out) {
  char *canon = fc_canonical_path(NULL, file);
  int problems = 0, found = 0;
  for (size_t i = 0; i < db->e.n; i++)
    if (!strcmp(db->e.v[i].canon, canon)) {
      problems += add_entry(db, &db->e.v[i], db->e.v[i].file, canon, out);
      found = 1;
    }
  const struct entry *near = found ? NULL : similar(db, canon);
  if (!found && near) {
    fputs("forkcheck: warning: ", stderr);
    put_quoted(file);
    fprintf(stderr, " is not in '%s/compile_commands.json'; analysing it with the arguments "
            "of a similar entry\n", db->name);
    problems += add_entry(db, near, canon, canon, out);
  } else if (!found) {
    fputs("forkcheck: error: ", stderr);
    put_quoted(file);
    fprintf(stderr, " is not in '%s/compile_commands.json'\n", db->name);
    problems++;
  }
  free(canon);
  return problems;
}

int fc_cdb_load(const char *build_dir, char **files, int nfiles, struct fc_jobs *out) {
  struct db db = {build_dir, fc_canonical_path(NULL, build_dir), NULL, {0}, {0}, {0}};
  db.path = fc_path_join(db.dir, "compile_commands.json");
  fc_strtab_init(&db.dropped);
  fc_strtab_init(&db.seen);
  int problems = read_db(&db);
  if (problems < 0) {
    problems = 1;
  } else if (nfiles == 0) {
    if (db.e.n == 0 && problems == 0) {
      fprintf(stderr, "forkcheck: error: '%s/compile_commands.json' has no entries\n", build_dir);
      problems++;
    }
    size_t foreign = 0, first = 0;
    for (size_t i = 0; i < db.e.n; i++) {
      if (foreign_source(db.e.v[i].canon)) {
        first = foreign++ ? first : i;
        continue;
      }
      problems += add_entry(&db, &db.e.v[i], db.e.v[i].file, db.e.v[i].canon, out);
    }
    if (foreign) {
      fputs("forkcheck: note: not analysed, not C or C++: ", stderr);
      put_quoted(db.e.v[first].file);
      if (foreign > 1)
        fprintf(stderr, " and %zu more entries (assembly, Fortran)", foreign - 1);
      fputc('\n', stderr);
    }
  } else {
    for (int i = 0; i < nfiles; i++)
      problems += add_file(&db, files[i], out);
  }
  fc_report_dropped(&db.dropped);
  for (size_t i = 0; i < db.e.n; i++)
    free_entry(&db.e.v[i]);
  fc_vec_free(&db.e);
  fc_strtab_free(&db.dropped);
  fc_strtab_free(&db.seen);
  free(db.dir);
  free(db.path);
  return problems;
}

int fc_cli_load(char **files, int nfiles, char **args, int nargs, struct fc_jobs *out) {
  struct fc_strtab dropped;
  fc_strtab_init(&dropped);
  struct fc_filter f = {NULL, NULL, &dropped, NULL};
  struct fc_argv kept = {0}, parser = {0};
  fc_filter_args(&f, (const char *const *)args, nargs, &kept);
  int problems = 0;
  if (f.error) {
    fprintf(stderr, "forkcheck: error: ");
    fc_put_escaped(stderr, f.error);
    fputc('\n', stderr);
    free(f.error);
    problems++;
  }
  fc_parser_args(NULL, &kept, &parser);
  fc_jobs_from_args(files, nfiles, parser.v, (int)parser.n, out);
  fc_report_dropped(&dropped);
  fc_argv_free(&kept);
  fc_argv_free(&parser);
  fc_strtab_free(&dropped);
  return problems;
}

char **fc_clean_args(const char *const *argv, int argc, const char *dir, int *n) {
  struct fc_filter f = {dir, dir, NULL, NULL};
  struct fc_argv kept = {0}, parser = {0};
  fc_filter_args(&f, argv, argc, &kept);
  if (f.error) {
    fputs("forkcheck: error: ", stderr);
    fc_put_escaped(stderr, f.error);
    fputc('\n', stderr);
    free(f.error);
  }
  fc_parser_args(dir, &kept, &parser);
  fc_argv_free(&kept);
  *n = (int)parser.n;
  return parser.v;
}

void fc_jobs_from_args(char **files, int nfiles, char **args, int nargs, struct fc_jobs *out) {
  struct fc_strtab seen;
  fc_strtab_init(&seen);
  for (int i = 0; i < nfiles; i++) {
    char **copy = fc_xcalloc((size_t)nargs + 1, sizeof *copy);
    for (int a = 0; a < nargs; a++)
      copy[a] = fc_xstrdup(args[a]);
    char *canon = fc_canonical_path(NULL, files[i]);
    add_job(out, &seen, files[i], canon, copy, nargs);
    free(canon);
  }
  fc_strtab_free(&seen);
}

void fc_jobs_free(struct fc_jobs *jobs) {
  for (size_t i = 0; i < jobs->v.n; i++) {
    for (int a = 0; a < jobs->v.v[i].nargs; a++)
      free(jobs->v.v[i].args[a]);
    free(jobs->v.v[i].args);
    free(jobs->v.v[i].file);
  }
  fc_vec_free(&jobs->v);
}
