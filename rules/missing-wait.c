/*
 * missing-wait: a child that nobody waits for stays a zombie, holding its
 * pid and its process-table entry, until its parent exits.
 *
 * Reaping is often done elsewhere, so the rule decides on the whole
 * program and is quiet when any of these holds:
 *   - the parent's path from the fork calls wait, waitpid, waitid, wait3,
 *     wait4 or forksafe_wait, or a function of the program that does;
 *   - the pid escapes: it is stored in a global, in a member or through a
 *     pointer, returned, or passed to a function of the program (or to one
 *     the program does not declare from a system header), which may keep it
 *     for a reaper;
 *   - the program reaps elsewhere: SIGCHLD is set to SIG_IGN or SA_NOCLDWAIT
 *     is used, a SIGCHLD handler (a function whose address is taken) waits,
 *     or a reaper waits for any child (wait(), waitpid(-1, ..)) in a
 *     function that mentions SIGCHLD or WNOHANG;
 *   - the parent exits right after the fork (daemonize, double fork), or
 *     returns from main without calling into the program or looping.
 */
#include "rules.h"

#include <stdlib.h>

static int wait_call(const struct fc_program *p, struct fc_ref call, void *arg) {
  (void)arg;
  struct fc_target t = fc_call_target(p, call);
  return t.func < 0 && (t.kinds & FC_K_WAIT);
}

/* wait(), wait3(), or waitpid/wait4/waitid for a pid that is not one
 * variable: -1 or 0 (any child, the process group), P_ALL. */
static int waits_for_any(const struct fc_program *p, struct fc_ref call) {
  struct fc_target t = fc_call_target(p, call);
  if (t.func >= 0 || !(t.kinds & FC_K_WAIT_ANY))
    return 0;
  if (t.arg < 0)
    return 1;
  const struct fc_event *ev = fc_event_at(p, call);
  if (ev->n_args <= t.arg)
    return 0;
  const struct fc_arg *a = &p->tus[call.tu]->args.v[ev->args + t.arg];
  return a->kind == FC_ARG_CONST && a->value <= 0;
}

static int mentions(const struct fc_function *fn, unsigned m) {
  return (fn->mentions >> m) & 1u;
}

/* Does the program reap its children elsewhere (SIGCHLD, a reaper)? */
static int reaps_elsewhere(const struct fc_program *p, const struct fc_reach *waits) {
  int sigchld = 0, handler = 0;
  for (uint32_t f = 0; f < p->funcs.n; f++) {
    const struct fc_pfunc *pf = &p->funcs.v[f];
    if (mentions(pf->fn, FC_MENTION_SA_NOCLDWAIT) ||
        (mentions(pf->fn, FC_MENTION_SIGCHLD) && mentions(pf->fn, FC_MENTION_SIG_IGN)))
      return 1;
    sigchld |= mentions(pf->fn, FC_MENTION_SIGCHLD);
    handler |= pf->address_taken && waits->reaches[f];
    if (!mentions(pf->fn, FC_MENTION_SIGCHLD) && !mentions(pf->fn, FC_MENTION_WNOHANG))
      continue;
    for (uint32_t k = 0; k < pf->calls_count; k++)
      if (waits_for_any(p, p->calls.v[pf->calls_first + k]))
        return 1;
  }
  return sigchld && handler;
}

struct walk {
  const struct fc_program *p;
  const struct fc_reach *waits;
  int32_t pid;
  int reaped;     /* waited for, or the pid escapes */
  int calls_program;
};

/* Does the call hand the pid to code that may keep it? */
static int passes_pid(const struct walk *w, struct fc_ref ref, const struct fc_event *ev) {
  const struct fc_program *p = w->p;
  if (ev->callee < 0)
    return 0;
  struct fc_target t = fc_call_target(p, ref);
  if (t.func < 0 && (p->tus[ref.tu]->callees.v[ev->callee].flags & FC_CALLEE_SYSTEM))
    return 0;
  const struct fc_arg *args = &p->tus[ref.tu]->args.v[ev->args];
  for (uint16_t a = 0; a < ev->n_args; a++)
    if (args[a].kind == FC_ARG_VAR && args[a].var == w->pid)
      return 1;
  return 0;
}

