/*
 * Functions whose return ends the process: main, and a function every call
 * of which is followed, in its caller, by nothing but the end of the
 * process -- a call that does not return (`exit(f(argc, argv))`,
 * `status = f(); die();`) or the caller's own return, when the caller's
 * return ends the process in turn (`return f(argc, argv);`). Between them
 * only assignments, stores and calls that only give back what the process
 * holds (`free(ctx);`: data/release-only.def). A multi-call binary's applets, reached
 * through a table of mains (busybox), are such functions. A function never
 * called, or handed to a library, is not.
 *
 * Least fixpoint on a worklist down from the mains: a function is taken
 * when the last of its callers that return right after the call is; each
 * call is looked at once. What follows each point of a function is found
 * per block, once, from its successors.
 */
#include "program.h"

#include <stdlib.h>

/* What follows a point: the end of the process, the function's return, or
 * anything else. */
enum after { AFTER_UNKNOWN, AFTER_ENDS, AFTER_RETURNS, AFTER_OTHER };

/* The events of block b from index i on: what they decide, or UNKNOWN when
 * they fall through to the successors. */
static enum after scan(const struct fc_program *p, uint32_t f, uint32_t b, uint32_t i) {
  for (; i < fc_event_count(p, f, b); i++) {
    struct fc_ref ev = fc_block_event(p, f, b, i);
    switch (fc_event_at(p, ev)->kind) {
    case FC_EV_CALL:
      if (fc_call_releases_only(p, ev))
        break; /* free(ctx) before the end: housekeeping */
      return fc_call_noreturn(p, ev) ? AFTER_ENDS : AFTER_OTHER;
    case FC_EV_RETURN:
      return AFTER_RETURNS;
    default:
      break;
    }
  }
  return b == FC_EXIT ? AFTER_RETURNS : AFTER_UNKNOWN;
}

static enum after join(enum after a, enum after b) { return a > b ? a : b; }

/* Per block, what follows its start: a block that falls through takes the
 * worst of its successors once they are all known; blocks left (a loop
 * without a call) are OTHER. */
static enum after *block_afters(const struct fc_program *p, uint32_t f) {
  uint32_t n = fc_block_count(p, f);
  enum after *at = fc_xcalloc(n + 1, sizeof *at);
  uint32_t *left = fc_xcalloc(n + 1, sizeof *left);
  struct fc_worklist w;
  fc_worklist_init(&w, n, 0);
  for (uint32_t b = 0; b < n; b++) {
    at[b] = scan(p, f, b, 0);
    left[b] = fc_succ_count(p, f, b);
    if (at[b] == AFTER_UNKNOWN && left[b] == 0)
      at[b] = AFTER_ENDS; /* no way out: nothing runs after */
    if (at[b] != AFTER_UNKNOWN)
      fc_worklist_push(&w, b);
  }
  enum after *worst = fc_xcalloc(n + 1, sizeof *worst);
  while (w.count > 0) {
    uint32_t b = fc_worklist_pop(&w);
    for (uint32_t k = 0; k < fc_pred_count(p, f, b); k++) {
      uint32_t a = fc_pred(p, f, b, k);
      if (at[a] != AFTER_UNKNOWN)
        continue;
      worst[a] = join(worst[a], at[b]);
      if (--left[a] == 0) {
        at[a] = worst[a];
        fc_worklist_push(&w, a);
      }
    }
  }
  for (uint32_t b = 0; b < n; b++)
    if (at[b] == AFTER_UNKNOWN)
      at[b] = AFTER_OTHER;
  fc_worklist_free(&w);
  free(left);
  free(worst);
  return at;
}

/* What follows the call at event i of block b. */
static enum after after_call(const struct fc_program *p, uint32_t f, const enum after *at,
                             uint32_t b, uint32_t i) {
  enum after a = scan(p, f, b, i + 1);
  if (a != AFTER_UNKNOWN)
    return a;
  for (uint32_t e = 0; e < fc_succ_count(p, f, b); e++)
    a = join(a, at[fc_succ(p, f, b, e)]);
  return a == AFTER_UNKNOWN ? AFTER_ENDS : a;
}

/* Per call of the program (by its index in p->calls), what follows it. */
static uint8_t *call_afters(const struct fc_program *p) {
  uint8_t *out = fc_xcalloc(p->calls.n + 1, 1);
  for (uint32_t f = 0; f < p->funcs.n; f++) {
    if (!p->funcs.v[f].calls_count)
      continue;
    enum after *at = block_afters(p, f);
    uint32_t k = p->funcs.v[f].calls_first;
    for (uint32_t b = 0; b < fc_block_count(p, f); b++)
      for (uint32_t i = 0; i < fc_event_count(p, f, b); i++)
        if (fc_event_at(p, fc_block_event(p, f, b, i))->kind == FC_EV_CALL)
          out[k++] = (uint8_t)after_call(p, f, at, b, i);
    free(at);
  }
  return out;
}

/* Each call's targets of the call graph (program.c's callers). */
#define FOR_EACH_CALLEE(p, call, t, j)                                                        \
  for (uint32_t j = 0, n_##j = fc_call_targets(p, call, &t); j < n_##j; j++)                   \
    if (t[j].func >= 0 && !t[j].param)

void fc_return_ends_compute(struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n, head = 0, tail = 0;
  uint8_t *after = call_afters(p);
  uint32_t *pending = fc_xcalloc(n + 1, sizeof *pending); /* its callers that return after */
  uint8_t *other = fc_xcalloc(n + 1, 1);                  /* a call of it goes on after */
  uint32_t *queue = fc_xmalloc((n + 1) * sizeof *queue);
  for (size_t k = 0; k < p->calls.n; k++) {
    const struct fc_target *t;
    FOR_EACH_CALLEE(p, p->calls.v[k], t, j) {
      other[t[j].func] |= after[k] == AFTER_OTHER;
      pending[t[j].func] += after[k] == AFTER_RETURNS;
    }
  }
  for (uint32_t f = 0; f < n; f++) {
    struct fc_pfunc *pf = &p->funcs.v[f];
    other[f] |= p->callers_first[f] == p->callers_first[f + 1] ||
                pf->registered.event != FC_NO_EVENT;
    pf->return_ends = (pf->fn->flags & FC_FN_MAIN) || (!other[f] && !pending[f]);
    if (pf->return_ends)
      queue[tail++] = f;
  }
  while (head < tail) {
    const struct fc_pfunc *pg = &p->funcs.v[queue[head++]];
    for (uint32_t k = pg->calls_first; k < pg->calls_first + pg->calls_count; k++) {
      const struct fc_target *t;
      if (after[k] != AFTER_RETURNS)
        continue;
      FOR_EACH_CALLEE(p, p->calls.v[k], t, j) {
        struct fc_pfunc *pt = &p->funcs.v[t[j].func];
        if (!pt->return_ends && !other[t[j].func] && --pending[t[j].func] == 0) {
          pt->return_ends = 1;
          queue[tail++] = (uint32_t)t[j].func;
        }
      }
    }
  }
  free(after);
  free(pending);
  free(other);
  free(queue);
}
