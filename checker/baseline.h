/* Baselines: report only the findings that a recorded run did not have. */
#ifndef FORKCHECK_BASELINE_H
#define FORKCHECK_BASELINE_H

#include "diag.h"
#include "summary.h"

/* Writes the unsuppressed findings' fingerprints to `path`; 0 or -1 (said). */
int fc_baseline_write(const char *path, const struct fc_findings *f, struct fc_tu **tus,
                      uint32_t n, const char *srcroot);
/* Drops the findings the baseline at `path` has; 0, or -1 when it cannot be
 * read (said, and nothing is dropped). */
int fc_baseline_filter(const char *path, struct fc_findings *f, struct fc_tu **tus, uint32_t n,
                       const char *srcroot);
/* The same, with the calls' text from `read` (an editor's buffers). */
int fc_baseline_filter_with(const char *path, struct fc_findings *f, struct fc_tu **tus,
                            uint32_t n, const char *srcroot, fc_source_reader *read, void *arg);

#endif
