/*
 * Link: resolve every TU's callees by USR to the program's definitions, then
 * compute per-function facts. Each fact is a fixpoint over the call graph by
 * worklist, so cycles and deep chains cost no stack.
 */
#include "program.h"

#include <stdlib.h>
#include <string.h>

/* ---- calls and targets ------------------------------------------------- */

struct fc_target fc_call_target(const struct fc_program *p, struct fc_ref call) {
  const struct fc_event *ev = fc_event_at(p, call);
  struct fc_target none = {-1, 0, -1};
  if (ev->kind != FC_EV_CALL || ev->callee < 0)
    return none;
  return p->targets[call.tu][ev->callee];
}

const char *fc_callee_name(const struct fc_program *p, struct fc_ref call) {
  const struct fc_event *ev = fc_event_at(p, call);
  if (ev->callee < 0)
    return "<indirect>";
  const struct fc_tu *tu = p->tus[call.tu];
  return fc_str(&tu->strs, tu->callees.v[ev->callee].name);
}

int fc_call_noreturn(const struct fc_program *p, struct fc_ref call) {
  struct fc_target t = fc_call_target(p, call);
  if (t.func >= 0)
    return p->funcs.v[t.func].noreturn;
  return (t.kinds & FC_K_NORETURN) != 0;
}

int fc_target_is_unsafe_external(const struct fc_program *p, struct fc_ref call) {
  const struct fc_event *ev = fc_event_at(p, call);
  if (ev->kind != FC_EV_CALL || ev->callee < 0)
    return 0;
  struct fc_target t = fc_call_target(p, call);
  return t.func < 0 && !(t.kinds & FC_K_ASYNC_SAFE);
}

/* The call events of function f, in block order. */
#define FOR_EACH_CALL(p, f, ref)                                                         \
  for (uint32_t k_ = 0; k_ < (p)->funcs.v[f].calls_count; k_++)                           \
    for (struct fc_ref ref = (p)->calls.v[(p)->funcs.v[f].calls_first + k_];              \
         ref.event != FC_NO_EVENT; ref.event = FC_NO_EVENT)

/* ---- link -------------------------------------------------------------- */

