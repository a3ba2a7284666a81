/* NOLINT comments: which findings the source says to leave out. */
#ifndef FORKCHECK_SUPPRESS_H
#define FORKCHECK_SUPPRESS_H

#include "diag.h"

/* Marks each finding that a NOLINT comment at its primary location
 * suppresses (findings sorted by file); returns how many. */
size_t fc_findings_suppress(struct fc_findings *f);
/* The same, with the files' text from `read` (an editor's buffers). */
size_t fc_findings_suppress_with(struct fc_findings *f, fc_source_reader *read, void *arg);

#endif
