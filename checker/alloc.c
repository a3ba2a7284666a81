/*
 * The fact alloc_failure: the code of each function that runs only when an
 * allocation has failed. An allocation's result is the value of a call of
 * an allocator (FC_K_ALLOC_* in data/functions.def), or of a function of
 * the program that returns one, copied from variable to variable; a test
 * of it that only a failure passes (`!p`, `p == NULL`, `asprintf(...) < 0`,
 * `posix_memalign(...) != 0`) is a failure edge. A block that every path from the
 * entry reaches through a failure edge runs only when an allocation failed.
 *
 * A call of a function that returns its argument unchanged passes the
 * argument's value on. A function of the program returns an allocation's
 * result when each of its returns gives one, or a failure value in code
 * that runs only when an allocation failed (`if (!p) return NULL;`):
 * xrealloc() calling realloc(); or when a test of a parameter refused the
 * request (a size too large, or 0).
 * Which functions do is a least fixpoint on a worklist: a function is
 * judged again when one it calls becomes one.
 */
#include "program.h"

#include <stdlib.h>

/* Blocks, and events, a search for a value's source may visit: a test far
 * from the allocation is not the check of its result, and the cost of a
 * search stays bounded. */
#define SOURCE_BUDGET 64u
#define SOURCE_EVENTS 4096u

/* The allocator kinds of what the call returns (0: not an allocation). */
static uint32_t call_alloc(const struct fc_program *p, struct fc_ref call) {
  if (!fc_call_is_direct(p, call))
    return 0;
  struct fc_target t = fc_call_target(p, call);
  return t.func >= 0 ? p->funcs.v[t.func].alloc_returns : t.kinds & FC_K_ALLOC;
}

/* Does `var TEST value` hold only when an allocation of that kind failed? */
static int failure_test(uint32_t kind, const struct fc_edge *e) {
  switch (kind) {
  case FC_K_ALLOC_NULL:
    return e->test == FC_T_EQ && e->value == 0;
  case FC_K_ALLOC_NEG:
    return (e->test == FC_T_LT && e->value <= 0) ||
           ((e->test == FC_T_LE || e->test == FC_T_EQ) && e->value < 0);
  case FC_K_ALLOC_ERR:
    return e->test != FC_T_ALWAYS && e->test != FC_T_DEFAULT && !fc_test_holds(e->test, 0, e->value);
  default:
    return 0;
  }
}

/* Does the constant c tell a failure of that kind? */
static int failure_value(uint32_t kind, int64_t c) {
  return kind == FC_K_ALLOC_NULL ? c == 0 : kind == FC_K_ALLOC_NEG ? c < 0 : c != 0;
}

/* A search backwards for where a variable got its value. */
struct source {
  const struct fc_program *p;
  uint32_t func;
  uint32_t *stamp; /* per block: the search that visited it last */
  uint32_t now, events_left;
  struct { uint32_t block, end; int32_t var; } stack[SOURCE_BUDGET];
};

/* The parameter a function of the program returns unchanged on every
 * return (redis's extend_to_usable(ptr, size): `return ptr;`), or -1. */
static int32_t returns_param(const struct fc_program *p, uint32_t g) {
  int32_t k = -1;
  for (uint32_t b = 0; b < fc_block_count(p, g); b++)
    for (uint32_t i = 0; i < fc_event_count(p, g, b); i++) {
      const struct fc_event *ev = fc_event_at(p, fc_block_event(p, g, b, i));
      if (ev->kind != FC_EV_RETURN)
        continue;
      if (ev->var < 0 || (k >= 0 && ev->var != k) || ev->var >= 64 ||
          !(fc_var_flags(p, g, ev->var) & FC_VAR_PARAM))
        return -1;
      k = ev->var;
    }
  return k >= 0 && (fc_func_kept_params(p, g, 64) >> k & 1) ? k : -1;
}

/* Scans block b backwards from event `end` for what gives var its value:
 * 1 with *kind at an allocation, 0 with *var (the copy's source) when the
 * block does not give it, -1 at anything else. */