static void link_functions(struct fc_program *p) {
  struct fc_strtab usrs; /* the USRs of the program's functions */
  FC_VEC(int32_t) usr_func; /* USR id -> index in p->funcs of its first definition */
  memset(&usr_func, 0, sizeof usr_func);
  fc_strtab_init(&usrs);
  for (uint32_t t = 0; t < p->n_tus; t++) {
    struct fc_tu *tu = p->tus[t];
    for (size_t f = 0; f < tu->funcs.n; f++) {
      uint32_t before = usrs.n;
      fc_strtab_intern(&usrs, fc_str(&tu->strs, tu->funcs.v[f].usr));
      /* Defined again: an inline function from a header is one function;
       * another main is another program in the same database (git's
       * helpers, tests), kept so that what it calls is reached. */
      if (usrs.n == before && !(tu->funcs.v[f].flags & FC_FN_MAIN))
        continue;
      struct fc_pfunc pf = {0};
      pf.tu = t;
      pf.fn = &tu->funcs.v[f];
      pf.calls_first = (uint32_t)p->calls.n;
      for (uint32_t b = 0; b < pf.fn->block_count; b++) {
        const struct fc_block *blk = fc_fn_block(tu, pf.fn, b);
        for (uint32_t i = 0; i < blk->ev_count; i++)
          if (tu->events.v[blk->ev_first + i].kind == FC_EV_CALL) {
            struct fc_ref ref = {t, blk->ev_first + i};
            fc_vec_push(&p->calls, ref);
          }
      }
      pf.calls_count = (uint32_t)p->calls.n - pf.calls_first;
      if (usrs.n != before)
        fc_vec_push(&usr_func, (int32_t)p->funcs.n);
      fc_vec_push(&p->funcs, pf);
      if (pf.fn->flags & FC_FN_MAIN)
        p->has_main = 1;
    }
  }
  p->targets = fc_xcalloc(p->n_tus, sizeof *p->targets);
  for (uint32_t t = 0; t < p->n_tus; t++) {
    struct fc_tu *tu = p->tus[t];
    p->targets[t] = fc_xcalloc(tu->callees.n + 1, sizeof **p->targets);
    for (size_t c = 0; c < tu->callees.n; c++) {
      const struct fc_callee *ce = &tu->callees.v[c];
      uint32_t id = fc_strtab_find(&usrs, fc_str(&tu->strs, ce->usr));
      struct fc_target *tg = &p->targets[t][c];
      tg->func = id == FC_NO_STR ? -1 : usr_func.v[id];
      tg->arg = -1;
      if (tg->func < 0) {
        struct fc_known k = fc_knowledge_of(p->know, fc_str(&tu->strs, ce->name));
        tg->kinds = k.kinds;
        tg->arg = k.arg;
        if (ce->flags & FC_CALLEE_NORETURN)
          tg->kinds |= FC_K_NORETURN;
      }
    }
    for (size_t a = 0; a < tu->addr_taken.n; a++) {
      int32_t f = p->targets[t][tu->addr_taken.v[a]].func;
      if (f >= 0)
        p->funcs.v[f].address_taken = 1;
    }
  }
  fc_strtab_free(&usrs);
  fc_vec_free(&usr_func);
  fc_strtab_init(&p->fn_types);
  for (uint32_t f = 0; f < p->funcs.n; f++) {
    struct fc_pfunc *pf = &p->funcs.v[f];
    if (pf->address_taken)
      pf->type = fc_strtab_intern(&p->fn_types, fc_pstr(p, pf->tu, pf->fn->type));
  }
  p->type_threads = fc_xcalloc(p->fn_types.n + 1, 1);
  for (uint32_t f = 0; f < p->funcs.n; f++)
    p->funcs.v[f].registered.event = FC_NO_EVENT;
  for (uint32_t f = 0; f < p->funcs.n; f++) {
    if (p->funcs.v[f].fn->flags & FC_FN_NORETURN)
      p->funcs.v[f].noreturn = 1;
    FOR_EACH_CALL(p, f, ref) {
      struct fc_target t = fc_call_target(p, ref);
      if (t.func >= 0) {
        p->funcs.v[t.func].called = 1;
        continue;
      }
      /* A function handed to a library (pthread_create, signal, an event
       * loop) runs whenever the library calls it. */
      const struct fc_event *ev = fc_event_at(p, ref);
      for (uint16_t a = 0; a < ev->n_args; a++) {
        const struct fc_arg *arg = &p->tus[ref.tu]->args.v[ev->args + a];
        if (arg->kind != FC_ARG_FUNC)
          continue;
        int32_t g = p->targets[ref.tu][arg->value].func;
        if (g >= 0 && p->funcs.v[g].registered.event == FC_NO_EVENT)
          p->funcs.v[g].registered = ref;
      }
    }
  }
}

/* ---- noreturn ---------------------------------------------------------- */

static int exit_reachable(const struct fc_program *p, uint32_t f, uint8_t *seen, uint32_t *stack) {
  const struct fc_pfunc *pf = &p->funcs.v[f];
  const struct fc_tu *tu = p->tus[pf->tu];
  uint32_t n = pf->fn->block_count, sp = 0;
  memset(seen, 0, n);
  stack[sp++] = FC_ENTRY;
  seen[FC_ENTRY] = 1;
  while (sp) {
    uint32_t b = stack[--sp];
    if (b == FC_EXIT)
      return 1;
    const struct fc_block *blk = fc_fn_block(tu, pf->fn, b);
    int ends = 0;
    for (uint32_t i = 0; i < blk->ev_count && !ends; i++) {
      struct fc_ref ref = {pf->tu, blk->ev_first + i};
      ends = tu->events.v[ref.event].kind == FC_EV_CALL && fc_call_noreturn(p, ref);
    }
    if (ends)
      continue;
    for (uint32_t e = 0; e < blk->edge_count; e++) {
      uint32_t t = tu->edges.v[blk->edge_first + e].target;
      if (t < n && !seen[t]) {
        seen[t] = 1;
        stack[sp++] = t;
      }
    }
  }
  return 0;
}

