/* The summary cache: a TU's summary stored under a hash of everything that
 * determines it, so that a run parses only what changed. */
#ifndef FORKCHECK_CACHE_H
#define FORKCHECK_CACHE_H

#include "cdb.h"
#include "driver.h"
#include "summary.h"

/* The first bytes of a cache entry (DIR/<key>.fcc). */
#define FC_CACHE_MAGIC "FCCACHE1\n"

/* The default bound of a cache directory's entries, in bytes. */
#define FC_CACHE_LIMIT ((unsigned long long)512 << 20)

typedef struct fc_tu **(*fc_extract_fn)(const struct fc_jobs *jobs, int workers);

/* The directory the options name (--cache-dir, else BUILD_DIR/.forkcheck-cache
 * with -p), or NULL: no cache. A new string. */
char *fc_cache_dir(const struct fc_options *o);

/* Each job's summary: from a valid entry of `dir` when there is one, else
 * from `extract` (then stored). An entry is used only when its key matches and
 * every file it recorded hashes as it did: the main file, each include, the
 * arguments, the summary format and this very forkcheck and libclang. Entries
 * are written whole (temporary file, then rename) and the oldest evicted
 * beyond `limit` bytes. A broken or foreign entry is a miss. dir NULL: no
 * cache. */
struct fc_tu **fc_cache_extract(const char *dir, unsigned long long limit,
                                const struct fc_jobs *jobs, int workers, fc_extract_fn extract);

/* The summary in a cache entry's bytes (data[size] must be NUL), or NULL
 * unless its header is well formed, names `key`, and every include it
 * records still hashes as recorded. Which file it summarises is not checked. */
struct fc_tu *fc_cache_entry_read(const char *data, size_t size, uint64_t key);

#endif
