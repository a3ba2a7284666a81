/* The child region of a fork site (region.h), on the query layer. */
#include "region.h"
#include "facts.h"

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

int fc_test_holds_nonzero(int test, int64_t v) { return !(test == FC_T_EQ && v == 0); }

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

/* Besides the fork's result (slot 0), a few variables are followed per
 * outcome: flags set in one branch (`is_child = 1`), copies of the result,
 * truth values (`child = (pid == 0)`). A later test of one of them keeps
 * only the outcomes it can hold for. */
#define SLOTS FC_REGION_SLOTS

struct state {
  uint8_t s;   /* FC_CHILD|...|FC_DEAD|FC_UNMARKED... */
  uint8_t pre; /* the process before the fork reaches here (its values: FC_IN_BEFORE) */
  struct fc_value v[SLOTS][FC_IN_BEFORE + 1];
};

#define VALUES (FC_IN_BEFORE + 1)
static const unsigned outcome_bit[VALUES] = {FC_CHILD, FC_PARENT, FC_FAILED, FC_BEFORE};

/* The outcomes and the process before the fork, as bits of outcome_bit. */
static unsigned present(const struct state *st) {
  return (st->s & FC_ALL) | (st->pre ? FC_BEFORE : 0u);
}

struct flow {
  const struct fc_program *p;
  struct fc_region *r;
  uint32_t func;
  int32_t slot_var[SLOTS]; /* slot 0: the variable holding the fork's result */
  unsigned n_slots;
  struct fc_value start[FC_OUTCOMES]; /* the call's result, per outcome */
  unsigned start_outcomes;
  int parent_noreturn;
  int parent_stays; /* the parent waits for a child, or forks again, on some path */
  fc_region_visit visit;
  void *visit_ctx;
  int stop;
};

static int nonzero(const struct fc_value *v) {
  return v->cls == FC_V_NONZERO || (v->cls == FC_V_CONST && v->c != 0);
}

static int at_most_zero(const struct fc_value *v) {
  return v->cls == FC_V_NONPOS || (v->cls == FC_V_CONST && v->c <= 0);
}

/* A pid: the fork's result in the parent, or a constant above 0. */
static int positive(const struct fc_value *v, int in_child) {
  return (v->cls == FC_V_FORK && !in_child) || (v->cls == FC_V_CONST && v->c > 0);
}

static int is_zero(const struct fc_value *v, int in_child) {
  return (v->cls == FC_V_FORK && in_child) || (v->cls == FC_V_CONST && v->c == 0);
}
static int is_nonzero(const struct fc_value *v, int in_child) {
  return (v->cls == FC_V_FORK && !in_child) || v->cls == FC_V_NONZERO ||
         (v->cls == FC_V_CONST && v->c != 0);
}

/* A constant, or a value known to differ from one: a mode. */
static int known(const struct fc_value *v) {
  return v->cls == FC_V_CONST || v->cls == FC_V_NONZERO || v->cls == FC_V_NOT;
}

int fc_tells_apart(const struct fc_value *child, const struct fc_value *parent) {
  if (child->cls == FC_V_CONST && parent->cls == FC_V_CONST)
    return child->c != parent->c;
  if ((child->cls == FC_V_CONST && parent->cls == FC_V_NOT) ||
      (child->cls == FC_V_NOT && parent->cls == FC_V_CONST))
    return child->c == parent->c;
  return (is_zero(child, 1) && is_nonzero(parent, 0)) ||
         (is_nonzero(child, 1) && is_zero(parent, 0)) ||
         (at_most_zero(child) && positive(parent, 0)) || (positive(child, 1) && at_most_zero(parent));
}

struct fc_value fc_value_join(struct fc_value a, struct fc_value b) {
  struct fc_value unknown = {FC_V_UNKNOWN, 0}, some = {FC_V_NONZERO, 0}, low = {FC_V_NONPOS, 0};
  if (a.cls == b.cls && ((a.cls != FC_V_CONST && a.cls != FC_V_NOT) || a.c == b.c))
    return a;
  if (nonzero(&a) && nonzero(&b))
    return some;
  if ((a.cls == FC_V_NOT && b.cls == FC_V_CONST && b.c != a.c) ||
      (b.cls == FC_V_NOT && a.cls == FC_V_CONST && a.c != b.c))
    return a.cls == FC_V_NOT ? a : b;
  return at_most_zero(&a) && at_most_zero(&b) ? low : unknown;
}

/* The join in outcome o, where the fork's result is 0 in the child and -1
 * on failure: a child that returns the result or -1 returns a value <= 0;
 * a parent that returns the pid or -1, a value other than 0. */
static struct fc_value join_in(struct fc_value a, struct fc_value b, unsigned o) {
  struct fc_value fork_is = {FC_V_CONST, o == FC_IN_CHILD ? 0 : -1};
  if (a.cls != b.cls && (o == FC_IN_CHILD || o == FC_IN_FAILED)) {
    if (a.cls == FC_V_FORK)
      a = fork_is;
    if (b.cls == FC_V_FORK)
      b = fork_is;
  }
  /* In the parent the result is a pid, above 0: with -1 returned when a
   * step after the fork fails (ngircd's Proc_Fork()), never 0. */
  struct fc_value some = {FC_V_NONZERO, 0};
  if (o == FC_IN_PARENT && a.cls != b.cls &&
      ((a.cls == FC_V_FORK && nonzero(&b)) || (b.cls == FC_V_FORK && nonzero(&a))))
    return some;
  return fc_value_join(a, b);
}

/* Can a value <= 0 satisfy the test: 0, -1, the lowest value, or the
 * constant tested when it is <= 0 itself? */
static int nonpos_can_hold(const struct fc_edge *e) {
  int64_t c = e->value;
  return e->test == FC_T_DEFAULT || fc_test_holds(e->test, 0, c) ||
         fc_test_holds(e->test, -1, c) || fc_test_holds(e->test, INT64_MIN, c) ||
         (c <= 0 && fc_test_holds(e->test, c, c));
}

/* Can edge e's test hold for a value of class v in outcome o? */
static int can_hold(const struct fc_value *v, unsigned o, const struct fc_edge *e) {
  switch (v->cls) {
  case FC_V_FORK: return (satisfiable(e) & outcome_bit[o]) != 0;
  case FC_V_NONZERO: return e->test != FC_T_EQ || e->value != 0;
  case FC_V_NONPOS: return nonpos_can_hold(e);
  case FC_V_NOT: return e->test != FC_T_EQ || e->value != v->c;
  case FC_V_CONST:
    if (e->test == FC_T_DEFAULT)
      return !((v->c == 0 && (e->value & 1)) || (v->c == -1 && (e->value & 2)));
    return fc_test_holds(e->test, v->c, e->value);
  default: return 1;
  }
}