static void compute_noreturn(struct fc_program *p) {
  uint32_t maxb = 2;
  for (uint32_t f = 0; f < p->funcs.n; f++)
    if (p->funcs.v[f].fn->block_count > maxb)
      maxb = p->funcs.v[f].fn->block_count;
  uint8_t *seen = fc_xmalloc(maxb);
  uint32_t *stack = fc_xmalloc((size_t)maxb * sizeof *stack);
  for (int changed = 1; changed;) {
    changed = 0;
    for (uint32_t f = 0; f < p->funcs.n; f++)
      if (!p->funcs.v[f].noreturn && !exit_reachable(p, f, seen, stack)) {
        p->funcs.v[f].noreturn = 1;
        changed = 1;
      }
  }
  free(seen);
  free(stack);
}

/* ---- fork sites and fork sources --------------------------------------- */

static void collect_fork_sites(struct fc_program *p) {
  p->forks.n = 0;
  for (uint32_t f = 0; f < p->funcs.n; f++) {
    const struct fc_pfunc *pf = &p->funcs.v[f];
    const struct fc_tu *tu = p->tus[pf->tu];
    for (uint32_t b = 0; b < pf->fn->block_count; b++) {
      const struct fc_block *blk = fc_fn_block(tu, pf->fn, b);
      for (uint32_t i = 0; i < blk->ev_count; i++) {
        struct fc_ref ref = {pf->tu, blk->ev_first + i};
        if (tu->events.v[ref.event].kind != FC_EV_CALL)
          continue;
        struct fc_target t = fc_call_target(p, ref);
        int kind = -1;
        if (t.func >= 0 && p->funcs.v[t.func].fork_source)
          kind = FC_SITE_FORK;
        else if (t.func < 0 && (t.kinds & FC_K_FORK))
          kind = FC_SITE_FORK;
        else if (t.func < 0 && (t.kinds & FC_K_VFORK))
          kind = FC_SITE_VFORK;
        else if (t.func < 0 && (t.kinds & FC_K_DAEMON))
          kind = FC_SITE_DAEMON;
        if (kind < 0)
          continue;
        struct fc_fork_site s = {f, b, i, ref, (uint8_t)kind};
        fc_vec_push(&p->forks, s);
      }
    }
  }
}

/* A function that returns a fork's result on a path where it is the child
 * is a fork itself for its callers (wrappers, through any number of levels). */
static void compute_fork_sources(struct fc_program *p) {
  for (int changed = 1; changed;) {
    changed = 0;
    collect_fork_sites(p);
    for (size_t i = 0; i < p->forks.n; i++) {
      struct fc_fork_site *s = &p->forks.v[i];
      if (s->kind != FC_SITE_FORK || p->funcs.v[s->func].fork_source)
        continue;
      struct fc_region r;
      fc_region_compute(p, s, &r);
      if (r.child_returns) {
        p->funcs.v[s->func].fork_source = 1;
        changed = 1;
      }
      fc_region_free(&r);
    }
  }
}

/* ---- facts that flow from callees to callers --------------------------- */

