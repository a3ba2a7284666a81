/*
 * Where the child of a fork may exec, and which of its exits are the
 * failure of that exec (or of the set-up before it): the `exit(127)` after
 * execvp() returned, the `exit(1)` when chdir() failed first. Output left in
 * a copied stdio buffer is written again by such an exit only when the
 * exec fails; the exit(0) that ends a way with no exec before it (a dry
 * run, the branch that does the child's own work) writes it every time.
 * Exit-time cleanup (child-exit-cleanup) and the copied output
 * (unflushed-stdio-before-fork) are judged alike with these.
 */
#include "facts.h"
#include "program.h"
#include "region.h"

#include <stdlib.h>

uint32_t fc_region_grandchild_depth(const struct fc_program *p, const struct fc_region *r) {
  return r->site->child < 0 ? fc_block_child_depth(p, r->func, r->site->block) + 2
                            : UINT32_MAX;
}

/* Is the call an exec, or a call of a function that can exec? */
static int exec_call(const struct fc_program *p, const struct fc_reach *execs, struct fc_ref ref) {
  return (fc_call_target(p, ref).func < 0 && (fc_call_kinds(p, ref, NULL) & FC_K_EXEC)) ||
         fc_reach_target(p, execs, ref) >= 0;
}

/* Do events [from, to) of block b of f exec? */
static int execs_in(const struct fc_program *p, const struct fc_reach *execs, uint32_t f,
                    uint32_t b, uint32_t from, uint32_t to) {
  for (uint32_t i = from; i < to; i++) {
    struct fc_ref e = fc_block_event(p, f, b, i);
    if (fc_event_at(p, e)->kind == FC_EV_CALL && exec_call(p, execs, e))
      return 1;
  }
  return 0;
}

struct exec_walk {
  const struct fc_program *p;
  const struct fc_reach *execs;
  uint32_t func, deeper; /* blocks of func at depth `deeper` are a grandchild's */
  unsigned in, not_in;   /* the process asked about: states with `in`, without `not_in` */
  int found;
};

static int execs_here(void *arg, struct fc_ref ref, uint32_t block, unsigned state) {
  struct exec_walk *x = arg;
  const struct fc_program *p = x->p;
  if (!(state & x->in) || (state & x->not_in) || fc_event_at(p, ref)->kind != FC_EV_CALL ||
      fc_block_child_depth(p, x->func, block) >= x->deeper)
    return 0;
  x->found = exec_call(p, x->execs, ref);
  return x->found;
}

int fc_region_execs(const struct fc_program *p, const struct fc_region *r, uint32_t deeper,
                    unsigned in, unsigned not_in) {
  struct exec_walk x = {p, fc_fact(p, FC_FACT_execs), r->func, deeper, in, not_in, 0};
  fc_region_walk(p, r, execs_here, &x);
  return x.found;
}

/* An exec call (an fc_call_pred; arg: the execs fact). */
static int exec_pred(const struct fc_program *p, struct fc_ref call, void *arg) {
  return exec_call(p, arg, call);
}

/* The child returns from f: can the callers exec once f returns to them
 * (after the call, through any number of returns)? An exec elsewhere in a
 * caller (main's execv in a mode of its own) is not the child's. */
static int caller_execs(const struct fc_program *p, const struct fc_reach *execs, uint32_t f) {
  uint32_t n = fc_func_count(p), tail = 0;
  uint32_t *queue = fc_xmalloc((size_t)(n + 1) * sizeof *queue);
  uint8_t *seen = fc_xcalloc(n + 1, 1);
  int found = 0;
  queue[tail++] = f;
  seen[f] = 1;
  for (uint32_t head = 0; head < tail && !found; head++)
    for (uint32_t k = 0; k < fc_caller_count(p, queue[head]) && !found; k++) {
      struct fc_caller c = fc_caller_at(p, queue[head], k);
      int returns;
      found = fc_call_followed_by(p, c.caller, c.call, exec_pred, (void *)execs, &returns);
      if (returns && !seen[c.caller]) {
        seen[c.caller] = 1;
        queue[tail++] = c.caller;
      }
    }
  free(queue);
  free(seen);
  return found;
}

int fc_child_may_exec(const struct fc_program *p, const struct fc_region *r) {
  if (!fc_func_is_main(p, r->func) && (fc_region_in(r, FC_EXIT) & FC_CHILD) &&
      caller_execs(p, fc_fact(p, FC_FACT_execs), r->func))
    return 1;
  return fc_region_execs(p, r, fc_region_grandchild_depth(p, r), FC_CHILD, FC_PARENT);
}

