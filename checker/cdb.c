#include "cdb.h"
#include "strtab.h"

#include <clang-c/CXCompilationDatabase.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *take(CXString s) {
  const char *c = clang_getCString(s);
  char *r = fc_xstrdup(c ? c : "");
  clang_disposeString(s);
  return r;
}

static int starts(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Options that take the next argument as their value and that we drop. */
static const char *const drop_with_value[] = {
    "-o", "-MF", "-MT", "-MQ", "-Xclang", "-Xlinker", "-Xassembler", "-Xpreprocessor",
    "-load", "--serialize-diagnostics", "-dependency-file", "-specs", "--specs", NULL};

/* Options (or prefixes) that we drop alone. */
static const char *const drop_prefix[] = {
    "-fplugin", "-fpass-plugin", "-load=", "-specs=", "--specs=", "-Xclang=", "-M", "-Werror",
    "-fdiagnostics-color", "-fcolor-diagnostics", "-flto", "-fprofile", "-save-temps",
    "--config", "-Wl,", "-Wa,", "-Wp,", "-B", "--gcc-toolchain", "-fsanitize", "-fcoverage",
    "-ftest-coverage", "-fcrash-diagnostics", "-fmodules-cache-path", "-fmodule-file",
    /* Limits that keep the parser's recursion within its stack. */
    "-fbracket-depth", "-ftemplate-depth", "-fconstexpr-depth", NULL};

static const char *const drop_exact[] = {"-c", "-S", "-E", "-pipe", "-v", NULL};

/* Options we keep whose value is the next argument. */
static const char *const keep_with_value[] = {
    "-I", "-D", "-U", "-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-iprefix",
    "-iwithprefix", "-isysroot", "--sysroot", "-x", "-target", "--target", "-arch", "-std",
    NULL};

static int in_list(const char *a, const char *const *list, int prefix) {
  for (int i = 0; list[i]; i++)
    if (prefix ? starts(a, list[i]) : !strcmp(a, list[i]))
      return 1;
  return 0;
}

char **fc_clean_args(const char *const *argv, int argc, const char *dir, int *n) {
  char **out = fc_xcalloc((size_t)argc + 4, sizeof *out);
  int k = 0;
  if (dir && dir[0]) {
    out[k++] = fc_xstrdup("-working-directory");
    out[k++] = fc_xstrdup(dir);
  }
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (in_list(a, drop_with_value, 0)) {
      i++;
      continue;
    }
    if (a[0] == '@' || in_list(a, drop_exact, 0) || in_list(a, drop_prefix, 1))
      continue;
    if (a[0] != '-')
      continue; /* an input (the source itself, objects): we parse only `file` */
    out[k++] = fc_xstrdup(a);
    if (in_list(a, keep_with_value, 0) && i + 1 < argc)
      out[k++] = fc_xstrdup(argv[++i]);
  }
  /* Our own: no warnings about options we do not know. */
  out[k++] = fc_xstrdup("-Wno-unknown-warning-option");
  *n = k;
  return out;
}

static void add_job(struct fc_jobs *out, const char *file, char **args, int nargs) {
  struct fc_job j = {fc_xstrdup(file), args, nargs};
  fc_vec_push(&out->v, j);
}

static void add_commands(CXCompileCommands cmds, struct fc_jobs *out) {
  unsigned n = clang_CompileCommands_getSize(cmds);
  for (unsigned i = 0; i < n; i++) {
    CXCompileCommand cmd = clang_CompileCommands_getCommand(cmds, i);
    char *dir = take(clang_CompileCommand_getDirectory(cmd));
    char *file = take(clang_CompileCommand_getFilename(cmd));
    unsigned argc = clang_CompileCommand_getNumArgs(cmd);
    char **argv = fc_xcalloc(argc + 1, sizeof *argv);
    for (unsigned a = 0; a < argc; a++)
      argv[a] = take(clang_CompileCommand_getArg(cmd, a));
    if (file[0] != '/') {
      size_t len = strlen(dir) + strlen(file) + 2;
      char *abs = fc_xmalloc(len);
      snprintf(abs, len, "%s/%s", dir, file);
      free(file);
      file = abs;
    }
    int nargs;
    /* argv[0] is the compiler: never run, never needed. */
    char **args = fc_clean_args((const char *const *)argv + (argc ? 1 : 0),
                                argc ? (int)argc - 1 : 0, dir, &nargs);
    add_job(out, file, args, nargs);
    for (unsigned a = 0; a < argc; a++)
      free(argv[a]);
    free(argv);
    free(dir);
    free(file);
  }
}