static int slot_of(const struct flow *fl, int32_t var) {
  for (unsigned k = 0; var >= 0 && k < fl->n_slots; k++)
    if (fl->slot_var[k] == var)
      return (int)k;
  return -1;
}

/* The value a variable has in outcome o, as far as the slots know. */
static struct fc_value value_of(const struct flow *fl, const struct state *st, int32_t var,
                                unsigned o) {
  struct fc_value unknown = {FC_V_UNKNOWN, 0};
  int k = slot_of(fl, var);
  if (k < 0)
    return unknown;
  return st->v[k][o];
}

/* The value an event stores or returns, in outcome o. */
static struct fc_value event_value(const struct flow *fl, const struct state *st,
                                   struct fc_ref ref, unsigned o) {
  struct fc_arg a;
  struct fc_value v = {FC_V_UNKNOWN, 0};
  const struct fc_event *ev = fc_event_at(fl->p, ref);
  if (ev->kind == FC_EV_RETURN && ev->var >= 0)
    return value_of(fl, st, ev->var, o);
  if (!fc_event_value(fl->p, ref, &a))
    return v;
  if (a.kind == FC_ARG_VAR)
    return value_of(fl, st, a.var, o);
  if (a.kind == FC_ARG_VAR_PLUS) {
    struct fc_value old = value_of(fl, st, a.var, o);
    if (old.cls == FC_V_CONST)
      old.c += a.value;
    else
      old = v;
    return old;
  }
  v.cls = FC_V_CONST;
  v.c = a.value;
  return v;
}

/* The state after the fork call itself: the followed variables keep what
 * they held before it, whichever process runs on. */
static void at_fork(const struct flow *fl, struct state *st) {
  unsigned before = present(st);
  for (unsigned k = 1; k < fl->n_slots; k++) {
    struct fc_value v = {FC_V_UNKNOWN, 0};
    int any = 0;
    for (unsigned o = 0; o < VALUES; o++)
      if (before & outcome_bit[o]) {
        v = any ? fc_value_join(v, st->v[k][o]) : st->v[k][o];
        any = 1;
      }
    for (unsigned o = 0; o < VALUES; o++)
      st->v[k][o] = any ? v : (struct fc_value){FC_V_UNKNOWN, 0};
  }
  memcpy(st->v[0], fl->start, sizeof fl->start);
  unsigned s = fl->start_outcomes;
  st->s = (uint8_t)(fl->r->marker ? s | FC_UNMARKED | FC_UNMARKED_IN(s) : s);
  st->pre = 0;
}

static void record_return(struct flow *fl, struct fc_ref ref, const struct state *st) {
  const struct fc_event *ev = fc_event_at(fl->p, ref);
  struct fc_region *r = fl->r;
  if (ev->var >= 0 && ev->var == fl->slot_var[0] && !(st->s & FC_DEAD) && (st->s & FC_CHILD))
    r->child_returns = 1;
  if (st->s & FC_UNMARKED_IN(FC_CHILD))
    r->child_unmarked = 1;
  for (unsigned o = 0; o < VALUES; o++) {
    if (!(present(st) & outcome_bit[o]))
      continue;
    struct fc_value v = event_value(fl, st, ref, o);
    r->ret[o] = r->ret_outcomes & outcome_bit[o] ? join_in(r->ret[o], v, o) : v;
    r->ret_outcomes |= (uint8_t)outcome_bit[o];
  }
}

/* Does the call take the address of local v (`split(s, &argc, argv)`)? */
static int passes_local(const struct fc_program *p, struct fc_ref call, int32_t v) {
  const struct fc_arg *a;
  for (uint32_t i = 0; (a = fc_call_arg(p, call, i)) != NULL; i++)
    if (a->kind == FC_ARG_ADDR && a->var == v)
      return 1;
  return 0;
}

int fc_call_is_exec(const struct fc_program *p, struct fc_ref ref, void *arg) {
  (void)arg;
  return fc_event_at(p, ref)->kind == FC_EV_CALL && fc_call_is_direct(p, ref) &&
         fc_call_target(p, ref).func < 0 && (fc_call_kinds(p, ref, NULL) & FC_K_EXEC);
}

/* Does return event i of block b of g return what an exec call before it
 * in the block returns (`return execv(path, argv);`): -1? */
static int returns_exec_result(const struct fc_program *p, uint32_t g, uint32_t b, uint32_t i) {
  int32_t v = fc_event_at(p, fc_block_event(p, g, b, i))->var;
  for (uint32_t j = i; v >= 0 && j-- > 0;) {
    struct fc_ref r = fc_block_event(p, g, b, j);
    if (fc_event_at(p, r)->var == v)
      return fc_call_is_exec(p, r, NULL);
  }
  return 0;
}

/* Does call ref of a function of the program return one constant, *c,
 * whenever it returns: every return of the function gives it (nslcd's
 * wait_for_response() returns -1 or _exit()s; inn's vector_exec() returns
 * what execv() returns, which is -1 whenever it returns)? */
static int call_returns_const(const struct fc_program *p, struct fc_ref ref, int64_t *c) {
  struct fc_target t = fc_call_target(p, ref);
  if (fc_event_at(p, ref)->kind != FC_EV_CALL || !fc_call_is_direct(p, ref) || t.func < 0)
    return 0;
  uint32_t g = (uint32_t)t.func;
  int any = 0;
  for (uint32_t b = 0; b < fc_block_count(p, g); b++)
    for (uint32_t i = 0; i < fc_event_count(p, g, b); i++) {
      struct fc_ref r = fc_block_event(p, g, b, i);
      struct fc_arg a;
      if (fc_event_at(p, r)->kind != FC_EV_RETURN)
        continue;
      if (returns_exec_result(p, g, b, i))
        a = (struct fc_arg){.kind = FC_ARG_CONST, .var = -1, .value = -1};
      else if (!fc_event_value(p, r, &a) || a.kind != FC_ARG_CONST)
        return 0;
      if (any && a.value != *c)
        return 0;
      *c = a.value;
      any = 1;
    }
  return any;
}

