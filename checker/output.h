/* The report file (-o): never one of the inputs, and written whole or not
 * at all. */
#ifndef FORKCHECK_OUTPUT_H
#define FORKCHECK_OUTPUT_H

#include <stdio.h>

#include "cdb.h"

struct fc_output {
  const char *path; /* NULL: standard output */
  char *tmp;        /* the temporary file written, renamed to path at the end;
                       NULL when path is written in place */
  FILE *f;
};

/* Whether `path` names one of the inputs (a file analysed, a summary, the
 * compile database, or one of `others`), by path or by device and inode;
 * then an error is printed. */
int fc_output_is_input(const char *path, const struct fc_jobs *jobs, const char *build_dir,
                       const char *const *others, int nothers);

/* Opens the report: a temporary file next to `path`, or standard output;
 * a `path` that exists and is not a regular file (a device, a FIFO) is
 * opened itself. NULL (with errno) when it cannot be created. */
FILE *fc_output_open(struct fc_output *o, const char *path);

/* Flushes and closes the report and renames it into place (a failure
 * leaves the old file as it was). Returns 0, or -1 after printing why. */
int fc_output_close(struct fc_output *o);

#endif