static int scan_block(struct source *s, uint32_t b, uint32_t end, int32_t *var, uint32_t *kind) {
  if (end > s->events_left)
    return -1;
  s->events_left -= end;
  for (uint32_t i = end; i-- > 0;) {
    struct fc_ref ref = fc_block_event(s->p, s->func, b, i);
    const struct fc_event *ev = fc_event_at(s->p, ref);
    if (ev->var != *var || ev->kind == FC_EV_RETURN || ev->kind == FC_EV_STORE)
      continue;
    if (ev->kind == FC_EV_CALL) {
      *kind = call_alloc(s->p, ref);
      if (*kind)
        return 1;
      /* a function that gives back its argument: where that came from */
      int32_t g = fc_call_is_direct(s->p, ref) ? fc_call_target(s->p, ref).func : -1;
      int32_t k = g >= 0 ? returns_param(s->p, (uint32_t)g) : -1;
      const struct fc_arg *a = k >= 0 ? fc_call_arg(s->p, ref, (uint32_t)k) : NULL;
      if (!a || a->kind != FC_ARG_VAR || a->var < 0)
        return -1;
      *var = a->var;
      continue;
    }
    struct fc_arg a;
    if (!fc_event_value(s->p, ref, &a) || a.kind != FC_ARG_VAR || a.var < 0)
      return -1;
    *var = a.var;
  }
  return 0;
}

/* The allocator kind whose result var holds before event `end` of block b,
 * every path back agreeing; 0 when it is not one. */
static uint32_t value_source(struct source *s, uint32_t b, uint32_t end, int32_t var) {
  uint32_t sp = 0, pushed = 1, found = FC_K_ALLOC, any = 0;
  s->now++;
  s->events_left = SOURCE_EVENTS;
  s->stamp[b] = s->now;
  s->stack[sp].block = b;
  s->stack[sp].end = end;
  s->stack[sp++].var = var;
  while (sp) {
    sp--;
    uint32_t blk = s->stack[sp].block, kind = 0;
    int32_t v = s->stack[sp].var;
    int r = scan_block(s, blk, s->stack[sp].end, &v, &kind);
    if (r < 0 || (r == 0 && blk == FC_ENTRY))
      return 0;
    if (r > 0) {
      found &= kind;
      any = 1;
      continue;
    }
    for (uint32_t k = 0; k < fc_pred_count(s->p, s->func, blk); k++) {
      uint32_t q = fc_pred(s->p, s->func, blk, k);
      if (s->stamp[q] == s->now)
        continue;
      if (pushed++ == SOURCE_BUDGET)
        return 0;
      s->stamp[q] = s->now;
      s->stack[sp].block = q;
      s->stack[sp].end = fc_event_count(s->p, s->func, q);
      s->stack[sp++].var = v;
    }
  }
  return any && (found == FC_K_ALLOC_NULL || found == FC_K_ALLOC_NEG || found == FC_K_ALLOC_ERR)
             ? found
             : 0;
}

/* Could the edge's test be passed only by a failed allocation's result? */
static int may_test_failure(const struct fc_edge *ed) {
  return ed->var >= 0 && (failure_test(FC_K_ALLOC_NULL, ed) || failure_test(FC_K_ALLOC_NEG, ed) ||
                          failure_test(FC_K_ALLOC_ERR, ed));
}

/* Is edge e of block b taken only when an allocation failed? */
static int failure_edge(struct source *s, uint32_t b, uint32_t e) {
  const struct fc_edge *ed = fc_succ_edge(s->p, s->func, b, e);
  if (!may_test_failure(ed))
    return 0;
  return failure_test(value_source(s, b, fc_event_count(s->p, s->func, b), ed->var), ed);
}

/* Most functions test nothing that way: their blocks need no search. */
static int tests_failure(const struct fc_program *p, uint32_t f) {
  for (uint32_t b = 0; b < fc_block_count(p, f); b++)
    for (uint32_t e = 0; e < fc_succ_count(p, f, b); e++)
      if (may_test_failure(fc_succ_edge(p, f, b, e)))
        return 1;
  return 0;
}

/* The blocks of a function reached at all (seen), and reached without a
 * failure edge (usual). */
struct reach {
  struct source *s;
  uint8_t *seen, *usual;
  int skip_failures;
};

static int reach_enter(void *ctx, uint32_t b) {
  struct reach *r = ctx;
  (r->skip_failures ? r->usual : r->seen)[b] = 1;
  return FC_DFS_FOLLOW;
}

static int reach_edge(void *ctx, uint32_t b, uint32_t e, uint32_t t, int seen) {
  struct reach *r = ctx;
  (void)t;
  if (seen != FC_DFS_NEW || !r->skip_failures)
    return FC_DFS_FOLLOW;
  return failure_edge(r->s, b, e) ? FC_DFS_SKIP : FC_DFS_FOLLOW;
}