/* What event ref, which assigns a variable, leaves in it in outcome o. */
static struct fc_value assigned_value(const struct flow *fl, const struct state *before,
                                      struct fc_ref ref, unsigned o) {
  const struct fc_event *ev = fc_event_at(fl->p, ref);
  int64_t c;
  if (ev->kind == FC_EV_ASSIGN)
    return event_value(fl, before, ref, o);
  if (fc_call_is_exec(fl->p, ref, NULL))
    return (struct fc_value){FC_V_CONST, -1}; /* exec returns only -1 */
  if (ev->kind == FC_EV_CALL && call_returns_const(fl->p, ref, &c))
    return (struct fc_value){FC_V_CONST, c};
  return (struct fc_value){FC_V_UNKNOWN, 0};
}

/* An assignment or a call's result into a followed variable (an exec's is
 * -1, that of a function that returns one constant that constant); a call may
 * change the followed globals and members (fc_call_may_write), and a local
 * whose address it is given. (An address kept in a pointer, `p = &v`, is
 * not seen: the extraction keeps no such assignment.) */
static void update_slots(const struct flow *fl, struct fc_ref ref, struct state *st) {
  const struct fc_event *ev = fc_event_at(fl->p, ref);
  struct state before = *st;
  for (unsigned k = 1; k < fl->n_slots; k++) {
    int32_t v = fl->slot_var[k];
    int assigned = ev->var == v && ev->kind != FC_EV_STORE;
    int storage = (fc_var_flags(fl->p, fl->func, v) & (FC_VAR_GLOBAL | FC_VAR_MEMORY)) != 0;
    int clobbered =
        ev->kind == FC_EV_CALL &&
        (storage ? fc_call_may_write(fl->p, fl->func, ref, fc_var_storage(fl->p, fl->func, v))
                 : passes_local(fl->p, ref, v));
    for (unsigned o = 0; o < VALUES; o++) {
      if (assigned)
        st->v[k][o] = assigned_value(fl, &before, ref, o);
      else if (clobbered)
        st->v[k][o] = (struct fc_value){FC_V_UNKNOWN, 0};
    }
  }
}

/* `pid = vfork(); if (pid == -1) pid = fork();`: a fork into the same
 * variable where only the failure is left is the same site tried again,
 * with all its outcomes. */
static int retries(const struct flow *fl, struct fc_ref ref, struct state *st) {
  const struct fc_event *ev = fc_event_at(fl->p, ref);
  struct fc_target t = fc_call_target(fl->p, ref);
  int forks = t.func >= 0 ? fc_func_fork_source(fl->p, (uint32_t)t.func)
                          : (fc_call_kinds(fl->p, ref, NULL) & (FC_K_FORK | FC_K_VFORK)) != 0;
  if (ev->kind != FC_EV_CALL || ev->var < 0 || ev->var != fl->slot_var[0] || !forks ||
      (st->s & (FC_ALL | FC_DEAD)) != FC_FAILED)
    return 0;
  unsigned unmarked = st->s & FC_UNMARKED_IN(FC_FAILED) ? FC_UNMARKED_IN(FC_ALL) : 0;
  st->s = (uint8_t)((st->s & FC_UNMARKED) | FC_ALL | unmarked);
  for (unsigned o = 0; o < FC_OUTCOMES; o++)
    st->v[0][o] = (struct fc_value){FC_V_FORK, 0};
  return 1;
}

/* `if (!nofork) child = fork(); else child = 0;` in a loop: the constant
 * goes into the result's variable on a path the process that has not
 * forked takes too, so it is the mode without the fork. A parent (or a
 * failed fork) of an earlier round that comes here forks no more in this
 * round either: it joins that process, so that the constant does not make
 * the child's branch look like the parent's. */
static int no_fork_mode(const struct flow *fl, struct fc_ref ref, struct state *st) {
  const struct fc_event *ev = fc_event_at(fl->p, ref);
  struct fc_arg a;
  if (!st->pre || ev->kind != FC_EV_ASSIGN || !fc_event_value(fl->p, ref, &a) ||
      a.kind != FC_ARG_CONST || (st->s & (FC_CHILD | FC_DEAD)))
    return 0;
  for (unsigned o = FC_IN_PARENT; o < FC_OUTCOMES; o++)
    if (st->s & outcome_bit[o])
      for (unsigned k = 1; k < fl->n_slots; k++)
        st->v[k][FC_IN_BEFORE] = fc_value_join(st->v[k][FC_IN_BEFORE], st->v[k][o]);
  st->s = (uint8_t)(st->s & ~(unsigned)(FC_ALL | FC_UNMARKED_IN(FC_ALL)));
  st->v[0][FC_IN_BEFORE] = (struct fc_value){FC_V_CONST, a.value};
  return 1;
}

/* Runs event ref on state st; records what the region learns on the way. */
static void run_event(struct flow *fl, struct fc_ref ref, struct state *st) {
  const struct fc_event *ev = fc_event_at(fl->p, ref);
  if (ev->kind == FC_EV_RETURN) {
    record_return(fl, ref, st);
    return;
  }
  update_slots(fl, ref, st);
  if (retries(fl, ref, st))
    return;
  /* A store copies the result elsewhere (c->pid = pid): it stays as it was.
   * Another value assigned to it is followed from then on (value_of), no
   * longer as the fork's result: `r = waitpid(...); ... return r < 0 ? r :
   * child;` returns a value other than 0 in the parent (refine). The event
   * assigns slot 0 alone, so update_slots() left what it reads as it was. */
  if (ev->kind != FC_EV_STORE && ev->var >= 0 && ev->var == fl->slot_var[0] &&
      !no_fork_mode(fl, ref, st) && (st->s & FC_ALL)) {
    st->s |= FC_DEAD;
    for (unsigned o = 0; o < VALUES; o++)
      st->v[0][o] = assigned_value(fl, st, ref, o);
  }
  if (ev->kind != FC_EV_CALL)
    return;
  if ((st->s & FC_PARENT) && (fc_call_kinds(fl->p, ref, NULL) & FC_K_WAIT))
    fl->parent_stays = 1;
  if (fl->r->marker && fl->r->marker(fl->p, ref, fl->r->marker_arg))
    st->s &= (uint8_t) ~(FC_UNMARKED | FC_UNMARKED_IN(FC_ALL));
  if (fc_call_noreturn(fl->p, ref) || !fc_call_returns_args(fl->p, ref)) {
    if (st->s & FC_PARENT)
      fl->parent_noreturn = 1;
    st->s = 0;
    st->pre = 0;
  }
}

/* Runs block b's events from state st, visiting them when fl->visit is set;
 * st becomes the state at its end. */
