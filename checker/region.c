/*
 * The child region of a fork site: a forward dataflow over the function's
 * CFG of what the fork result may be on each path -- the child (== 0), the
 * parent (> 0), failure (== -1) -- refined by the edges that test the
 * variable holding it, and ended by calls that do not return.
 */
#include "program.h"

#include <stdlib.h>
#include <string.h>

int fc_test_holds(int test, int64_t x, int64_t v) {
  switch (test) {
  case FC_T_EQ: return x == v;
  case FC_T_NE: return x != v;
  case FC_T_LT: return x < v;
  case FC_T_GT: return x > v;
  case FC_T_LE: return x <= v;
  case FC_T_GE: return x >= v;
  default: return 1;
  }
}

/* The fork outcomes for which the edge's test can hold. */
static unsigned satisfiable(const struct fc_edge *e) {
  if (e->test == FC_T_ALWAYS)
    return FC_ALL;
  if (e->test == FC_T_DEFAULT)
    return FC_PARENT | (e->value & 1 ? 0 : FC_CHILD) | (e->value & 2 ? 0 : FC_FAILED);
  unsigned m = 0;
  if (fc_test_holds(e->test, 0, e->value))
    m |= FC_CHILD;
  if (fc_test_holds(e->test, -1, e->value))
    m |= FC_FAILED;
  /* Some pid >= 1 satisfies the test. */
  int parent;
  switch (e->test) {
  case FC_T_EQ: parent = e->value >= 1; break;
  case FC_T_LT: parent = e->value > 1; break;
  case FC_T_LE: parent = e->value >= 1; break;
  default: parent = 1; break;
  }
  if (parent)
    m |= FC_PARENT;
  return m;
}

struct flow {
  const struct fc_program *p;
  struct fc_region *r;
  const struct fc_tu *tu;
  const struct fc_function *fn;
  int32_t tracked;
  int parent_noreturn;
};

/* Runs block b's events from state s; returns the state at its end. */
static unsigned run_block(struct flow *fl, uint32_t b, unsigned s, fc_region_visit visit,
                          void *ctx, int *stop) {
  const struct fc_fork_site *site = fl->r->site;
  const struct fc_block *blk = fc_fn_block(fl->tu, fl->fn, b);
  for (uint32_t i = 0; i < blk->ev_count && !*stop; i++) {
    struct fc_ref ref = {site->call.tu, blk->ev_first + i};
    const struct fc_event *ev = &fl->tu->events.v[ref.event];
    if (b == site->block && i == site->index) {
      s = site->kind == FC_SITE_DAEMON ? (FC_CHILD | FC_FAILED) : FC_ALL;
      if (fl->r->marker)
        s |= FC_UNMARKED | FC_UNMARKED_IN(s & FC_ALL);
      continue;
    }
    if (!(s & FC_ALL))
      continue;
    if (visit && visit(ctx, ref, b, s)) {
      *stop = 1;
      break;
    }
    if (ev->kind == FC_EV_RETURN) {
      if (ev->var >= 0 && ev->var == fl->tracked && !(s & FC_DEAD) && (s & FC_CHILD))
        fl->r->child_returns = 1;
      continue;
    }
    if (ev->var >= 0 && ev->var == fl->tracked)
      s |= FC_DEAD;
    if (ev->kind == FC_EV_CALL && fl->r->marker && fl->r->marker(fl->p, ref, fl->r->marker_arg))
      s &= ~(unsigned)(FC_UNMARKED | FC_UNMARKED_IN(FC_ALL));
    if (ev->kind == FC_EV_CALL && fc_call_noreturn(fl->p, ref)) {
      if (s & FC_PARENT)
        fl->parent_noreturn = 1;
      s = 0;
    }
  }
  return s;
}

static unsigned along(const struct flow *fl, const struct fc_edge *e, unsigned s) {
  if (e->test == FC_T_ALWAYS || e->var != fl->tracked || (s & FC_DEAD))
    return s;
  unsigned sat = satisfiable(e);
  return (s & ~(unsigned)(FC_ALL | FC_UNMARKED_IN(FC_ALL))) | (s & sat) |
         (s & FC_UNMARKED_IN(sat));
}

