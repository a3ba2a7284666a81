/* NOLINT comments: which findings the source says to leave out. */
#ifndef FORKCHECK_SUPPRESS_H
#define FORKCHECK_SUPPRESS_H

#include "diag.h"

/* Marks each finding that a NOLINT comment at its primary location
 * suppresses (findings sorted by file); returns how many. */
size_t fc_findings_suppress(struct fc_findings *f);

#endif