static void run_block(struct flow *fl, uint32_t b, struct state *st) {
  const struct fc_fork_site *site = fl->r->site;
  for (uint32_t i = 0; i < fc_event_count(fl->p, fl->func, b) && !fl->stop; i++) {
    struct fc_ref ref = fc_block_event(fl->p, fl->func, b, i);
    if (site->child < 0 && b == site->block && i == site->index) {
      if (st->s & FC_PARENT)
        fl->parent_stays = 1;
      at_fork(fl, st);
      continue;
    }
    if (!present(st))
      continue;
    if (fl->visit && (st->s & FC_ALL) && fl->visit(fl->visit_ctx, ref, b, st->s)) {
      fl->stop = 1;
      break;
    }
    run_event(fl, ref, st);
  }
}

/* The outcomes for which edge e's test can hold, from what is followed. */
static unsigned edge_keeps(const struct flow *fl, const struct fc_edge *e,
                           const struct state *st) {
  int k = e->test == FC_T_ALWAYS ? -1 : slot_of(fl, e->var);
  if (k < 0 || (k == 0 && (st->s & FC_DEAD)))
    return FC_ALL | FC_BEFORE;
  unsigned keep = 0;
  for (unsigned o = 0; o < VALUES; o++)
    if (can_hold(&st->v[k][o], o, e))
      keep |= outcome_bit[o];
  return keep;
}

/* Can a test of v be taken to hold at the next test: a local, or a settled
 * global (fc_var_settled)? Other globals and members are not refined: a
 * signal handler or another thread may change them between the tests. */
static int refinable(const struct fc_program *p, uint32_t f, int32_t v) {
  return !(fc_var_flags(p, f, v) & (FC_VAR_GLOBAL | FC_VAR_MEMORY)) || fc_var_settled(p, f, v);
}

/* A variable taking edge e holds what its test says from then on, until it
 * is assigned: `if (in_parallel) pid = fork();` then, in the child, `if
 * (in_parallel) exit(rc);` always exits. A test that bounds it away from 0
 * (`< 0`, `> 0`, `<= -1`, `>= 1`) says it is not 0; the fork's own variable
 * is refined so only once it holds another value (FC_DEAD). */
static void refine(const struct flow *fl, const struct fc_edge *e, struct state *st) {
  int k = e->test == FC_T_ALWAYS ? -1 : slot_of(fl, e->var);
  if (k < 0 || (k == 0 && !(st->s & FC_DEAD)) || !refinable(fl->p, fl->func, e->var))
    return;
  struct fc_value v;
  int64_t c = e->value;
  if (e->test == FC_T_EQ)
    v = (struct fc_value){FC_V_CONST, c};
  else if ((e->test == FC_T_NE && c == 0) || (e->test == FC_T_LT && c <= 0) ||
           (e->test == FC_T_GT && c >= 0) || (e->test == FC_T_LE && c < 0) ||
           (e->test == FC_T_GE && c > 0))
    v = (struct fc_value){FC_V_NONZERO, 0};
  else if (e->test == FC_T_NE)
    v = (struct fc_value){FC_V_NOT, c};
  else
    return;
  for (unsigned o = 0; o < VALUES; o++)
    if (st->v[k][o].cls == FC_V_UNKNOWN || st->v[k][o].cls == FC_V_ENTRY)
      st->v[k][o] = v;
}

static void along(const struct flow *fl, const struct fc_edge *e, struct state *st) {
  unsigned s = st->s, keep = edge_keeps(fl, e, st);
  st->s = (uint8_t)((s & ~(unsigned)(FC_ALL | FC_UNMARKED_IN(FC_ALL))) | (s & keep) |
                    (s & FC_UNMARKED_IN(keep & FC_ALL)));
  st->pre = st->pre && (keep & FC_BEFORE);
  refine(fl, e, st);
}

static int mark_block(void *ctx, uint32_t b) {
  ((uint8_t *)ctx)[b] = 1;
  return FC_DFS_FOLLOW;
}

/* Variables tested on an edge or returned. */
static uint8_t *tested_vars(const struct fc_program *p, uint32_t f) {
  uint8_t *tested = fc_xcalloc(fc_var_count(p, f) + 1, 1);
  for (uint32_t b = 0; b < fc_block_count(p, f); b++) {
    for (uint32_t e = 0; e < fc_succ_count(p, f, b); e++)
      if (fc_succ_edge(p, f, b, e)->var >= 0)
        tested[fc_succ_edge(p, f, b, e)->var] = 1;
    uint32_t n = fc_event_count(p, f, b);
    const struct fc_event *last = n ? fc_event_at(p, fc_block_event(p, f, b, n - 1)) : NULL;
    if (last && last->kind == FC_EV_RETURN && last->var >= 0)
      tested[last->var] = 1;
  }
  return tested;
}

/* Per variable: RETESTED, a local tested in two blocks or more whose
 * address the function never takes, or a settled global tested so, where
 * what one test says holds at the next (refine); REFINABLE, such a
 * variable however often it is tested. */
enum { RETESTED = 1, REFINABLE = 2 };
static uint8_t *retested_locals(const struct fc_program *p, uint32_t f) {
  uint32_t nv = fc_var_count(p, f);
  uint8_t *n = fc_xcalloc(nv + 1, 1), *escapes = fc_xcalloc(nv + 1, 1);
  for (uint32_t b = 0; b < fc_block_count(p, f); b++) {
    int32_t last = -1;
    for (uint32_t e = 0; e < fc_succ_count(p, f, b); e++) {
      int32_t v = fc_succ_edge(p, f, b, e)->var;
      if (v >= 0 && v != last && n[v] < 2)
        n[v]++;
      last = v;
    }
    for (uint32_t i = 0; i < fc_event_count(p, f, b); i++) {
      struct fc_ref ref = fc_block_event(p, f, b, i);
      const struct fc_arg *a;
      for (uint32_t j = 0; (a = fc_call_arg(p, ref, j)) != NULL; j++)
        if (a->kind == FC_ARG_ADDR && a->var >= 0)
          escapes[a->var] = 1;
    }
  }
  for (uint32_t v = 0; v < nv; v++) {
    int ok = !escapes[v] && refinable(p, f, (int32_t)v);
    n[v] = (uint8_t)((ok && n[v] >= 2 ? RETESTED : 0) | (ok ? REFINABLE : 0));
  }
  free(escapes);
  return n;
}

/* Can block `from` lead to block `to` without passing block `avoid`, nor a
 * block marked in `blocked` (when given)? */
