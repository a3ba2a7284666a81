/* The configuration file `.forkcheck`: YAML like `.clang-tidy`, found from
 * each source file's directory upward (the nearest wins; with
 * `InheritParentConfig: true` it is merged over its parent's). */
#ifndef FORKCHECK_CONFIG_H
#define FORKCHECK_CONFIG_H

#include <stdio.h>

#include "vec.h"

#define FC_CONFIG_NAME ".forkcheck"
#define FC_UNSET (-1)
#define FC_MAX_CHAINS_DEFAULT 3

/* ExitCleanup / --exit-cleanup: when child-exit-cleanup reports the exit()
 * of a child that can exec (after a failed exec, or a set-up failure before
 * one): only with harm to do, as every other child (harm, the default), or
 * always, the `_exit()` style. */
enum fc_exit_cleanup { FC_EXIT_CLEANUP_HARM, FC_EXIT_CLEANUP_ALWAYS };

struct fc_config {
  FC_VEC(char *) checks;         /* globs in order; "-glob" turns rules off */
  int profile;                   /* enum fc_profile, or FC_UNSET */
  int threads;                   /* enum fc_threads_mode, or FC_UNSET */
  int max_chains;                /* MaxChains (0: all), or FC_UNSET */
  int exit_cleanup;              /* enum fc_exit_cleanup, or FC_UNSET */
  FC_VEC(char *) safe_functions;
  FC_VEC(char *) fork_functions;
  FC_VEC(char *) sources;        /* the files it was read from, farthest first */
};

struct fc_configs;

/* With `config_file`, that file is every source file's configuration (as
 * --config-file); otherwise each file's is searched for. `overrides` (the
 * command line's settings) are merged over every one. */
struct fc_configs *fc_configs_new(const char *config_file, const struct fc_config *overrides);
void fc_configs_free(struct fc_configs *c);
/* The configuration for a file, or for a directory; never NULL (empty when
 * there is none). A bad file is reported on stderr once, as
 * FILE:LINE:COL: error: ..., and skipped. */
const struct fc_config *fc_configs_for_file(struct fc_configs *c, const char *file);
const struct fc_config *fc_configs_for_dir(struct fc_configs *c, const char *dir);
const struct fc_config *fc_configs_overrides(const struct fc_configs *c);
/* How many bad configuration files were seen. */
int fc_configs_errors(const struct fc_configs *c);

/* Whether Checks leaves rule `id` on (every rule is on by default). */
int fc_config_rule_on(const struct fc_config *cfg, const char *id);
/* Writes `cfg` as a configuration file. */
void fc_config_dump(FILE *out, const struct fc_config *cfg);
void fc_config_init(struct fc_config *cfg);
void fc_config_free(struct fc_config *cfg);
/* Adds b's settings over a's: b's scalars win, lists are joined. */
void fc_config_merge(struct fc_config *a, const struct fc_config *b);

#endif
