/*
 * The interface between the engine and the rules. A rule reads the linked
 * program through the query layer (checker/cfg.h), its facts (facts.h) and
 * the child regions of its forks (region.h), and reports findings
 * (diag.h); it knows nothing about libclang or how summaries are stored.
 */
#ifndef FORKCHECK_RULES_H
#define FORKCHECK_RULES_H

#include "cfg.h"
#include "diag.h"
#include "facts.h"
#include "region.h"
#include "unflushed.h"
#include "rule_api.h"

/* Each rule, the facts of the link it reads (checker/facts.def: the link
 * computes those of the rules that run, once) and its id, for a rule that
 * names another (fc_finding.yields_to). */
#define FC_RULE(fn, id, summary)                                                              \
  void fn(struct fc_rule_ctx *ctx);                                                           \
  extern const uint64_t fn##_reads;                                                           \
  extern const char fn##_id[];
#include "rules.def"
#undef FC_RULE

/* In the rule's file: the facts it reads, FC_FACT_BIT(name) | ... (0: none). */
#define FC_RULE_READS(fn, facts) const uint64_t fn##_reads = (facts)

/* Calls check for each fork site of the kinds in the mask (1u << FC_SITE_*). */
void fc_check_sites(struct fc_rule_ctx *ctx, unsigned kinds,
                    void (*check)(struct fc_rule_ctx *ctx, const struct fc_fork_site *s));

/* How sure the unsafety of an external callee is: "not" for a function the
 * system headers declare, "not known to be" for an unknown one or one that
 * is safe with some constant arguments only (sysconf). */
const char *fc_unsafe_wording(const struct fc_program *p, struct fc_ref call);
/* Is it "not" (fc_unsafe_wording)? */
int fc_unsafe_surely(const struct fc_program *p, struct fc_ref call);

/* Notes shared by rules: why another thread may exist at a fork. */
void fc_note_thread_evidence(const struct fc_program *p, struct fc_finding *f,
                             const struct fc_fork_site *s, const struct fc_evidence *why);
/* Where the output of stream bit b still in a buffer at the fork was
 * written (why, in func): a chain of notes from func down to the write,
 * whose note ends with coda. */
void fc_note_unflushed_write(const struct fc_program *p, struct fc_finding *f, uint32_t func,
                             struct fc_unflushed_why why, int b, const char *coda);
/* The chain of calls from `call` down to the call that gives fact r (for
 * example fc_fact_unsafe(p)): one note "'f' calls 'g' here" per hop. Returns the
 * name of the function called at the end. */
const char *fc_note_chain(const struct fc_program *p, struct fc_finding *f,
                          const struct fc_reach *r, struct fc_ref call);
/* The same notes; returns the last call of the chain (`call` itself when
 * it gives the fact). */
struct fc_ref fc_note_chain_to(const struct fc_program *p, struct fc_finding *f,
                               const struct fc_reach *r, struct fc_ref call);
/* The name fc_note_chain returns for the chain that ends at call `end`. */
const char *fc_chain_end_name(const struct fc_program *p, const struct fc_reach *r,
                              struct fc_ref end);

/* The other functions that a call reaches and that give fact `id` (whose
 * reach is r) themselves, one per name, `first` (the end of the fact's own
 * chain, fc_note_chain_to) aside, nearest first: the call of each, and the
 * function that makes it (ends, in). The chains down to the first max_notes of them
 * are noted in f, as chains 1, 2, ... */
struct fc_chain_ends {
  FC_VEC(struct fc_ref) ends;
  FC_VEC(uint32_t) in;
};
void fc_chain_ends(const struct fc_program *p, const struct fc_reach *r, enum fc_fact id,
                   struct fc_ref call, struct fc_ref first, struct fc_finding *f,
                   size_t max_notes, struct fc_chain_ends *out);
void fc_chain_ends_free(struct fc_chain_ends *e);
/* "'a'", "'a' and 'b'", "'a', 'b' and 'c'", "'a', 'b' and 2 more" (`more`
 * not named): to free. */
char *fc_name_list(const char *const *names, size_t n, size_t more);

/* The fix-it that puts the drop-in replacement of the external function
 * called at `call` in its place (data/replacements.def), if it has one. */
void fc_fix_dropin(const struct fc_program *p, struct fc_finding *f, struct fc_ref call);


#endif