static int leads_avoiding(const struct fc_program *p, uint32_t f, uint32_t from, uint32_t to,
                          uint32_t avoid, const uint8_t *blocked) {
  uint32_t nb = fc_block_count(p, f), top = 0;
  if (from == avoid || from >= nb || (blocked && blocked[from]))
    return 0;
  uint32_t *stack = fc_xmalloc((size_t)(nb + 1) * sizeof *stack);
  uint8_t *seen = fc_xcalloc(nb + 1, 1);
  int found = 0;
  stack[top++] = from;
  seen[from] = 1;
  while (top && !found) {
    uint32_t b = stack[--top];
    found = b == to;
    for (uint32_t k = 0; !found && k < fc_succ_count(p, f, b); k++) {
      uint32_t t = fc_succ(p, f, b, k);
      if (t < nb && t != avoid && !seen[t] && !(blocked && blocked[t])) {
        seen[t] = 1;
        stack[top++] = t;
      }
    }
  }
  free(stack);
  free(seen);
  return found;
}

/* Variables tested where it is decided whether the fork is made: on an
 * edge of a block the fork does not reach, one of whose ways leads to the
 * fork and another does not (arpwatch's `if (debug) ... else { fork(); }`;
 * not a log level tested on the way, whose two ways meet again before the
 * fork), and tested again after the fork: GUARDS. GUARDS_EXIT: such a test
 * on a loop round the fork, one of whose ways leaves the function for good
 * (through blocks that never lead to the fork again), is tested again by
 * the loop itself: sshd's accept loop returns `if (debug_flag)` before it
 * forks, a way the parent, coming round, never takes. */
enum { GUARDS = 1, GUARDS_EXIT = 2 };
/* What guards_fork() learns of a variable on the way. */
enum { AT_GUARD = 1, TESTED_AFTER = 2, EXIT_WAY = 4 };
static uint8_t *guards_fork(const struct fc_program *p, uint32_t f, const uint8_t *after,
                            uint32_t fork_block) {
  uint32_t nv = fc_var_count(p, f), nb = fc_block_count(p, f);
  uint8_t *seen = fc_xcalloc(nv + 1, 1), *leads = fc_xcalloc(nb + 1, 1);
  if (fork_block >= nb) {
    free(leads);
    return seen;
  }
  uint32_t *guard = fc_xmalloc((size_t)(nv + 1) * sizeof *guard); /* per variable: its guard */
  for (uint32_t v = 0; v < nv; v++)
    guard[v] = UINT32_MAX;
  fc_mark_leading_to(p, f, leads, fork_block);
  for (uint32_t b = 0; b < nb; b++) {
    /* A block whose ways part, one to the fork and one not: before it, or,
     * on a loop round the fork, one whose other way comes to the fork only
     * through the block again (lmbench's lmdd: `if (Fork != -1) { ...
     * fork() ... }` in the copy loop, and `if (Fork != -1) exit(0);` at
     * the end of its body). */
    int loop = after[b] && leads[b] && b != fork_block, in = 0, out = 0, leaves = 0;
    for (uint32_t k = 0; (!after[b] || loop) && k < fc_succ_count(p, f, b); k++) {
      uint32_t t = fc_succ(p, f, b, k);
      if (t < nb && (loop ? leads_avoiding(p, f, t, fork_block, b, NULL) : leads[t])) {
        in = 1;
      } else {
        out = 1;
        leaves |= loop && leads_avoiding(p, f, t, FC_EXIT, UINT32_MAX, leads);
      }
    }
    for (uint32_t e = 0; in && out && e < fc_succ_count(p, f, b); e++) {
      int32_t v = fc_succ_edge(p, f, b, e)->var;
      if (v >= 0 && guard[v] == UINT32_MAX) {
        seen[v] |= leaves ? AT_GUARD | TESTED_AFTER | EXIT_WAY : AT_GUARD;
        guard[v] = b;
      }
    }
  }
  /* tested again after the fork, elsewhere than at its guard */
  for (uint32_t b = 0; b < nb; b++)
    for (uint32_t e = 0; after[b] && e < fc_succ_count(p, f, b); e++) {
      int32_t v = fc_succ_edge(p, f, b, e)->var;
      if (v >= 0 && guard[v] != b)
        seen[v] |= TESTED_AFTER;
    }
  for (uint32_t v = 0; v < nv; v++)
    seen[v] = (seen[v] & (AT_GUARD | TESTED_AFTER)) != (AT_GUARD | TESTED_AFTER) ? 0
              : seen[v] & EXIT_WAY                                      ? GUARDS_EXIT
                                                                        : GUARDS;
  free(guard);
  free(leads);
  return seen;
}

/* A global or a member: it outlives the function, and callers may test it. */
static int is_storage(const struct fc_program *p, uint32_t f, int32_t v) {
  return (fc_var_flags(p, f, v) & (FC_VAR_GLOBAL | FC_VAR_MEMORY)) && fc_var_storage(p, f, v);
}

/* Which variables to follow: up to two tested again whose test decides
 * whether the fork is made (guards_fork), those that guard a way out of
 * the function first; those given a known value after
 * the fork (in a block the fork reaches) and tested or returned somewhere;
 * then, in the slots left, globals and members given a
 * known value there (a role flag its callers test: fc_region_role_flag);
 * then an exec's result tested later; then locals tested again
 * (retested_locals); then settled globals tested (fc_var_settled). */
