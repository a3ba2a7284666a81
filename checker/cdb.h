/* Inputs: compile commands from a compilation database or the command line. */
#ifndef FORKCHECK_CDB_H
#define FORKCHECK_CDB_H

#include "vec.h"

struct fc_job {
  char *file;  /* absolute when it came from a database */
  char **args; /* compiler arguments, without the compiler and the file */
  int nargs;
};

struct fc_jobs {
  FC_VEC(struct fc_job) v;
};

/* Loads BUILD_DIR/compile_commands.json through libclang; with files, only
 * their entries. Problems are printed to stderr; returns the number of them. */
int fc_cdb_load(const char *build_dir, char **files, int nfiles, struct fc_jobs *out);
/* One job per file, each with the same arguments (used as given). */
void fc_jobs_from_args(char **files, int nfiles, char **args, int nargs, struct fc_jobs *out);
void fc_jobs_free(struct fc_jobs *jobs);

/* Argument hygiene: keeps what shapes parsing (defines, include paths,
 * language and target options) and drops what would load or run code
 * (plugins, -Xclang passthrough, response files) or write files. Exposed for
 * tests. Returns the kept arguments; *n is their count. */
char **fc_clean_args(const char *const *argv, int argc, const char *dir, int *n);

#endif