static void build_callers(struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n;
  p->callers_first = fc_xcalloc(n + 2, sizeof *p->callers_first);
  for (size_t c = 0; c < p->calls.n; c++) {
    struct fc_target t = fc_call_target(p, p->calls.v[c]);
    if (t.func >= 0)
      p->callers_first[t.func + 1]++;
  }
  for (uint32_t f = 0; f < n; f++)
    p->callers_first[f + 1] += p->callers_first[f];
  p->callers = fc_xcalloc(p->callers_first[n] + 1, sizeof *p->callers);
  uint32_t *fill = fc_xcalloc(n + 1, sizeof *fill);
  for (uint32_t f = 0; f < n; f++)
    FOR_EACH_CALL(p, f, ref) {
      struct fc_target t = fc_call_target(p, ref);
      if (t.func >= 0) {
        struct fc_caller e = {f, ref};
        p->callers[p->callers_first[t.func] + fill[t.func]++] = e;
      }
    }
  free(fill);
}

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
    FOR_EACH_CALL(p, f, ref) {
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
    FOR_EACH_CALL(p, f, ref) {
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

/* ---- threads at each point --------------------------------------------- */

static int starts_thread_call(const struct fc_program *p, struct fc_ref ref) {
  return fc_reach_call(p, &p->thread_start, calls_thread_start, NULL, ref);
}

/* The worklist of functions whose entry state changed. */
struct entry_queue {
  struct fc_program *p;
  uint32_t *v, head, tail;
  uint8_t *queued;
};

/* Another thread may exist when function g is entered: `why`. */
static void enter_with_threads(struct entry_queue *q, uint32_t g, struct fc_evidence why) {
  struct fc_pfunc *pg = &q->p->funcs.v[g];
  if (pg->entry_evidence.kind != FC_EVID_NONE)
    return;
  pg->entry_evidence = why;
  if (!q->queued[g]) {
    q->queued[g] = 1;
    q->v[q->tail++] = g;
  }
}

/* A call made while another thread may exist passes that on to what it
 * calls: a function of the program, or, through a pointer, every function
 * of the pointer's type whose address is taken. */
static void call_with_threads(struct entry_queue *q, struct fc_ref ref, struct fc_evidence why) {
  struct fc_program *p = q->p;
  const struct fc_tu *tu = p->tus[ref.tu];
  const struct fc_event *ev = &tu->events.v[ref.event];
  struct fc_target t = fc_call_target(p, ref);
  if (t.func >= 0) {
    enter_with_threads(q, (uint32_t)t.func, why);
    return;
  }
  if (ev->callee >= 0)
    return;
  uint32_t type = fc_strtab_find(&p->fn_types, fc_str(&tu->strs, ev->fn_type));
  if (type == FC_NO_STR || p->type_threads[type])
    return;
  p->type_threads[type] = 1;
  for (uint32_t g = 0; g < p->funcs.n; g++)
    if (p->funcs.v[g].address_taken && p->funcs.v[g].type == type)
      enter_with_threads(q, g, why);
}

/* The state after block b's first `upto` events, from `s`; with q, calls
 * made with threads pass the state on (call_with_threads). */
static struct fc_evidence run_threads(const struct fc_program *p, struct entry_queue *q,
                                      uint32_t f, uint32_t b, uint32_t upto,
                                      struct fc_evidence s) {
  const struct fc_pfunc *pf = &p->funcs.v[f];
  const struct fc_tu *tu = p->tus[pf->tu];
  const struct fc_block *blk = fc_fn_block(tu, pf->fn, b);
  for (uint32_t i = 0; i < blk->ev_count && i < upto; i++) {
    struct fc_ref ref = {pf->tu, blk->ev_first + i};
    if (tu->events.v[ref.event].kind != FC_EV_CALL)
      continue;
    if (q && s.kind != FC_EVID_NONE)
      call_with_threads(q, ref, s);
    if (s.kind == FC_EVID_NONE && starts_thread_call(p, ref)) {
      s.kind = FC_EVID_THREAD_START;
      s.at = ref;
      s.func = (int32_t)f;
    }
  }
  return s;
}

/* Intra-procedural flow of "a thread may exist" from the function's entry. */
static void flow_threads(struct fc_program *p, uint32_t f, struct entry_queue *q) {
  struct fc_pfunc *pf = &p->funcs.v[f];
  const struct fc_tu *tu = p->tus[pf->tu];
  uint32_t n = pf->fn->block_count;
  if (!pf->block_threads)
    pf->block_threads = fc_xcalloc(n, sizeof *pf->block_threads);
  memset(pf->block_threads, 0, n * sizeof *pf->block_threads);
  uint32_t *work = fc_xmalloc((size_t)n * sizeof *work);
  uint8_t *inwork = fc_xcalloc(n, 1);
  uint32_t sp = 0;
  pf->block_threads[FC_ENTRY] = pf->entry_evidence;
  work[sp++] = FC_ENTRY;
  inwork[FC_ENTRY] = 1;
  /* Blocks not reached from the entry still need a visit for their calls. */
  for (uint32_t b = 0; b < n; b++)
    if (!inwork[b]) {
      work[sp++] = b;
      inwork[b] = 1;
    }
  while (sp) {
    uint32_t b = work[--sp];
    inwork[b] = 0;
    struct fc_evidence out =
        run_threads(p, q, f, b, UINT32_MAX, pf->block_threads[b]);
    if (out.kind == FC_EVID_NONE)
      continue;
    const struct fc_block *blk = fc_fn_block(tu, pf->fn, b);
    for (uint32_t e = 0; e < blk->edge_count; e++) {
      uint32_t t = tu->edges.v[blk->edge_first + e].target;
      if (t < n && pf->block_threads[t].kind == FC_EVID_NONE) {
        pf->block_threads[t] = out;
        if (!inwork[t]) {
          inwork[t] = 1;
          work[sp++] = t;
        }
      }
    }
  }
  free(work);
  free(inwork);
}

static void compute_threads(struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n;
  for (uint32_t f = 0; f < n; f++) {
    struct fc_pfunc *pf = &p->funcs.v[f];
    struct fc_evidence e = {FC_EVID_NONE, {0, FC_NO_EVENT}, (int32_t)f};
    if (p->threads == FC_THREADS_YES)
      e.kind = FC_EVID_ASSUMED;
    else if (p->threads == FC_THREADS_NO)
      e.kind = FC_EVID_NONE;
    else if (p->tus[pf->tu]->flags & FC_TU_PYTHON)
      e.kind = FC_EVID_PYTHON;
    else if (!p->has_main)
      e.kind = FC_EVID_NO_MAIN;
    else if (pf->registered.event != FC_NO_EVENT) {
      e.kind = FC_EVID_CALLBACK;
      e.at = pf->registered;
    }
    pf->entry_evidence = e;
  }
  if (p->threads == FC_THREADS_NO) {
    for (uint32_t f = 0; f < n; f++)
      p->funcs.v[f].block_threads =
          fc_xcalloc(p->funcs.v[f].fn->block_count, sizeof(struct fc_evidence));
    return;
  }
  /* Every function once, then again whenever its entry state changes. Each
   * is queued at most once at a time: n live entries, plus up to n pushed by
   * one flow, fit in 3n after compacting at 2n. */
  struct entry_queue q = {p, fc_xmalloc((size_t)(3 * n + 1) * sizeof *q.v), 0, 0,
                          fc_xcalloc(n + 1, 1)};
  for (uint32_t f = 0; f < n; f++) {
    q.v[q.tail++] = f;
    q.queued[f] = 1;
  }
  while (q.head < q.tail) {
    uint32_t f = q.v[q.head++];
    q.queued[f] = 0;
    if (q.tail > n * 2) {
      memmove(q.v, q.v + q.head, (q.tail - q.head) * sizeof *q.v);
      q.tail -= q.head;
      q.head = 0;
    }
    flow_threads(p, f, &q);
  }
  free(q.v);
  free(q.queued);
}

int fc_threads_at(const struct fc_program *p, const struct fc_fork_site *s,
                  struct fc_evidence *why) {
  const struct fc_pfunc *pf = &p->funcs.v[s->func];
  if (p->threads == FC_THREADS_NO || !pf->block_threads)
    return 0;
  struct fc_evidence e =
      run_threads(p, NULL, s->func, s->block, s->index, pf->block_threads[s->block]);
  if (e.kind == FC_EVID_NONE)
    return 0;
  *why = e;
  return 1;
}

/* ---- entry points ------------------------------------------------------ */

struct fc_program *fc_program_link(struct fc_tu **tus, uint32_t n_tus,
                                   const struct fc_knowledge *know,
                                   enum fc_threads_mode threads) {
  struct fc_program *p = fc_xcalloc(1, sizeof *p);
  p->tus = tus;
  p->n_tus = n_tus;
  p->know = know;
  p->threads = threads;
  link_functions(p);
  compute_noreturn(p);
  compute_fork_sources(p);
  build_callers(p);
  p->unsafe = fc_reach_compute(p, unsafe_external, NULL);
  p->thread_start = compute_thread_starts(p);
  compute_threads(p);
  return p;
}

void fc_program_free(struct fc_program *p) {
  if (!p)
    return;
  for (size_t f = 0; f < p->funcs.n; f++)
    free(p->funcs.v[f].block_threads);
  fc_vec_free(&p->funcs);
  for (uint32_t t = 0; t < p->n_tus; t++)
    free(p->targets[t]);
  free(p->targets);
  fc_vec_free(&p->forks);
  fc_vec_free(&p->calls);
  free(p->callers_first);
  free(p->callers);
  fc_reach_free(&p->unsafe);
  fc_reach_free(&p->thread_start);
  fc_strtab_free(&p->fn_types);
  free(p->type_threads);
  free(p);
}