static void choose_slots(struct flow *fl) {
  const struct fc_program *p = fl->p;
  uint32_t f = fl->func, nb = fc_block_count(p, f);
  uint8_t *tested = tested_vars(p, f), *after = fc_xcalloc(nb + 1, 1);
  struct fc_dfs d = {p, f, mark_block, NULL, after};
  fc_dfs_run(&d, fl->r->site->block);
  /* first, up to two variables tested again whose test decides whether the
   * fork is made: inn's makehistory forks under `if (Fork)`, and every
   * exit of its child is `if (Fork) _exit(1); else exit(1);` */
  uint8_t *retested = retested_locals(p, f),
          *both = guards_fork(p, f, after, fl->r->site->func == f ? fl->r->site->block : UINT32_MAX);
  for (int kind = GUARDS_EXIT; kind >= GUARDS; kind--)
    for (uint32_t v = 0; v < fc_var_count(p, f) && fl->n_slots < 3; v++)
      if ((retested[v] & REFINABLE) && both[v] == kind && slot_of(fl, (int32_t)v) < 0)
        fl->slot_var[fl->n_slots++] = (int32_t)v;
  struct fc_arg a;
  for (uint32_t b = 0; b < nb && fl->n_slots < SLOTS; b++)
    for (uint32_t i = 0; after[b] && i < fc_event_count(p, f, b) && fl->n_slots < SLOTS; i++) {
      struct fc_ref ref = fc_block_event(p, f, b, i);
      int32_t v = fc_event_at(p, ref)->var;
      if (fc_event_at(p, ref)->kind == FC_EV_ASSIGN && fc_event_value(p, ref, &a) && v >= 0 &&
          tested[v] && slot_of(fl, v) < 0)
        fl->slot_var[fl->n_slots++] = v;
    }
  for (uint32_t b = 0; b < nb && fl->n_slots < SLOTS; b++)
    for (uint32_t i = 0; after[b] && i < fc_event_count(p, f, b) && fl->n_slots < SLOTS; i++) {
      struct fc_ref ref = fc_block_event(p, f, b, i);
      int32_t v = fc_event_at(p, ref)->var;
      if (fc_event_at(p, ref)->kind == FC_EV_ASSIGN && fc_event_value(p, ref, &a) && v >= 0 &&
          is_storage(p, f, v) && slot_of(fl, v) < 0)
        fl->slot_var[fl->n_slots++] = v;
    }
  /* a local copy of the fork's result, which a followed variable may take
   * in turn (`child = r; ... return r < 0 ? r : child;`) */
  for (uint32_t b = 0; b < nb && fl->n_slots < SLOTS && fl->slot_var[0] >= 0; b++)
    for (uint32_t i = 0; after[b] && i < fc_event_count(p, f, b) && fl->n_slots < SLOTS; i++) {
      struct fc_ref ref = fc_block_event(p, f, b, i);
      int32_t v = fc_event_at(p, ref)->var;
      if (fc_event_at(p, ref)->kind == FC_EV_ASSIGN && fc_event_value(p, ref, &a) &&
          a.kind == FC_ARG_VAR && a.var == fl->slot_var[0] && v >= 0 &&
          !(fc_var_flags(p, f, v) & (FC_VAR_GLOBAL | FC_VAR_MEMORY)) && slot_of(fl, v) < 0)
        fl->slot_var[fl->n_slots++] = v;
    }
  /* the result of an exec, tested later (`ret = execvp(...);` in a retry
   * loop, then `if (ret != 0) err(...)`): -1; that of a function that
   * returns one constant, tested or returned (`return wait_for_child();`) */
  int64_t c;
  for (uint32_t b = 0; b < nb && fl->n_slots < SLOTS; b++)
    for (uint32_t i = 0; after[b] && i < fc_event_count(p, f, b) && fl->n_slots < SLOTS; i++) {
      struct fc_ref ref = fc_block_event(p, f, b, i);
      int32_t v = fc_event_at(p, ref)->var;
      if (v >= 0 && tested[v] && slot_of(fl, v) < 0 &&
          (fc_call_is_exec(p, ref, NULL) || call_returns_const(p, ref, &c)))
        fl->slot_var[fl->n_slots++] = v;
    }
  /* locals tested again (retested_locals) */
  for (uint32_t v = 0; v < fc_var_count(p, f) && fl->n_slots < SLOTS; v++)
    if ((retested[v] & RETESTED) && slot_of(fl, (int32_t)v) < 0)
      fl->slot_var[fl->n_slots++] = (int32_t)v;
  free(retested);
  free(both);
  /* a settled global the function tests, which may say what mode a block
   * runs in (`switch (process_mode)`: fork in one case, pthread_create()
   * in another: fc_region_mode_only) */
  for (uint32_t v = 0; v < fc_var_count(p, f) && fl->n_slots < SLOTS; v++)
    if (tested[v] && (fc_var_flags(p, f, (int32_t)v) & FC_VAR_GLOBAL) &&
        fc_var_settled(p, f, (int32_t)v) && slot_of(fl, (int32_t)v) < 0)
      fl->slot_var[fl->n_slots++] = (int32_t)v;

  free(tested);
  free(after);
}

/* What the fork call's result is in each outcome: the fork's own result, or
 * the role a wrapper returns. */
static void start_values(struct flow *fl) {
  const struct fc_fork_site *s = fl->r->site;
  int32_t callee = fc_call_target(fl->p, s->call).func;
  fl->start_outcomes = s->kind == FC_SITE_DAEMON ? (FC_CHILD | FC_FAILED) : FC_ALL;
  if (s->child >= 0)
    fl->start_outcomes = FC_CHILD;
  for (unsigned o = 0; o < FC_OUTCOMES; o++)
    fl->start[o] = (struct fc_value){FC_V_FORK, 0};
  /* Through locals: GCC 12's -Wstringop-overflow, with the sanitizers on,
   * misjudges the size of fl->start once this is inlined into flow_init. */
  struct fc_value ret[FC_OUTCOMES];
  unsigned outcomes;
  if (s->role && callee >= 0 && fc_func_role(fl->p, (uint32_t)callee, ret, &outcomes)) {
    memcpy(fl->start, ret, sizeof ret);
    fl->start_outcomes = outcomes;
  }
}

/* The variables are chosen when the region is computed, and kept in it for
 * the walks that run its blocks again. */
static void flow_init(struct flow *fl, const struct fc_program *p, struct fc_region *r) {
  memset(fl, 0, sizeof *fl);
  fl->p = p;
  fl->r = r;
  fl->func = r->func;
  if (r->n_slots == 0) {
    fl->slot_var[0] = r->site->child < 0 ? fc_event_at(p, r->site->call)->var : -1;
    fl->n_slots = 1;
    choose_slots(fl);
    memcpy(r->slot_var, fl->slot_var, sizeof r->slot_var);
    r->n_slots = fl->n_slots;
  }
  memcpy(fl->slot_var, r->slot_var, sizeof fl->slot_var);
  fl->n_slots = r->n_slots;
  start_values(fl);
}

static int flow_run(void *ctx, uint32_t b, void *s) {
  struct flow *fl = ctx;
  struct state *st = s;
  run_block(fl, b, st);
  return present(st) != 0;
}

static int flow_along(void *ctx, uint32_t b, uint32_t e, void *s) {
  struct flow *fl = ctx;
  struct state *st = s;
  along(fl, fc_succ_edge(fl->p, fl->func, b, e), st);
  return present(st) != 0;
}

static int same_state(const struct state *a, const struct state *b) {
  if (a->s != b->s || a->pre != b->pre)
    return 0;
  for (unsigned k = 0; k < SLOTS; k++)
    for (unsigned o = 0; o < VALUES; o++)
      if (a->v[k][o].cls != b->v[k][o].cls || a->v[k][o].c != b->v[k][o].c)
        return 0;
  return 1;
}

