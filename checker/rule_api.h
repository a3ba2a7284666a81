/*
 * What the engine knows of a rule: its id, its one-line summary and the
 * function that runs it on the linked program. The rules and their table
 * live in rules/ (rules.def, registry.c); the engine only runs the table.
 */
#ifndef FORKCHECK_RULE_API_H
#define FORKCHECK_RULE_API_H

#include <stdint.h>

struct fc_program;
struct fc_findings;

struct fc_rule_ctx {
  const struct fc_program *prog;
  struct fc_findings *out;
  const char *id; /* the running rule's id */
  /* --max-chains / MaxChains: how many chains of calls a finding shows, one
   * per unsafe function it reaches (0: all). */
  unsigned max_chains;
  /* --exit-cleanup=always / ExitCleanup: always: child-exit-cleanup reports
   * the exit() of a child that can exec whatever its harm. */
  int exit_always;
};

/* reads: the facts of the link the rule reads (FC_FACT_BIT, facts.def). */
struct fc_rule_info {
  const char *id, *summary;
  void (*run)(struct fc_rule_ctx *ctx);
  const uint64_t *reads;
};

extern const struct fc_rule_info fc_rules[];
extern const unsigned fc_rule_count;

#endif
