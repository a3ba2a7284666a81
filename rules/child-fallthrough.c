/*
 * child-fallthrough: the child leaves its branch without _exit() or exec
 * and runs code that belongs to the parent: the code after the branch, the
 * caller's code when it returns, or the loop that forks again -- a fork
 * bomb when the fork is in a loop the child re-enters.
 *
 * Where the child leaves shows on the CFG: an edge that carries the child
 * alone (not the parent) into a block the parent also enters, or to the
 * function's end. Not reported when the parent's side ends the process
 * (daemonize: the child is meant to carry on), for a function that returns
 * the fork's result to its caller in the child (a fork wrapper: the caller
 * has the branch), nor when the child only returns from main
 * (child-exit-cleanup's).
 */
#include "rules.h"

#include <stdlib.h>

struct leave {
  struct fc_where at;
  int returns; /* leaves by returning to the caller */
};

static int by_place(const void *a, const void *b) {
  const struct leave *x = a, *y = b;
  if (x->at.line != y->at.line)
    return x->at.line < y->at.line ? -1 : 1;
  return (x->at.col > y->at.col) - (x->at.col < y->at.col);
}

/* From block b, where the child joins the parent, does the child run code
 * of the parent's before the two part again (a second test of the fork
 * result)? A call, or leaving the function; in main, where returning is
 * child-exit-cleanup's, a call that returns. */
static int runs_shared_code(const struct fc_program *p, const struct fc_region *r,
                            const struct fc_pfunc *pf, uint32_t b, int in_main) {
  const struct fc_tu *tu = p->tus[pf->tu];
  uint32_t n = pf->fn->block_count, sp = 0;
  uint8_t *seen = fc_xcalloc(n, 1);
  uint32_t *stack = fc_xmalloc((size_t)n * sizeof *stack);
  int found = 0;
  stack[sp++] = b;
  seen[b] = 1;
  while (sp && !found) {
    uint32_t cur = stack[--sp];
    if ((r->in[cur] & (FC_CHILD | FC_PARENT)) != (FC_CHILD | FC_PARENT))
      continue;
    const struct fc_block *blk = fc_fn_block(tu, pf->fn, cur);
    int ends = 0;
    for (uint32_t i = 0; i < blk->ev_count && !found && !ends; i++) {
      struct fc_ref ref = {pf->tu, blk->ev_first + i};
      uint8_t kind = tu->events.v[ref.event].kind;
      if (kind == FC_EV_CALL) {
        ends = fc_call_noreturn(p, ref);
        found = !in_main || !ends;
      } else if (kind == FC_EV_RETURN) {
        found = !in_main;
      }
    }
    for (uint32_t e = 0; e < blk->edge_count && !ends && !found; e++) {
      uint32_t t = tu->edges.v[blk->edge_first + e].target;
      if (t == FC_EXIT)
        found = !in_main;
      else if (t < n && !seen[t]) {
        seen[t] = 1;
        stack[sp++] = t;
      }
    }
  }
  free(seen);
  free(stack);
  return found;
}

/* The last event of a block that leads to block b (b itself has none: the
 * block of a `goto` or `break`; its predecessor ends with the test). */
static int event_before(const struct fc_pfunc *pf, const struct fc_tu *tu, uint32_t b,
                        struct fc_ref *out) {
  for (uint32_t from = 0; from < pf->fn->block_count; from++) {
    const struct fc_block *blk = fc_fn_block(tu, pf->fn, from);
    for (uint32_t e = 0; e < blk->edge_count; e++)
      if (tu->edges.v[blk->edge_first + e].target == b && blk->ev_count) {
        out->tu = pf->tu;
        out->event = blk->ev_first + blk->ev_count - 1;
        return 1;
      }
  }
  return 0;
}

/* Where the child leaves block b: its return, its closing brace, its last
 * event, the test before it, or at worst the fork. */
static struct fc_where leave_place(const struct fc_program *p, const struct fc_fork_site *s,
                                   const struct fc_pfunc *pf, uint32_t b, int *returns) {
  const struct fc_tu *tu = p->tus[pf->tu];
  const struct fc_block *blk = fc_fn_block(tu, pf->fn, b);
  struct fc_ref last = {pf->tu, blk->ev_first + blk->ev_count - 1};
  *returns = blk->ev_count && tu->events.v[last.event].kind == FC_EV_RETURN;
  if (*returns)
    return fc_where_event(p, last);
  if (blk->end.file != FC_NO_STR)
    return fc_where_loc(p, pf->tu, blk->end);
  if (blk->ev_count || event_before(pf, tu, b, &last))
    return fc_where_event(p, last);
  return fc_where_event(p, s->call);
}