static int flow_join(void *ctx, void *into, const void *from) {
  (void)ctx;
  struct state *to = into, merged = *to;
  const struct state *add = from;
  merged.s = (uint8_t)(to->s | add->s);
  merged.pre = to->pre | add->pre;
  for (unsigned o = 0; o < VALUES; o++) {
    if (!(present(add) & outcome_bit[o]))
      continue;
    for (unsigned k = 0; k < SLOTS; k++)
      merged.v[k][o] =
          present(to) & outcome_bit[o] ? join_in(to->v[k][o], add->v[k][o], o) : add->v[k][o];
  }
  if (same_state(&merged, to))
    return 0;
  *to = merged;
  return 1;
}

void fc_region_compute(const struct fc_program *p, const struct fc_fork_site *s,
                       struct fc_region *r) {
  fc_region_compute_marked(p, s, NULL, NULL, r);
}

int fc_region_marked_before(const struct fc_program *p, const struct fc_region *r, uint32_t b,
                            struct fc_ref ref) {
  if (!r->marker || !(r->in[b] & FC_CHILD))
    return 0;
  if (!(r->in[b] & FC_UNMARKED_IN(FC_CHILD)))
    return 1;
  for (uint32_t i = 0; i < fc_event_count(p, r->func, b); i++) {
    struct fc_ref e = fc_block_event(p, r->func, b, i);
    if (e.event == ref.event)
      return 0;
    if (fc_event_at(p, e)->kind == FC_EV_CALL && r->marker(p, e, r->marker_arg))
      return 1;
  }
  return 0;
}

int fc_region_after_exec(const struct fc_program *p, const struct fc_fork_site *s,
                         struct fc_region *ex, uint32_t b, struct fc_ref ref) {
  if (!ex->in)
    fc_region_compute_marked(p, s, fc_call_is_exec, NULL, ex);
  return fc_region_marked_before(p, ex, b, ref);
}

void fc_region_compute_marked(const struct fc_program *p, const struct fc_fork_site *s,
                              fc_call_pred marker, void *arg, struct fc_region *r) {
  memset(r, 0, sizeof *r);
  r->site = s;
  r->func = s->child < 0 ? s->func : (uint32_t)s->child;
  r->marker = marker;
  r->marker_arg = arg;
  struct flow fl;
  flow_init(&fl, p, r);
  uint32_t n = fc_block_count(p, r->func);
  struct state *st = fc_xcalloc(n, sizeof *st);
  struct fc_flow df = {p, r->func, sizeof *st, 0, flow_run, flow_along, flow_join, &fl};
  /* From the entry, so that what a flag holds before the fork is known; a
   * fork that the entry does not reach still has its region. A clone()
   * child starts at its function's entry, in the child alone. */
  uint32_t entry = FC_ENTRY;
  if (s->child >= 0) {
    at_fork(&fl, &st[FC_ENTRY]);
  } else {
    st[FC_ENTRY].pre = 1;
    for (unsigned k = 1; k < fl.n_slots; k++)
      for (unsigned o = 0; o < VALUES && is_storage(p, fl.func, fl.slot_var[k]); o++)
        st[FC_ENTRY].v[k][o] = (struct fc_value){FC_V_ENTRY, 0};
  }
  fc_flow_run(&df, st, &entry, 1);
  if (s->child < 0 && !present(&st[s->block]))
    fc_flow_run(&df, st, &s->block, 1);
  r->in = fc_xcalloc(n, 1);
  for (uint32_t b = 0; b < n; b++)
    r->in[b] = st[b].s;
  r->states = st;
  r->parent_exits = fl.parent_noreturn && !(r->in[FC_EXIT] & FC_PARENT);
  /* A parent that waits for a child, or comes back to fork again, before it
   * ends does not leave the child behind: it supervises or respawns it. */
  r->parent_stays = fl.parent_stays;
}

unsigned fc_edge_outcomes(const struct fc_edge *e) { return satisfiable(e); }

void fc_region_free(struct fc_region *r) {
  free(r->in);
  free(r->states);
  r->in = NULL;
  r->states = NULL;
}

void fc_region_walk(const struct fc_program *p, const struct fc_region *r, fc_region_visit fn,
                    void *ctx) {
  struct flow fl;
  struct fc_region scratch = *r; /* run_block records facts; keep r as computed */
  const struct state *st = r->states;
  flow_init(&fl, p, &scratch);
  fl.visit = fn;
  fl.visit_ctx = ctx;
  for (uint32_t b = 0; b < fc_block_count(p, fl.func) && !fl.stop; b++)
    if ((r->in[b] & FC_ALL) || (r->site->child < 0 && b == r->site->block)) {
      struct state s = st[b];
      run_block(&fl, b, &s);
    }
}

unsigned fc_region_edge_state(const struct fc_program *p, const struct fc_region *r, uint32_t b,
                              uint32_t e) {
  struct flow fl;
  struct fc_region scratch = *r;
  const struct state *st = r->states;
  flow_init(&fl, p, &scratch);
  struct state out = st[b];
  run_block(&fl, b, &out);
  if (!(out.s & FC_ALL) || e >= fc_succ_count(p, fl.func, b))
    return 0;
  along(&fl, fc_succ_edge(p, fl.func, b, e), &out);
  return out.s & FC_ALL ? out.s : 0;
}

int fc_region_unforked(const struct fc_region *r, uint32_t b) {
  return ((const struct state *)r->states)[b].pre != 0;
}

/* What settled global k holds in the process about to fork, at the fork:
 * the state of the fork's block, unless an event before the fork in that
 * block assigns it. */
static struct fc_value mode_at_fork(const struct fc_program *p, const struct fc_region *r,
                                    unsigned k) {
  const struct state *st = (const struct state *)r->states + r->site->block;
  struct fc_value unknown = {FC_V_UNKNOWN, 0};
  if (!st->pre)
    return unknown;
  for (uint32_t i = 0; i < r->site->index; i++)
    if (fc_event_at(p, fc_block_event(p, r->func, r->site->block, i))->var == r->slot_var[k])
      return unknown;
  return st->v[k][FC_IN_BEFORE];
}

/* A local of the function whose value is set before the fork and kept:
 * every assignment of it (and every call given its address) is in a block
 * that runs only before the fork (lmbench's lmdd: `Fork = getarg("fork=",
 * ...)` at the top, `if (Fork != -1)` round the fork in the copy loop). */