int fc_cdb_load(const char *build_dir, char **files, int nfiles, struct fc_jobs *out) {
  CXCompilationDatabase_Error err;
  CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(build_dir, &err);
  if (err != CXCompilationDatabase_NoError || !db) {
    fprintf(stderr,
            "forkcheck: error: cannot read a compilation database in '%s': expected "
            "'%s/compile_commands.json' (CMake writes it with "
            "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON)\n",
            build_dir, build_dir);
    if (db)
      clang_CompilationDatabase_dispose(db);
    return 1;
  }
  int problems = 0;
  if (nfiles == 0) {
    CXCompileCommands cmds = clang_CompilationDatabase_getAllCompileCommands(db);
    if (!cmds || clang_CompileCommands_getSize(cmds) == 0) {
      fprintf(stderr, "forkcheck: error: '%s/compile_commands.json' has no entries\n",
              build_dir);
      problems++;
    }
    if (cmds) {
      add_commands(cmds, out);
      clang_CompileCommands_dispose(cmds);
    }
  }
  /* Which files the database lists: libclang infers a command for any
   * other file from a similar entry, which we use, but say so. */
  struct fc_strtab listed;
  fc_strtab_init(&listed);
  if (nfiles > 0) {
    CXCompileCommands all = clang_CompilationDatabase_getAllCompileCommands(db);
    unsigned n = all ? clang_CompileCommands_getSize(all) : 0;
    for (unsigned i = 0; i < n; i++) {
      CXCompileCommand cmd = clang_CompileCommands_getCommand(all, i);
      char *file = take(clang_CompileCommand_getFilename(cmd));
      char abs[PATH_MAX];
      fc_strtab_intern(&listed, realpath(file, abs) ? abs : file);
      free(file);
    }
    if (all)
      clang_CompileCommands_dispose(all);
  }
  for (int i = 0; i < nfiles; i++) {
    char abs[PATH_MAX];
    const char *path = realpath(files[i], abs) ? abs : files[i];
    CXCompileCommands cmds = clang_CompilationDatabase_getCompileCommands(db, path);
    if (!cmds || clang_CompileCommands_getSize(cmds) == 0) {
      fprintf(stderr, "forkcheck: error: '%s' is not in '%s/compile_commands.json'\n", files[i],
              build_dir);
      problems++;
    } else {
      if (fc_strtab_find(&listed, path) == FC_NO_STR)
        fprintf(stderr,
                "forkcheck: warning: '%s' is not in '%s/compile_commands.json'; analysing it "
                "with the arguments of a similar entry\n",
                files[i], build_dir);
      add_commands(cmds, out);
    }
    if (cmds)
      clang_CompileCommands_dispose(cmds);
  }
  fc_strtab_free(&listed);
  clang_CompilationDatabase_dispose(db);
  return problems;
}

void fc_jobs_from_args(char **files, int nfiles, char **args, int nargs, struct fc_jobs *out) {
  for (int i = 0; i < nfiles; i++) {
    char **copy = fc_xcalloc((size_t)nargs + 1, sizeof *copy);
    for (int a = 0; a < nargs; a++)
      copy[a] = fc_xstrdup(args[a]);
    add_job(out, files[i], copy, nargs);
  }
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