/* Marks in failed[] the blocks of func that run only when an allocation
 * failed: 1 when there is one. */
static int failed_blocks(struct source *s, uint8_t *failed) {
  uint32_t n = fc_block_count(s->p, s->func);
  if (!tests_failure(s->p, s->func))
    return 0;
  struct reach r = {s, fc_xcalloc(n + 1, 1), fc_xcalloc(n + 1, 1), 0};
  struct fc_dfs d = {s->p, s->func, reach_enter, reach_edge, &r};
  fc_dfs_run(&d, FC_ENTRY);
  r.skip_failures = 1;
  fc_dfs_run(&d, FC_ENTRY);
  int any = 0;
  for (uint32_t b = 0; b < n; b++) {
    failed[b] = r.seen[b] && !r.usual[b];
    any |= failed[b];
  }
  free(r.seen);
  free(r.usual);
  return any;
}

/* A size no allocation can have: a bound of 2^31 or more (redis's
 * ztrymalloc_usable_internal(): `if (size >= SIZE_MAX/2) return NULL;`). */
#define OVERSIZE_BOUND ((int64_t)1 << 31)

/* Does the edge refuse the request an allocator wrapper was given, by a
 * test of its parameters: one too large to allocate (`>= bound`, `>
 * bound`), or 0 (a size of 0, as realloc(p, 0) frees and returns NULL; a
 * NULL string to copy)? A wrapper returns NULL for those as it does for a
 * failed allocation, and its callers test them alike. */
static int refusal_edge(const struct source *s, const struct fc_edge *ed) {
  if (ed->var < 0 || !(fc_var_flags(s->p, s->func, ed->var) & FC_VAR_PARAM))
    return 0;
  return ((ed->test == FC_T_GE || ed->test == FC_T_GT) && ed->value >= OVERSIZE_BOUND) ||
         (ed->test == FC_T_EQ && ed->value == 0);
}

/* The blocks of the function reached only through a refusal edge. */
struct refused {
  const struct source *s;
  uint8_t *reached;
};

static int refused_enter(void *ctx, uint32_t b) {
  ((struct refused *)ctx)->reached[b] = 1;
  return FC_DFS_FOLLOW;
}

static int refused_edge(void *ctx, uint32_t b, uint32_t e, uint32_t t, int seen) {
  const struct refused *r = ctx;
  (void)t;
  if (seen != FC_DFS_NEW)
    return FC_DFS_FOLLOW;
  return refusal_edge(r->s, fc_succ_edge(r->s->p, r->s->func, b, e)) ? FC_DFS_SKIP
                                                                       : FC_DFS_FOLLOW;
}

/* Marks in refused[] the blocks every path from the entry reaches through a
 * refusal edge. */
static void refused_blocks(const struct source *s, uint8_t *refused) {
  uint32_t n = fc_block_count(s->p, s->func), any = 0;
  for (uint32_t b = 0; b < n && !any; b++)
    for (uint32_t e = 0; e < fc_succ_count(s->p, s->func, b); e++)
      any |= (uint32_t)refusal_edge(s, fc_succ_edge(s->p, s->func, b, e));
  if (!any)
    return; /* most functions: none */
  struct refused r = {s, fc_xcalloc(n + 1, 1)};
  struct fc_dfs d = {s->p, s->func, refused_enter, refused_edge, &r};
  fc_dfs_run(&d, FC_ENTRY);
  for (uint32_t b = 0; b < n; b++)
    refused[b] = !r.reached[b];
  free(r.reached);
}

/* What func returns, with what it calls now: the allocator kind when every
 * return gives an allocation's result (one at least), or a failure value
 * in a block that runs only when an allocation failed or the request was
 * refused (refusal_edge). */
static uint32_t returns_alloc(struct source *s, const uint8_t *failed) {
  uint32_t nb = fc_block_count(s->p, s->func);
  uint8_t *refused = fc_xcalloc(nb + 1, 1);
  refused_blocks(s, refused);
  uint32_t kinds = FC_K_ALLOC, consts = FC_K_ALLOC, any = 0;
  for (uint32_t b = 0; b < fc_block_count(s->p, s->func) && kinds; b++)
    for (uint32_t i = 0; i < fc_event_count(s->p, s->func, b); i++) {
      struct fc_ref ref = fc_block_event(s->p, s->func, b, i);
      const struct fc_event *ev = fc_event_at(s->p, ref);
      struct fc_arg a;
      if (ev->kind != FC_EV_RETURN)
        continue;
      if (ev->var >= 0) {
        kinds &= value_source(s, b, i, ev->var);
        any = 1;
      } else if ((failed[b] || refused[b]) && fc_event_value(s->p, ref, &a) &&
                 a.kind == FC_ARG_CONST) {
        for (uint32_t k = FC_K_ALLOC_NULL; k <= FC_K_ALLOC_ERR; k <<= 1)
          if (!failure_value(k, a.value))
            consts &= ~k;
      } else {
        kinds = 0;
      }
    }
  free(refused);
  kinds &= consts;
  return any && (kinds == FC_K_ALLOC_NULL || kinds == FC_K_ALLOC_NEG || kinds == FC_K_ALLOC_ERR)
             ? kinds
             : 0;
}