static int settled_local(const struct fc_program *p, const struct fc_region *r, int32_t v) {
  if (v < 0 || (fc_var_flags(p, r->func, v) & (FC_VAR_GLOBAL | FC_VAR_MEMORY | FC_VAR_VOLATILE)))
    return 0;
  for (uint32_t b = 0; b < fc_block_count(p, r->func); b++)
    for (uint32_t i = 0; i < fc_event_count(p, r->func, b); i++) {
      struct fc_ref ref = fc_block_event(p, r->func, b, i);
      const struct fc_event *ev = fc_event_at(p, ref);
      int sets = (ev->var == v && ev->kind != FC_EV_STORE && ev->kind != FC_EV_RETURN) ||
                 (ev->kind == FC_EV_CALL && passes_local(p, ref, v));
      if (sets && (r->in[b] & FC_ALL))
        return 0;
    }
  return 1;
}

int fc_region_mode_only(const struct fc_program *p, const struct fc_region *r, uint32_t b) {
  const struct state *st = (const struct state *)r->states + b;
  if (r->site->child >= 0 || (st->s & (FC_PARENT | FC_FAILED)) ||
      ((st->s & FC_CHILD) && (r->in[FC_EXIT] & FC_CHILD)) || !(st->s & FC_ALL || st->pre))
    return 0;
  if (!st->pre)
    return 1;
  for (unsigned k = 1; k < r->n_slots; k++) {
    if (!fc_var_settled(p, r->func, r->slot_var[k]) && !settled_local(p, r, r->slot_var[k]))
      continue;
    struct fc_value at = mode_at_fork(p, r, k), here = st->v[k][FC_IN_BEFORE];
    if (known(&at) && known(&here) && fc_tells_apart(&here, &at))
      return 1;
  }
  return 0;
}

int fc_region_modes_apart(const struct fc_program *p, const struct fc_region *r, uint32_t b) {
  const struct state *st = (const struct state *)r->states + b;
  if ((st->s & (FC_CHILD | FC_PARENT)) != (FC_CHILD | FC_PARENT) || (st->s & FC_DEAD))
    return 0;
  for (unsigned k = 1; k < r->n_slots; k++) {
    int32_t v = r->slot_var[k];
    if (!(fc_var_flags(p, r->func, v) & FC_VAR_GLOBAL) || !fc_var_settled(p, r->func, v))
      continue;
    const struct fc_value *c = &st->v[k][FC_IN_CHILD], *q = &st->v[k][FC_IN_PARENT];
    if (known(c) && known(q) && fc_tells_apart(c, q))
      return 1;
  }
  return 0;
}

int fc_region_returns_role(const struct fc_region *r) {
  const struct fc_value *c = &r->ret[FC_IN_CHILD], *f = &r->ret[FC_IN_FAILED];
  /* A child that returns only what the function returns when fork() fails
   * is taken by its caller for that failure (xdm's StartClient(): `return
   * 0` after a failed setgid() in the child, as after fork() == -1): the
   * caller's failure path is the parent's code. */
  if ((r->ret_outcomes & FC_FAILED) && c->cls == FC_V_CONST && f->cls == FC_V_CONST && c->c == f->c)
    return 0;
  return (r->ret_outcomes & (FC_CHILD | FC_PARENT)) == (FC_CHILD | FC_PARENT) &&
         fc_tells_apart(c, &r->ret[FC_IN_PARENT]);
}

static int makes_daemon(const struct fc_program *p, const struct fc_fork_site *s, int depth) {
  if (s->kind != FC_SITE_FORK || s->child >= 0)
    return 0;
  struct fc_region r;
  fc_region_compute(p, s, &r);
  const struct fc_value *v = &r.ret[FC_IN_CHILD];
  int on = (fc_region_in(&r, FC_EXIT) & FC_CHILD) && (r.ret_outcomes & FC_CHILD) &&
           v->cls == FC_V_CONST && v->c == 0;
  if (on && !r.parent_exits) {
    on = 0;
    for (uint32_t i = 0; depth == 0 && !on && i < fc_fork_count(p); i++) {
      const struct fc_fork_site *s2 = fc_fork_at(p, i);
      on = s2 != s && s2->func == s->func && fc_region_child_only(&r, s2->block) &&
           makes_daemon(p, s2, 1);
    }
  }
  fc_region_free(&r);
  return on;
}

int fc_region_makes_daemon(const struct fc_program *p, const struct fc_fork_site *s) {
  return makes_daemon(p, s, 0);
}

int fc_region_child_only(const struct fc_region *r, uint32_t b) {
  const struct state *st = (const struct state *)r->states + b;
  return (st->s & FC_ALL) == FC_CHILD && !st->pre;
}

/* Does a value of a flag tell the child's from the parent's: two
 * constants, or a constant other than 0 that one process set where the
 * other left the flag as it was (unset: a flag is set to mark one role)? */
static int flag_tells_apart(const struct fc_value *child, const struct fc_value *parent) {
  if (child->cls == FC_V_ENTRY)
    return parent->cls == FC_V_CONST && parent->c != 0;
  if (parent->cls == FC_V_ENTRY)
    return child->cls == FC_V_CONST && child->c != 0;
  return child->cls == FC_V_CONST && parent->cls == FC_V_CONST && child->c != parent->c;
}

/* Does a caller of function f test the storage? */
static int caller_tests(const struct fc_program *p, uint32_t f, const char *storage) {
  for (uint32_t k = 0; k < fc_caller_count(p, f); k++) {
    uint32_t c = fc_caller_at(p, f, k).caller;
    for (uint32_t b = 0; b < fc_block_count(p, c); b++)
      for (uint32_t e = 0; e < fc_succ_count(p, c, b); e++)
        if (fc_var_in_storage(p, c, fc_succ_edge(p, c, b, e)->var, storage))
          return 1;
  }
  return 0;
}

int fc_region_role_flag(const struct fc_program *p, const struct fc_region *r) {
  const struct state *end = &((const struct state *)r->states)[FC_EXIT];
  if (r->site->child >= 0 || (end->s & (FC_CHILD | FC_PARENT)) != (FC_CHILD | FC_PARENT))
    return 0;
  struct flow fl;
  struct fc_region scratch = *r;
  flow_init(&fl, p, &scratch);
  for (unsigned k = 1; k < fl.n_slots; k++)
    if (is_storage(p, fl.func, fl.slot_var[k]) &&
        flag_tells_apart(&end->v[k][FC_IN_CHILD], &end->v[k][FC_IN_PARENT]) &&
        caller_tests(p, fl.func, fc_var_storage(p, fl.func, fl.slot_var[k])))
      return 1;
  return 0;
}

int fc_child_separated(const struct fc_program *p, const struct fc_region *r) {
  for (uint32_t b = 0; b < fc_block_count(p, r->func); b++)
    if ((r->in[b] & FC_CHILD) && !(r->in[b] & FC_PARENT))
      return 1;
  return 0;
}
