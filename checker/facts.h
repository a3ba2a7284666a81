/*
 * Facts about functions that flow from callees to callers: f has the fact
 * when it makes a call with the property itself, or calls a function of the
 * program that has it.
 */
#ifndef FORKCHECK_FACTS_H
#define FORKCHECK_FACTS_H

#include <stdint.h>

#include "cfg.h"

/* reaches[f]: function f has the fact; via[f]: the call in f one step
 * closer to the call that gives it (none where f makes that call). */
struct fc_reach {
  uint8_t *reaches;
  struct fc_ref *via;
};

static inline int fc_reach_has(const struct fc_reach *r, uint32_t f) { return r->reaches[f]; }
static inline struct fc_ref fc_reach_via(const struct fc_reach *r, uint32_t f) {
  return r->via[f];
}

/* Computes a fact breadth-first from the functions that make a call
 * satisfying pred themselves, so chains are short and cycles end. Free with
 * fc_reach_free. */
struct fc_reach fc_reach_compute(const struct fc_program *p, fc_call_pred pred, void *arg);
void fc_reach_free(struct fc_reach *r);
/* Does this call satisfy the fact, directly or through the callee? */
int fc_reach_call(const struct fc_program *p, const struct fc_reach *r, fc_call_pred pred,
                  void *arg, struct fc_ref call);

/* The facts of the link: can call a function that is not async-signal-safe;
 * can start a thread that outlives the call. */
const struct fc_reach *fc_fact_unsafe(const struct fc_program *p);
const struct fc_reach *fc_fact_thread_start(const struct fc_program *p);

/* Does the call start a thread that outlives it, itself or through the
 * program's functions? */
int fc_starts_thread(const struct fc_program *p, struct fc_ref call);

/* Threads at a fork site: returns 1 with the evidence when another thread
 * may exist when the call runs. */
int fc_threads_at(const struct fc_program *p, const struct fc_fork_site *s,
                  struct fc_evidence *why);

#endif