static void source_begin(struct source *s, const struct fc_program *p, uint32_t f) {
  s->p = p;
  s->func = f;
  s->stamp = fc_xcalloc(fc_block_count(p, f) + 1, sizeof *s->stamp);
  s->now = 0;
}

/* Does f return a variable somewhere (none returns an allocation else)? */
static int returns_value(const struct fc_program *p, uint32_t f) {
  for (uint32_t b = 0; b < fc_block_count(p, f); b++)
    for (uint32_t i = 0; i < fc_event_count(p, f, b); i++) {
      const struct fc_event *ev = fc_event_at(p, fc_block_event(p, f, b, i));
      if (ev->kind == FC_EV_RETURN && ev->var >= 0)
        return 1;
    }
  return 0;
}

/* The functions that return an allocation's result: each judged again
 * when a function it calls becomes one. */
static void find_allocators(struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n;
  struct fc_worklist work;
  fc_worklist_init(&work, n, 0);
  for (uint32_t f = 0; f < n; f++)
    fc_worklist_push(&work, f);
  struct source s;
  while (work.count) {
    uint32_t f = fc_worklist_pop(&work);
    if (p->funcs.v[f].alloc_returns || !returns_value(p, f))
      continue;
    source_begin(&s, p, f);
    uint8_t *failed = fc_xcalloc(fc_block_count(p, f) + 1, 1);
    failed_blocks(&s, failed);
    p->funcs.v[f].alloc_returns = returns_alloc(&s, failed);
    free(failed);
    free(s.stamp);
    for (uint32_t k = 0; p->funcs.v[f].alloc_returns && k < fc_caller_count(p, f); k++)
      fc_worklist_push(&work, fc_caller_at(p, f, k).caller);
  }
  fc_worklist_free(&work);
}

void fc_alloc_compute(struct fc_program *p) {
  find_allocators(p);
  p->alloc_failed = fc_xcalloc(p->n_tus + 1, sizeof *p->alloc_failed);
  for (uint32_t t = 0; t < p->n_tus; t++)
    p->alloc_failed[t] = fc_xcalloc(p->tus[t]->events.n + 1, 1);
  struct source s;
  for (uint32_t f = 0; f < p->funcs.n; f++) {
    struct fc_pfunc *pf = &p->funcs.v[f];
    if (!tests_failure(p, f))
      continue;
    source_begin(&s, p, f);
    pf->alloc_failed = fc_xcalloc(fc_block_count(p, f) + 1, 1);
    if (!failed_blocks(&s, pf->alloc_failed)) {
      free(pf->alloc_failed);
      pf->alloc_failed = NULL;
    }
    for (uint32_t b = 0; pf->alloc_failed && b < fc_block_count(p, f); b++)
      for (uint32_t i = 0; pf->alloc_failed[b] && i < fc_event_count(p, f, b); i++) {
        struct fc_ref ref = fc_block_event(p, f, b, i);
        p->alloc_failed[ref.tu][ref.event] = 1;
      }
    free(s.stamp);
  }
}

void fc_alloc_free(struct fc_program *p) {
  for (uint32_t t = 0; p->alloc_failed && t < p->n_tus; t++)
    free(p->alloc_failed[t]);
  free(p->alloc_failed);
  p->alloc_failed = NULL;
}

int fc_call_alloc_failed(const struct fc_program *p, struct fc_ref call) {
  fc_fact_check(p, FC_FACT_alloc_failure);
  return p->alloc_failed[call.tu][call.event];
}

int fc_block_alloc_failed(const struct fc_program *p, uint32_t f, uint32_t b) {
  fc_fact_check(p, FC_FACT_alloc_failure);
  const uint8_t *failed = p->funcs.v[f].alloc_failed;
  return failed && failed[b];
}
