/* Inputs: compile commands from a compilation database or the command line. */
#ifndef FORKCHECK_CDB_H
#define FORKCHECK_CDB_H

#include "vec.h"

struct fc_job {
  char *file;  /* absolute when it came from a database */
  char **args; /* arguments for libclang, without the compiler and the file */
  int nargs;
};

struct fc_jobs {
  FC_VEC(struct fc_job) v;
};

/* Loads BUILD_DIR/compile_commands.json; with files, only their entries (a
 * file it does not list takes the arguments of the most similar entry). The
 * arguments pass the allow-list of args.h. Problems are printed to stderr;
 * returns the number of them. */
int fc_cdb_load(const char *build_dir, char **files, int nfiles, struct fc_jobs *out);
/* FILE... -- ARGS: the arguments through the same allow-list. */
int fc_cli_load(char **files, int nfiles, char **args, int nargs, struct fc_jobs *out);
/* compile_flags.txt's arguments (no compiler first), from directory `dir`,
 * through the same allow-list: the arguments for libclang; *n their count. */
char **fc_clean_args(const char *const *argv, int argc, const char *dir, int *n);
/* One job per file, each with the same arguments (used as given); a file
 * named twice (x.c, ./x.c) is one job. */
void fc_jobs_from_args(char **files, int nfiles, char **args, int nargs, struct fc_jobs *out);
void fc_jobs_free(struct fc_jobs *jobs);

#endif
