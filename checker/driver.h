/* The pipeline: inputs -> parallel extraction -> link -> rules -> emit. */
#ifndef FORKCHECK_DRIVER_H
#define FORKCHECK_DRIVER_H

#include "cdb.h"
#include "config.h"
#include "diag.h"
#include "knowledge.h"
#include "program.h"
#include "rule_api.h"
#include "vec.h"

enum fc_color { FC_COLOR_AUTO, FC_COLOR_ALWAYS, FC_COLOR_NEVER };
enum fc_format { FC_FORMAT_TEXT, FC_FORMAT_JSON, FC_FORMAT_SARIF };

/* --enable=RULE or --disable=RULE ("all" for every rule). They apply in
 * command-line order: the last one that names a rule decides. */
struct fc_rule_switch {
  const char *rule;
  int on;
};

struct fc_options {
  const char *build_dir;
  char **files;
  int nfiles;
  char **compiler_args;
  int ncompiler_args;
  enum fc_format format;
  const char *output;
  const char *srcroot; /* SARIF's %SRCROOT%, or NULL for the default */
  int jobs;
  enum fc_threads_mode threads;
  enum fc_profile profile;
  int threads_given, profile_given; /* else a configuration file decides */
  int max_chains;                   /* --max-chains, or FC_UNSET */
  int exit_cleanup;                 /* --exit-cleanup, or FC_UNSET */
  FC_VEC(const char *) safe_functions;
  FC_VEC(const char *) fork_functions;
  FC_VEC(struct fc_rule_switch) rule_switches;
  int dump_cfg;
  const char *emit_summaries; /* directory to write each TU's summary to */
  const char *config_file;    /* --config-file: instead of each file's .forkcheck */
  int dump_config;
  const char *baseline;       /* report only findings not in this baseline */
  const char *write_baseline; /* record the findings as a baseline here */
  int show_suppressed;        /* list findings NOLINT suppresses (SARIF always does) */
  int fix;                    /* apply the fix-its */
  enum fc_color color;
  const char *emit_summary;       /* --emit-summary: the one file's summary */
  int shard, shards;              /* --shard=I/N; shards 0: all */
  const char *cache_dir;          /* --cache-dir */
  int no_cache;                   /* --no-cache */
  unsigned long long cache_limit; /* --cache-limit, in bytes */
  FC_VEC(const char *) extra_args;        /* --extra-arg: after those after "--" */
  FC_VEC(const char *) extra_args_before; /* --extra-arg-before: before them */
};

/* Inputs named *.fcs are summaries written by --emit-summaries. */
int fc_is_summary_path(const char *path);
struct fc_tu *fc_load_summary(const char *path);

/* The command line's settings, as a configuration merged over the files'. */
void fc_options_config(const struct fc_options *o, struct fc_config *out);
/* Links the summaries and runs the rules. The configurations of the TUs'
 * files decide the program-wide settings (safe and fork functions: all of
 * theirs; profile and threads: the strictest set); the configuration of each
 * finding's file decides whether its rule is on for it. */
void fc_analyse(struct fc_tu **tus, uint32_t n, struct fc_configs *cfgs,
                struct fc_findings *out);

/* Runs the analysis; returns the exit status (0 clean, 1 findings, 2 errors). */
int fc_run(const struct fc_options *o);

/* Extracts every job in parallel with `workers` threads; results in job order. */
struct fc_tu **fc_extract_jobs(const struct fc_jobs *jobs, int workers);


#endif
