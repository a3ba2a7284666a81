/* Parsing in worker processes, so that a crash in libclang costs one file. */
#ifndef FORKCHECK_WORKERS_H
#define FORKCHECK_WORKERS_H

#include "cdb.h"
#include "summary.h"

/* The hidden option that starts this program as a parse worker. */
#define FC_WORKER_OPTION "--internal-parse-worker"

/* Extracts every job (summaries are loaded here, sources are parsed by up to
 * `workers` worker processes); results in job order, never NULL. */
struct fc_tu **fc_extract_isolated(const struct fc_jobs *jobs, int workers);

/* The worker: reads jobs on fd 3 and writes each summary back; returns the
 * exit status. */
int fc_worker_main(void);

#endif
