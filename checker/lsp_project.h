/* The language server's programs: for a file, the compile flags found as
 * clangd finds them, and the summaries of the rest of its program, parsed
 * once and kept; a change to one file re-parses only it. Used by the
 * analysis thread alone. */
#ifndef FORKCHECK_LSP_PROJECT_H
#define FORKCHECK_LSP_PROJECT_H

#include <clang-c/Index.h>
#include <time.h>

#include "cdb.h"
#include "summary.h"
#include "vec.h"

enum lsp_project_kind { LSP_CDB, LSP_FLAGS, LSP_NO_FLAGS };

struct lsp_file {
  char *canon;            /* its real path */
  struct fc_tu *tu;
  struct timespec mtime;  /* on disk, when parsed from disk */
  int from_buffer;        /* parsed from an editor's text */
};

struct lsp_project {
  char *key; /* the compile_commands.json's directory, the compile_flags.txt, or "" */
  enum lsp_project_kind kind;
  char **flags; /* LSP_FLAGS: compile_flags.txt's arguments, cleaned */
  int nflags;
  struct fc_jobs jobs;
  FC_VEC(struct lsp_file) files; /* one per job */
  int loaded;
};

struct lsp_projects {
  FC_VEC(struct lsp_project *) v;
};

/* The project of a file: from the file's directory upward, the first of
 * DIR/compile_commands.json, DIR/build/compile_commands.json and
 * DIR/compile_flags.txt; with none, a project of its own files without
 * flags. */
struct lsp_project *lsp_project_for(struct lsp_projects *ps, const char *path);
/* Parses every file of a compilation database, once, with `workers` threads. */
void lsp_project_load(struct lsp_project *p, int workers);
/* The index of `path` in the project, added (with the flags it would have)
 * when it is not there yet. */
size_t lsp_project_file(struct lsp_project *p, const char *path);
/* Re-parses file i: from `text` when given (the editor's), else from disk. */
void lsp_project_parse(struct lsp_project *p, size_t i, CXIndex index, const char *text,
                       size_t len);
/* Re-parses the files parsed from disk that changed there since; returns
 * how many. */
size_t lsp_project_refresh(struct lsp_project *p, CXIndex index);
void lsp_projects_free(struct lsp_projects *ps);

/* The real path of a file, or a copy of the path when it has none. */
char *lsp_canon(const char *path);

#endif
