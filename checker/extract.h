/* Per-TU extraction: parse one TU with libclang and summarise it. */
#ifndef FORKCHECK_EXTRACT_H
#define FORKCHECK_EXTRACT_H

#include <clang-c/Index.h>

#include "summary.h"

/* Parses `file` with `args` (compiler arguments without the compiler itself
 * and without the file) and returns its summary; never NULL. A TU that could
 * not be parsed comes back with FC_TU_FAILED and its errors. */
/* A libclang string, copied and disposed: every CXString goes through here. */
char *fc_cx_take(CXString s);

struct fc_tu *fc_extract(CXIndex index, const char *file, const char *const *args, int nargs);
/* The same, with the text of some files given (an editor's unsaved buffers). */
struct fc_tu *fc_extract_unsaved(CXIndex index, const char *file, const char *const *args,
                                 int nargs, struct CXUnsavedFile *unsaved, unsigned nunsaved);

#endif