static void flow_init(struct flow *fl, const struct fc_program *p, struct fc_region *r) {
  const struct fc_pfunc *pf = &p->funcs.v[r->site->func];
  fl->p = p;
  fl->r = r;
  fl->tu = p->tus[pf->tu];
  fl->fn = pf->fn;
  fl->tracked = fc_event_at(p, r->site->call)->var;
  fl->parent_noreturn = 0;
}

void fc_region_compute(const struct fc_program *p, const struct fc_fork_site *s,
                       struct fc_region *r) {
  fc_region_compute_marked(p, s, NULL, NULL, r);
}

void fc_region_compute_marked(const struct fc_program *p, const struct fc_fork_site *s,
                              fc_call_pred marker, void *arg, struct fc_region *r) {
  memset(r, 0, sizeof *r);
  r->site = s;
  r->marker = marker;
  r->marker_arg = arg;
  struct flow fl;
  flow_init(&fl, p, r);
  uint32_t n = fl.fn->block_count;
  r->in = fc_xcalloc(n, 1);
  uint32_t *queue = fc_xmalloc((size_t)(n + 1) * sizeof *queue);
  uint8_t *queued = fc_xcalloc(n, 1);
  uint32_t head = 0, count = 0;
  queue[0] = s->block;
  queued[s->block] = 1;
  count = 1;
  int stop = 0;
  while (count) {
    uint32_t b = queue[head];
    head = (head + 1) % (n + 1);
    count--;
    queued[b] = 0;
    unsigned out = run_block(&fl, b, r->in[b], NULL, NULL, &stop);
    if (!(out & FC_ALL))
      continue;
    const struct fc_block *blk = fc_fn_block(fl.tu, fl.fn, b);
    for (uint32_t e = 0; e < blk->edge_count; e++) {
      const struct fc_edge *ed = &fl.tu->edges.v[blk->edge_first + e];
      unsigned st = along(&fl, ed, out);
      if (!(st & FC_ALL) || ed->target >= n)
        continue;
      unsigned merged = r->in[ed->target] | st;
      if (merged != r->in[ed->target]) {
        r->in[ed->target] = (uint8_t)merged;
        if (!queued[ed->target]) {
          queued[ed->target] = 1;
          queue[(head + count) % (n + 1)] = ed->target;
          count++;
        }
      }
    }
  }
  r->parent_exits = fl.parent_noreturn && !(r->in[FC_EXIT] & FC_PARENT);
  free(queue);
  free(queued);
}

unsigned fc_edge_outcomes(const struct fc_edge *e) { return satisfiable(e); }

void fc_region_free(struct fc_region *r) {
  free(r->in);
  r->in = NULL;
}

void fc_region_walk(const struct fc_program *p, const struct fc_region *r, fc_region_visit fn,
                    void *ctx) {
  struct flow fl;
  struct fc_region scratch = *r; /* run_block records facts; keep r as computed */
  flow_init(&fl, p, &scratch);
  int stop = 0;
  for (uint32_t b = 0; b < fl.fn->block_count && !stop; b++)
    if ((r->in[b] & FC_ALL) || b == r->site->block)
      run_block(&fl, b, r->in[b], fn, ctx, &stop);
}

unsigned fc_region_edge_state(const struct fc_program *p, const struct fc_region *r, uint32_t b,
                              uint32_t e) {
  struct flow fl;
  struct fc_region scratch = *r;
  flow_init(&fl, p, &scratch);
  int stop = 0;
  unsigned out = run_block(&fl, b, r->in[b], NULL, NULL, &stop);
  const struct fc_block *blk = fc_fn_block(fl.tu, fl.fn, b);
  if (!(out & FC_ALL) || e >= blk->edge_count)
    return 0;
  unsigned st = along(&fl, &fl.tu->edges.v[blk->edge_first + e], out);
  return st & FC_ALL ? st : 0;
}
