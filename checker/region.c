/* The child region of a fork site (region.h), on the query layer. */
#include "region.h"

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
  uint32_t func;
  int32_t tracked;
  int parent_noreturn;
  fc_region_visit visit;
  void *visit_ctx;
  int stop;
};

/* The state after the fork call itself. */
static unsigned at_fork(const struct fc_region *r) {
  unsigned s = r->site->kind == FC_SITE_DAEMON ? (FC_CHILD | FC_FAILED) : FC_ALL;
  return r->marker ? s | FC_UNMARKED | FC_UNMARKED_IN(s & FC_ALL) : s;
}

/* Runs event ref on state s; records what the region learns on the way. */
static unsigned run_event(struct flow *fl, struct fc_ref ref, unsigned s) {
  const struct fc_event *ev = fc_event_at(fl->p, ref);
  if (ev->kind == FC_EV_RETURN) {
    if (ev->var >= 0 && ev->var == fl->tracked && !(s & FC_DEAD) && (s & FC_CHILD))
      fl->r->child_returns = 1;
    return s;
  }
  if (ev->var >= 0 && ev->var == fl->tracked)
    s |= FC_DEAD;
  if (ev->kind != FC_EV_CALL)
    return s;
  if (fl->r->marker && fl->r->marker(fl->p, ref, fl->r->marker_arg))
    s &= ~(unsigned)(FC_UNMARKED | FC_UNMARKED_IN(FC_ALL));
  if (fc_call_noreturn(fl->p, ref)) {
    if (s & FC_PARENT)
      fl->parent_noreturn = 1;
    s = 0;
  }
  return s;
}

/* Runs block b's events from state s, visiting them when fl->visit is set;
 * returns the state at its end. */
static unsigned run_block(struct flow *fl, uint32_t b, unsigned s) {
  const struct fc_fork_site *site = fl->r->site;
  for (uint32_t i = 0; i < fc_event_count(fl->p, fl->func, b) && !fl->stop; i++) {
    struct fc_ref ref = fc_block_event(fl->p, fl->func, b, i);
    if (b == site->block && i == site->index) {
      s = at_fork(fl->r);
      continue;
    }
    if (!(s & FC_ALL))
      continue;
    if (fl->visit && fl->visit(fl->visit_ctx, ref, b, s)) {
      fl->stop = 1;
      break;
    }
    s = run_event(fl, ref, s);
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
  memset(fl, 0, sizeof *fl);
  fl->p = p;
  fl->r = r;
  fl->func = r->site->func;
  fl->tracked = fc_event_at(p, r->site->call)->var;
}

static int flow_run(void *ctx, uint32_t b, void *s) {
  struct flow *fl = ctx;
  uint8_t *st = s;
  *st = (uint8_t)run_block(fl, b, *st);
  return (*st & FC_ALL) != 0;
}

static int flow_along(void *ctx, uint32_t b, uint32_t e, void *s) {
  struct flow *fl = ctx;
  uint8_t *st = s;
  *st = (uint8_t)along(fl, fc_succ_edge(fl->p, fl->func, b, e), *st);
  return (*st & FC_ALL) != 0;
}

static int flow_join(void *ctx, void *into, const void *from) {
  (void)ctx;
  uint8_t *to = into, merged = (uint8_t)(*to | *(const uint8_t *)from);
  if (merged == *to)
    return 0;
  *to = merged;
  return 1;
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
  r->in = fc_xcalloc(fc_block_count(p, s->func), 1);
  struct fc_flow df = {p, s->func, 1, 0, flow_run, flow_along, flow_join, &fl};
  fc_flow_run(&df, r->in, &s->block, 1);
  r->parent_exits = fl.parent_noreturn && !(r->in[FC_EXIT] & FC_PARENT);
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
  fl.visit = fn;
  fl.visit_ctx = ctx;
  for (uint32_t b = 0; b < fc_block_count(p, fl.func) && !fl.stop; b++)
    if ((r->in[b] & FC_ALL) || b == r->site->block)
      run_block(&fl, b, r->in[b]);
}

unsigned fc_region_edge_state(const struct fc_program *p, const struct fc_region *r, uint32_t b,
                              uint32_t e) {
  struct flow fl;
  struct fc_region scratch = *r;
  flow_init(&fl, p, &scratch);
  unsigned out = run_block(&fl, b, r->in[b]);
  if (!(out & FC_ALL) || e >= fc_succ_count(p, fl.func, b))
    return 0;
  unsigned st = along(&fl, fc_succ_edge(p, fl.func, b, e), out);
  return st & FC_ALL ? st : 0;
}

int fc_child_separated(const struct fc_program *p, const struct fc_region *r) {
  for (uint32_t b = 0; b < fc_block_count(p, r->site->func); b++)
    if ((r->in[b] & FC_CHILD) && !(r->in[b] & FC_PARENT))
      return 1;
  return 0;
}