static int visit(void *arg, struct fc_ref ref, uint32_t block, unsigned state) {
  (void)block;
  struct walk *w = arg;
  const struct fc_program *p = w->p;
  if (!(state & FC_PARENT))
    return 0;
  const struct fc_event *ev = fc_event_at(p, ref);
  int live = !(state & FC_DEAD) && ev->var == w->pid && w->pid >= 0;
  switch (ev->kind) {
  case FC_EV_CALL:
    w->calls_program |= fc_call_target(p, ref).func >= 0;
    if (fc_reach_call(p, w->waits, wait_call, NULL, ref) ||
        (!(state & FC_DEAD) && passes_pid(w, ref, ev)))
      w->reaped = 1;
    break;
  case FC_EV_STORE:
  case FC_EV_RETURN:
    w->reaped |= live;
    break;
  default:
    break;
  }
  return w->reaped;
}

/* Does the parent take a back edge of the CFG (a loop) after the fork? A
 * depth-first walk from the entry: an edge to a block still on the walk's
 * stack closes a loop. */
static int parent_loops(const struct fc_program *p, const struct fc_region *r) {
  const struct fc_pfunc *pf = &p->funcs.v[r->site->func];
  const struct fc_tu *tu = p->tus[pf->tu];
  uint32_t n = pf->fn->block_count, sp = 0;
  uint8_t *mark = fc_xcalloc(n, 1); /* 1: on the stack, 2: done */
  uint32_t *block = fc_xmalloc((size_t)n * sizeof *block);
  uint32_t *next = fc_xmalloc((size_t)n * sizeof *next);
  int loops = 0;
  block[sp] = FC_ENTRY;
  next[sp++] = 0;
  mark[FC_ENTRY] = 1;
  while (sp && !loops) {
    uint32_t b = block[sp - 1], e = next[sp - 1]++;
    const struct fc_block *blk = fc_fn_block(tu, pf->fn, b);
    if (e >= blk->edge_count) {
      mark[b] = 2;
      sp--;
      continue;
    }
    uint32_t t = tu->edges.v[blk->edge_first + e].target;
    if (t >= n)
      continue;
    if (mark[t] == 1)
      loops = (fc_region_edge_state(p, r, b, e) & FC_PARENT) != 0;
    else if (!mark[t]) {
      mark[t] = 1;
      block[sp] = t;
      next[sp++] = 0;
    }
  }
  free(mark);
  free(block);
  free(next);
  return loops;
}

/* In main, the parent returns (ends the process) without looping or calling
 * into the program on the way: the child is reparented, not a zombie. */
static int main_returns_soon(const struct walk *w, const struct fc_region *r) {
  const struct fc_pfunc *pf = &w->p->funcs.v[r->site->func];
  return (pf->fn->flags & FC_FN_MAIN) && !w->calls_program && (r->in[FC_EXIT] & FC_PARENT) &&
         !parent_loops(w->p, r);
}

void fc_rule_missing_wait(struct fc_rule_ctx *ctx) {
  const struct fc_program *p = ctx->prog;
  struct fc_reach waits = fc_reach_compute(p, wait_call, NULL);
  if (reaps_elsewhere(p, &waits)) {
    fc_reach_free(&waits);
    return;
  }
  for (size_t i = 0; i < p->forks.n; i++) {
    const struct fc_fork_site *s = &p->forks.v[i];
    if (s->kind == FC_SITE_DAEMON)
      continue;
    struct fc_region r;
    fc_region_compute(p, s, &r);
    const struct fc_pfunc *pf = &p->funcs.v[s->func];
    int32_t pid = fc_event_at(p, s->call)->var;
    struct walk w = {p, &waits, pid, 0, 0};
    if (pid >= 0 && (p->tus[pf->tu]->var_flags.v[pf->fn->var_first + pid] &
                     (FC_VAR_GLOBAL | FC_VAR_MEMORY)))
      w.reaped = 1;
    if (!w.reaped && !r.parent_exits)
      fc_region_walk(p, &r, visit, &w);
    if (!w.reaped && !r.parent_exits && !main_returns_soon(&w, &r)) {
      const char *name = fc_callee_name(p, s->call);
      struct fc_finding *f =
          fc_report(ctx->out, ctx->id, fc_where_event(p, s->call),
                    "the child of this '%s' is never waited for: it stays a zombie until the "
                    "parent exits",
                    name);
      fc_note(f, fc_where_event(p, s->call),
              "no wait for it on the parent's path, its pid is not kept for a reaper, and the "
              "program neither reaps on SIGCHLD nor ignores SIGCHLD");
      fc_note(f, fc_where_event(p, s->call),
              "wait for the child with waitpid() (forksafe_wait() retries on EINTR), keep its "
              "pid for the code that reaps it, or set SIGCHLD to SIG_IGN if its status is not "
              "needed; confirm at run time with LD_PRELOAD=libforksafe-detect.so");
    }
    fc_region_free(&r);
  }
  fc_reach_free(&waits);
}
