/*
 * The interface between the engine and the rules. A rule reads the linked
 * program (checker/program.h) and reports findings (checker/diag.h); it knows
 * nothing about libclang.
 */
#ifndef FORKCHECK_RULES_H
#define FORKCHECK_RULES_H

#include "diag.h"
#include "program.h"

struct fc_rule_ctx {
  const struct fc_program *prog;
  struct fc_findings *out;
  const char *id; /* the running rule's id */
};

#define FC_RULE(fn, id, summary) void fn(struct fc_rule_ctx *ctx);
#include "rules.def"
#undef FC_RULE

/* How sure the unsafety of an external callee is: "not" for a function the
 * system headers declare, "not known to be" for an unknown one. */
const char *fc_unsafe_wording(const struct fc_program *p, struct fc_ref call);

/* Notes shared by rules: why another thread may exist at a fork. */
void fc_note_thread_evidence(const struct fc_program *p, struct fc_finding *f,
                             const struct fc_fork_site *s, const struct fc_evidence *why);
/* The chain of calls from `call` down to the call that gives fact r (for
 * example p->unsafe): one note "'f' calls 'g' here" per hop. Returns the
 * name of the function called at the end. */
const char *fc_note_chain(const struct fc_program *p, struct fc_finding *f,
                          const struct fc_reach *r, struct fc_ref call);

/* The fix-it that puts the drop-in replacement of the external function
 * called at `call` in its place (data/replacements.def), if it has one. */
void fc_fix_dropin(const struct fc_program *p, struct fc_finding *f, struct fc_ref call);

/* An fc_call_pred: a call to an external function that runs the exit-time
 * cleanup (atexit handlers, stdio flush): exit, quick_exit, err, ... */
int fc_calls_exit_cleanup(const struct fc_program *p, struct fc_ref call, void *arg);
/* Does some block of the region run in the child alone? When no test of the
 * fork result is followed (it went into an array element, say), child and
 * parent are never told apart and the region says nothing of the child. */
int fc_child_separated(const struct fc_program *p, const struct fc_region *r);

#endif