/* Is the fork's result never looked at (`fork();` alone)? Then nothing can
 * tell the child from the parent, and a loop around the fork is a fork bomb
 * for sure. */
static int result_unused(const struct fc_program *p, const struct fc_fork_site *s) {
  const struct fc_pfunc *pf = &p->funcs.v[s->func];
  const struct fc_tu *tu = p->tus[pf->tu];
  int32_t v = fc_event_at(p, s->call)->var;
  if (v < 0)
    return 1;
  for (uint32_t b = 0; b < pf->fn->block_count; b++) {
    const struct fc_block *blk = fc_fn_block(tu, pf->fn, b);
    for (uint32_t i = 0; i < blk->ev_count; i++) {
      const struct fc_event *ev = &tu->events.v[blk->ev_first + i];
      if (blk->ev_first + i != s->call.event && ev->var == v)
        return 0;
      for (uint16_t a = 0; a < ev->n_args; a++)
        if (tu->args.v[ev->args + a].var == v)
          return 0;
    }
    for (uint32_t e = 0; e < blk->edge_count; e++)
      if (tu->edges.v[blk->edge_first + e].var == v)
        return 0;
  }
  return 1;
}

static void check_site(struct fc_rule_ctx *ctx, const struct fc_fork_site *s) {
  const struct fc_program *p = ctx->prog;
  struct fc_region r;
  fc_region_compute(p, s, &r);
  if (r.parent_exits || r.child_returns) {
    fc_region_free(&r);
    return;
  }
  const struct fc_pfunc *pf = &p->funcs.v[s->func];
  const struct fc_tu *tu = p->tus[pf->tu];
  int in_main = (pf->fn->flags & FC_FN_MAIN) != 0;
  FC_VEC(struct leave) leaves = {0};
  for (uint32_t b = 0; b < pf->fn->block_count; b++) {
    if (!(r.in[b] & FC_ALL) && b != s->block)
      continue;
    const struct fc_block *blk = fc_fn_block(tu, pf->fn, b);
    for (uint32_t e = 0; e < blk->edge_count; e++) {
      unsigned st = fc_region_edge_state(p, &r, b, e);
      uint32_t t = tu->edges.v[blk->edge_first + e].target;
      if (!(st & FC_CHILD) || (st & FC_PARENT))
        continue;
      int leaves_function = t == FC_EXIT && !in_main;
      int joins = t != FC_EXIT && t < pf->fn->block_count && (r.in[t] & FC_PARENT) &&
                  runs_shared_code(p, &r, pf, t, in_main);
      if (!leaves_function && !joins)
        continue;
      struct leave l;
      l.at = leave_place(p, s, pf, b, &l.returns);
      fc_vec_push(&leaves, l);
    }
  }
  int bomb = (r.in[s->block] & FC_CHILD) && (fc_child_separated(p, &r) || result_unused(p, s));
  if (leaves.n || bomb) {
    const char *fn_name = fc_pstr(p, pf->tu, pf->fn->name);
    struct fc_finding *f;
    if (bomb)
      f = fc_report(ctx->out, ctx->id, fc_where_event(p, s->call),
                    "the child of this fork leaves its branch and loops back to fork again: a "
                    "fork bomb");
    else
      f = fc_report(ctx->out, ctx->id, fc_where_event(p, s->call),
                    "the child of this fork leaves its branch without _exit() or exec and runs "
                    "the parent's code");
    if (leaves.n > 1)
      qsort(leaves.v, leaves.n, sizeof *leaves.v, by_place);
    for (size_t i = 0; i < leaves.n; i++)
      if (leaves.v[i].returns)
        fc_note(f, leaves.v[i].at, "the child returns from '%s' here, into its caller's code",
                fn_name);
      else
        fc_note(f, leaves.v[i].at, "the child leaves its branch here");
    fc_note(f, fc_where_event(p, s->call),
            "end every path of the child with _exit() (after a failed exec too)");
  }
  fc_vec_free(&leaves);
  fc_region_free(&r);
}

void fc_rule_child_fallthrough(struct fc_rule_ctx *ctx) {
  const struct fc_program *p = ctx->prog;
  for (size_t i = 0; i < p->forks.n; i++)
    if (p->forks.v[i].kind == FC_SITE_FORK)
      check_site(ctx, &p->forks.v[i]);
}
