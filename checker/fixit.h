/* Fix-its: checked against the source, shown by the emitters, applied by --fix. */
#ifndef FORKCHECK_FIXIT_H
#define FORKCHECK_FIXIT_H

#include "diag.h"

/* Checks each finding's fix-its against its file as it is now: a
 * replacement whose old text is not there drops the finding's fix-its, an
 * #include the file has already is dropped, one it lacks is placed after
 * the last #include above the finding. Records each file's hash. */
void fc_fixits_resolve(struct fc_findings *f);
/* The same, against the text `read` gives (an editor's buffers). */
void fc_fixits_resolve_with(struct fc_findings *f, fc_source_reader *read, void *arg);

/* Files as they were when the analysis began: path and content hash. */
struct fc_file_state {
  char *path;
  uint64_t hash;
};
struct fc_file_states {
  FC_VEC(struct fc_file_state) v;
};
/* Records the content of `path` now (nothing when it cannot be read). */
void fc_file_states_add(struct fc_file_states *s, const char *path);
void fc_file_states_free(struct fc_file_states *s);

/* Applies the fix-its of the unsuppressed findings, each file through a
 * temporary file renamed over it, keeping its mode; a file that changed
 * since fc_fixits_resolve, or since `before` recorded it, is left alone.
 * 0, or -1 when a file was not fixed (said on stderr). */
int fc_fixits_apply(const struct fc_findings *f, const struct fc_file_states *before);

#endif
