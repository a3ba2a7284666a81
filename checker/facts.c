/*
 * Facts that flow from callees to callers, computed at link: breadth-first
 * up the call graph from the functions that make the call themselves.
 */
#include "facts.h"
#include "program.h"

#include <stdlib.h>

/* Breadth-first from the seeds already in r, so each via is one step closer;
 * functions with stop[f] set (when stop is given) do not take the fact. */
static void reach_up(const struct fc_program *p, struct fc_reach *r, const uint8_t *stop) {
  uint32_t n = (uint32_t)p->funcs.n, head = 0, tail = 0;
  uint32_t *queue = fc_xmalloc((size_t)(n + 1) * sizeof *queue);
  for (uint32_t f = 0; f < n; f++)
    if (r->reaches[f])
      queue[tail++] = f;
  while (head < tail) {
    uint32_t g = queue[head++];
    for (uint32_t e = p->callers_first[g]; e < p->callers_first[g + 1]; e++) {
      uint32_t f = p->callers[e].caller;
      if (!r->reaches[f] && !(stop && stop[f])) {
        r->reaches[f] = 1;
        r->via[f] = p->callers[e].call;
        queue[tail++] = f;
      }
    }
  }
  free(queue);
}

static struct fc_reach reach_new(const struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n;
  struct fc_reach r = {fc_xcalloc(n + 1, 1), fc_xcalloc(n + 1, sizeof(struct fc_ref))};
  for (uint32_t f = 0; f < n; f++)
    r.via[f].event = FC_NO_EVENT;
  return r;
}

struct fc_reach fc_reach_compute(const struct fc_program *p, fc_call_pred pred, void *arg) {
  struct fc_reach r = reach_new(p);
  for (uint32_t f = 0; f < p->funcs.n; f++)
    FC_FOR_EACH_CALL(p, f, ref) {
      if (!r.reaches[f] && pred(p, ref, arg)) {
        r.reaches[f] = 1;
        r.via[f] = ref;
      }
    }
  reach_up(p, &r, NULL);
  return r;
}

void fc_reach_free(struct fc_reach *r) {
  free(r->reaches);
  free(r->via);
  r->reaches = NULL;
  r->via = NULL;
}

int fc_reach_call(const struct fc_program *p, const struct fc_reach *r, fc_call_pred pred,
                  void *arg, struct fc_ref call) {
  struct fc_target t = fc_call_target(p, call);
  if (t.func >= 0)
    return r->reaches[t.func];
  return pred(p, call, arg);
}

static int unsafe_external(const struct fc_program *p, struct fc_ref ref, void *arg) {
  (void)arg;
  return fc_target_is_unsafe_external(p, ref);
}

static int calls_thread_start(const struct fc_program *p, struct fc_ref ref, void *arg) {
  (void)arg;
  struct fc_target t = fc_call_target(p, ref);
  return t.func < 0 && (t.kinds & FC_K_THREAD_START);
}

static int calls_thread_join(const struct fc_program *p, struct fc_ref ref, void *arg) {
  (void)arg;
  struct fc_target t = fc_call_target(p, ref);
  return t.func < 0 && (t.kinds & FC_K_THREAD_JOIN);
}

/* Functions that start threads which may outlive the call. A function that
 * can also join threads (pthread_join, thrd_join, itself or through its
 * callees) is taken to join the ones it starts -- a pool started and joined
 * before returning, git's start_async()/finish_async() around a transfer --
 * so it leaves none running for its callers. Forks inside it, after the
 * start, still see the threads. */
static struct fc_reach compute_thread_starts(const struct fc_program *p) {
  struct fc_reach joins = fc_reach_compute(p, calls_thread_join, NULL);
  struct fc_reach r = reach_new(p);
  for (uint32_t f = 0; f < p->funcs.n; f++) {
    if (joins.reaches[f])
      continue;
    FC_FOR_EACH_CALL(p, f, ref) {
      if (!r.reaches[f] && calls_thread_start(p, ref, NULL)) {
        r.reaches[f] = 1;
        r.via[f] = ref;
      }
    }
  }
  reach_up(p, &r, joins.reaches);
  fc_reach_free(&joins);
  return r;
}


int fc_starts_thread(const struct fc_program *p, struct fc_ref call) {
  return fc_reach_call(p, &p->thread_start, calls_thread_start, NULL, call);
}

const struct fc_reach *fc_fact_unsafe(const struct fc_program *p) { return &p->unsafe; }
const struct fc_reach *fc_fact_thread_start(const struct fc_program *p) {
  return &p->thread_start;
}

void fc_facts_compute(struct fc_program *p) {
  p->unsafe = fc_reach_compute(p, unsafe_external, NULL);
  p->thread_start = compute_thread_starts(p);
}

void fc_facts_free(struct fc_program *p) {
  fc_reach_free(&p->unsafe);
  fc_reach_free(&p->thread_start);
}