int fc_exit_success(const struct fc_program *p, struct fc_ref ref) {
  if (fc_event_at(p, ref)->kind != FC_EV_CALL || !fc_call_is_direct(p, ref))
    return 0;
  struct fc_target t = fc_call_target(p, ref);
  const struct fc_arg *a = fc_call_arg(p, ref, 0);
  return t.func < 0 && (t.kinds & FC_K_EXIT_CLEANUP) && a && a->kind == FC_ARG_CONST &&
         a->value == 0;
}

/* Is edge e of block y taken when a call of that block failed the POSIX
 * way: its result is tested so that -1 passes and neither 0 nor 1 does
 * (`if (ChangeUser(user) < 0)`; not `if (geteuid() != 0)`)? */
static int failure_edge(const struct fc_program *p, uint32_t f, uint32_t y, uint32_t e) {
  const struct fc_edge *ed = fc_succ_edge(p, f, y, e);
  if (ed->var < 0 || ed->test == FC_T_ALWAYS || ed->test == FC_T_DEFAULT ||
      !fc_test_holds(ed->test, -1, ed->value) || fc_test_holds(ed->test, 0, ed->value) ||
      fc_test_holds(ed->test, 1, ed->value))
    return 0;
  for (uint32_t i = 0; i < fc_event_count(p, f, y); i++) {
    const struct fc_event *ev = fc_event_at(p, fc_block_event(p, f, y, i));
    if (ev->kind == FC_EV_CALL && ev->var == ed->var)
      return 1;
  }
  return 0;
}

/* Does the child take an edge from block y to block x (not after a call
 * that never returns)? 2 when every such edge is a call's failure. */
static int child_edge(const struct fc_program *p, const struct fc_region *r, uint32_t y,
                      uint32_t x) {
  int taken = 0, failure = 1;
  for (uint32_t e = 0; e < fc_succ_count(p, r->func, y); e++)
    if (fc_succ(p, r->func, y, e) == x && (fc_region_edge_state(p, r, y, e) & FC_CHILD)) {
      taken = 1;
      failure &= failure_edge(p, r->func, y, e);
    }
  return taken ? 1 + failure : 0;
}

int fc_child_exec_before(const struct fc_program *p, const struct fc_region *r, uint32_t b,
                         struct fc_ref ref) {
  const struct fc_reach *execs = fc_fact(p, FC_FACT_execs);
  uint32_t f = r->func, nb = fc_block_count(p, f), site = r->site->block;
  uint32_t after_fork = fc_block_event_index(p, f, site, r->site->call) + 1;
  uint32_t deeper = fc_region_grandchild_depth(p, r);
  if (b == site)
    return execs_in(p, execs, f, b, after_fork, fc_block_event_index(p, f, b, ref));
  if (execs_in(p, execs, f, b, 0, fc_block_event_index(p, f, b, ref)))
    return 1;
  uint8_t *seen = fc_xcalloc(nb + 1, 1);
  FC_VEC(uint32_t) todo = {0};
  int found = 0;
  seen[b] = 1;
  fc_vec_push(&todo, b);
  while (todo.n && !found) {
    uint32_t x = todo.v[--todo.n];
    for (uint32_t k = 0; k < fc_pred_count(p, f, x) && !found; k++) {
      uint32_t y = fc_pred(p, f, x, k);
      int taken = y < nb && !seen[y] && fc_block_child_depth(p, f, y) < deeper
                      ? child_edge(p, r, y, x)
                      : 0;
      if (!taken)
        continue;
      if (taken == 2) { /* a setup failure: the way on would have exec'd */
        found = 1;
        break;
      }
      seen[y] = 1;
      if (y == site) {
        found = execs_in(p, execs, f, y, after_fork, fc_event_count(p, f, y));
        continue;
      }
      found = execs_in(p, execs, f, y, 0, fc_event_count(p, f, y));
      fc_vec_push(&todo, y);
    }
  }
  fc_vec_free(&todo);
  free(seen);
  return found;
}

int fc_exit_on_exec_failure(const struct fc_program *p, const struct fc_region *r, uint32_t b,
                            struct fc_ref ref) {
  return !(fc_exit_success(p, ref) && !fc_child_exec_before(p, r, b, ref));
}
