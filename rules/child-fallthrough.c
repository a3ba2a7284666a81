/*
 * child-fallthrough: the child leaves its branch without _exit() or exec
 * and runs code that belongs to the parent: the code after the branch, the
 * caller's code when it returns, or the loop that forks again -- a fork
 * bomb when the fork is in a loop the child re-enters.
 *
 * Where the child leaves shows on the CFG: an edge that carries the child
 * alone (not the parent) into a block the parent also enters, or to the
 * function's end. Not reported when the parent's side ends the process
 * (daemonize: the child is meant to carry on), or the child returns 0 as a
 * daemon through a fork of its own whose parent ends (libdaemon's
 * daemon_fork(): fc_region_makes_daemon), for a function that returns
 * the fork's result to its caller in the child, or a value that tells the
 * child from the parent (the caller has the branch: the child becomes the
 * process there), nor when the child only returns from main, or from a
 * function whose callers then only end the process (child-exit-cleanup's). A child's return is not into the parent's code
 * when the parent never returns (a server's accept loop whose child returns
 * to handle the connection).
 */
#include "rules.h"

#include <stdlib.h>

FC_RULE_READS(fc_rule_child_fallthrough, 0);

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

struct shared {
  const struct fc_program *p;
  const struct fc_region *r;
  uint32_t func;
  int in_main;
  const uint8_t *after_fork; /* parent_after_fork() */
  int calls; /* a call on the shared code seen */
  int found;
};

struct parent_walk {
  const struct fc_program *p;
  const struct fc_region *r;
  uint32_t *back; /* per block: bit e, its edge e closes a loop (edges below 32) */
  uint8_t *seen;
};

static int back_edge(void *ctx, uint32_t b, uint32_t e, uint32_t t, int seen) {
  (void)t;
  struct parent_walk *w = ctx;
  if (seen == FC_DFS_ON_PATH && e < 32)
    w->back[b] |= 1u << e;
  return FC_DFS_FOLLOW;
}

static int parent_enter(void *ctx, uint32_t b) {
  struct parent_walk *w = ctx;
  w->seen[b] = 1;
  return FC_DFS_FOLLOW;
}

static int parent_edge(void *ctx, uint32_t b, uint32_t e, uint32_t t, int seen) {
  (void)t, (void)seen;
  struct parent_walk *w = ctx;
  return !(e < 32 && (w->back[b] >> e & 1)) &&
                 (fc_region_edge_state(w->p, w->r, b, e) & FC_PARENT)
             ? FC_DFS_FOLLOW
             : FC_DFS_SKIP;
}

/* Per block: does the parent reach it after the fork in the same pass (not
 * only coming round a loop, before it forks again)? A block it reaches only
 * in a later pass that does not fork (yash's `goto exec_one_command;` into
 * the child's code, for the last command of a pipeline run in place) is
 * code the child and the process that does not fork share. The loops are
 * the edges back to a block on the way from the entry. */
static uint8_t *parent_after_fork(const struct fc_program *p, const struct fc_region *r) {
  uint32_t f = r->site->func, nb = fc_block_count(p, f);
  struct parent_walk w = {p, r, fc_xcalloc(nb + 1, sizeof *w.back), fc_xcalloc(nb + 1, 1)};
  struct fc_dfs loops = {p, f, NULL, back_edge, &w};
  fc_dfs_run(&loops, FC_ENTRY);
  struct fc_dfs d = {p, f, parent_enter, parent_edge, &w};
  fc_dfs_run(&d, r->site->block);
  free(w.back);
  return w.seen;
}

struct straight {
  const struct fc_program *p;
  const struct fc_region *r;
  uint32_t to;
  int reached, other;
};

static int straight_enter(void *ctx, uint32_t b) {
  struct straight *w = ctx;
  if (b == w->to) {
    w->reached = 1;
    return FC_DFS_SKIP;
  }
  if (b == FC_EXIT)
    w->other = 1;
  for (uint32_t i = 0; b != w->r->site->block && !w->other &&
                       i < fc_event_count(w->p, w->r->site->func, b); i++) {
    struct fc_ref ref = fc_block_event(w->p, w->r->site->func, b, i);
    uint8_t kind = fc_event_at(w->p, ref)->kind;
    w->other = kind == FC_EV_RETURN || (kind == FC_EV_CALL && !fc_call_releases_only(w->p, ref));
  }
  return w->other ? FC_DFS_STOP : FC_DFS_FOLLOW;
}

static int straight_edge(void *ctx, uint32_t b, uint32_t e, uint32_t t, int seen) {
  (void)t;
  struct straight *w = ctx;
  if (seen == FC_DFS_ON_PATH)
    w->other = 1;
  return !w->other && (fc_region_edge_state(w->p, w->r, b, e) & FC_PARENT) ? FC_DFS_FOLLOW
                                                                            : FC_DFS_SKIP;
}

/* Does the parent go from the fork straight to block t, running nothing on
 * the way (iptraf-ng's daemonizing `default: goto cleanup;` in main)? When
 * the child comes to t from code that main also runs without forking (it
 * forks only with -B: the child carries on main's line, as the process
 * that does not fork), t is how the program ends: the parent's at once,
 * and the child's when its work is done. */
static int parent_straight_to(const struct fc_program *p, const struct fc_region *r, uint32_t t) {
  struct straight w = {p, r, t, 0, 0};
  struct fc_dfs d = {p, r->site->func, straight_enter, straight_edge, &w};
  fc_dfs_run(&d, r->site->block);
  return w.reached && !w.other;
}

/* Does the call end the process at once, without the exit-time cleanup:
 * _exit(), _Exit() (noreturn, and what a vfork() child may call)? */
static int ends_alone(const struct fc_program *p, struct fc_ref ref) {
  struct fc_target t = fc_call_target(p, ref);
  return fc_call_is_direct(p, ref) && t.func < 0 && (t.kinds & FC_K_NORETURN) &&
         (t.kinds & FC_K_VFORK_ALLOWED);
}

/* A block where child and parent both run: does the child take the
 * parent's way out of it (its end of the process, its return)? Plain calls
 * are common code when the two part again after them. */
static int enter_shared(void *ctx, uint32_t b) {
  struct shared *w = ctx;
  if ((fc_region_in(w->r, b) & (FC_CHILD | FC_PARENT)) != (FC_CHILD | FC_PARENT))
    return FC_DFS_SKIP;
  if (b == w->r->site->block) {
    w->found = 1; /* back to the fork */
    return FC_DFS_STOP;
  }
  /* Code the parent reaches only in a pass that does not fork, before any
   * of its code after the fork: the child's, which the process that does
   * not fork borrows. Its calls are not the parent's; ending there, the
   * child just ends. */
  int borrowed = !w->after_fork[b] && !w->calls;
  if (borrowed && fc_block_ends(w->p, w->func, b))
    return FC_DFS_SKIP;
  for (uint32_t i = 0; i < fc_event_count(w->p, w->func, b); i++) {
    struct fc_ref ref = fc_block_event(w->p, w->func, b, i);
    uint8_t kind = fc_event_at(w->p, ref)->kind;
    int ends = kind == FC_EV_CALL && fc_call_noreturn(w->p, ref);
    if (ends && !w->calls && (ends_alone(w->p, ref) || fc_call_exits_with_cleanup(w->p, ref))) {
      /* the parent's _exit(), and nothing of it before: the child just ends
       * (the grandchild of sway's swaynag, on the middle process's end); on
       * its exit(), the child's end is that exit(), child-exit-cleanup's
       * (a window manager's spawn(): the grandchild whose exec failed
       * falls onto the middle process's exit(0)) */
      return FC_DFS_SKIP;
    }
    if (ends || kind == FC_EV_RETURN) {
      w->found = !w->in_main || w->calls;
      return w->found ? FC_DFS_STOP : FC_DFS_SKIP;
    }
    w->calls |= kind == FC_EV_CALL && !borrowed && !fc_call_releases_only(w->p, ref);
  }
  return FC_DFS_FOLLOW;
}

/* Leaving the function, or a loop that both run, is the parent's code. */
static int edge_shared(void *ctx, uint32_t b, uint32_t e, uint32_t t, int seen) {
  (void)b, (void)e;
  struct shared *w = ctx;
  if (t == FC_EXIT)
    w->found = !w->in_main || w->calls;
  else if (seen == FC_DFS_ON_PATH)
    w->found = 1;
  else
    return FC_DFS_FOLLOW;
  return w->found ? FC_DFS_STOP : FC_DFS_SKIP;
}

/* From block b, where the child joins the parent, does the child run code
 * of the parent's before the two part again (a second test of the fork
 * result)? Leaving the function or ending the process as the parent does,
 * or a loop both run; in main, where returning is child-exit-cleanup's,
 * the loop, or calls made on the way to the end. */
static int runs_shared_code(const struct fc_program *p, const struct fc_region *r, uint32_t b,
                            int in_main, const uint8_t *after_fork) {
  struct shared w = {p, r, r->site->func, in_main, after_fork, 0, 0};
  struct fc_dfs d = {p, r->site->func, enter_shared, edge_shared, &w};
  fc_dfs_run(&d, b);
  return w.found;
}

/* The last event of a block that leads to block b (b itself has none: the
 * block of a `goto` or `break`; its predecessor ends with the test). */
static int event_before(const struct fc_program *p, uint32_t f, uint32_t b, struct fc_ref *out) {
  for (uint32_t k = 0; k < fc_pred_count(p, f, b); k++) {
    uint32_t from = fc_pred(p, f, b, k);
    uint32_t n = fc_event_count(p, f, from);
    if (n) {
      *out = fc_block_event(p, f, from, n - 1);
      return 1;
    }
  }
  return 0;
}

/* Where the child leaves block b: its return, its closing brace, its last
 * event, the test before it, or at worst the fork. */
static struct fc_where leave_place(const struct fc_program *p, const struct fc_fork_site *s,
                                   uint32_t b, int *returns) {
  uint32_t n = fc_event_count(p, s->func, b);
  struct fc_ref last = {0, FC_NO_EVENT};
  struct fc_loc end;
  if (n)
    last = fc_block_event(p, s->func, b, n - 1);
  *returns = n && fc_event_at(p, last)->kind == FC_EV_RETURN;
  if (*returns)
    return fc_where_event(p, last);
  if (fc_block_end(p, s->func, b, &end))
    return fc_where_block_end(p, s->func, b);
  if (n || event_before(p, s->func, b, &last))
    return fc_where_event(p, last);
  return fc_where_event(p, s->call);
}

/* Does event ref use variable v: as its result (unless it is the fork), or
 * as an argument? */
static int uses_var(const struct fc_program *p, struct fc_ref ref, struct fc_ref fork, int32_t v) {
  const struct fc_arg *a;
  if (ref.event != fork.event && fc_event_at(p, ref)->var == v)
    return 1;
  for (uint32_t i = 0; (a = fc_call_arg(p, ref, i)) != NULL; i++)
    if (a->var == v)
      return 1;
  return 0;
}

/* Is the fork's result never looked at (`fork();` alone)? Then nothing can
 * tell the child from the parent, and a loop around the fork is a fork bomb
 * for sure. */
static int result_unused(const struct fc_program *p, const struct fc_fork_site *s) {
  int32_t v = fc_event_at(p, s->call)->var;
  if (v < 0)
    return 1;
  for (uint32_t b = 0; b < fc_block_count(p, s->func); b++) {
    for (uint32_t i = 0; i < fc_event_count(p, s->func, b); i++) {
      struct fc_ref ref = fc_block_event(p, s->func, b, i);
      if (uses_var(p, ref, s->call, v))
        return 0;
    }
    for (uint32_t e = 0; e < fc_succ_count(p, s->func, b); e++)
      if (fc_succ_edge(p, s->func, b, e)->var == v)
        return 0;
  }
  return 1;
}

static void report(struct fc_rule_ctx *ctx, const struct fc_fork_site *s, int bomb,
                   struct leave *leaves, size_t n) {
  const struct fc_program *p = ctx->prog;
  const char *fn_name = fc_func_name(p, s->func);
  struct fc_finding *f;
  if (bomb)
    f = fc_report(ctx->out, ctx->id, fc_where_event(p, s->call),
                  "the child of this fork leaves its branch and loops back to fork again: a "
                  "fork bomb");
  else
    f = fc_report(ctx->out, ctx->id, fc_where_event(p, s->call),
                  "the child of this fork leaves its branch without _exit() or exec and runs "
                  "the parent's code");
  if (n > 1)
    qsort(leaves, n, sizeof *leaves, by_place);
  for (size_t i = 0; i < n; i++)
    if (leaves[i].returns)
      fc_note(f, leaves[i].at, "the child returns from '%s' here, into its caller's code",
              fn_name);
    else
      fc_note(f, leaves[i].at, "the child leaves its branch here");
  fc_note(f, fc_where_event(p, s->call),
          "end every path of the child with _exit() (after a failed exec too)");
}

/* Does the child alone take edge e of block b, out of its branch? */
static int leaves_branch(const struct fc_program *p, const struct fc_region *r, uint32_t b,
                         uint32_t e, int in_main, const uint8_t *after_fork) {
  uint32_t f = r->site->func, t = fc_succ(p, f, b, e);
  /* The tests of the target first: they are cheap, and the edge's state
   * runs the block's events again. */
  if (t == FC_EXIT) { /* the callers' code, unless the parent never returns to it */
    if (in_main || !(fc_region_in(r, FC_EXIT) & FC_PARENT))
      return 0;
  } else if (t >= fc_block_count(p, f) || !(fc_region_in(r, t) & FC_PARENT) ||
             fc_region_modes_apart(p, r, t)) {
    return 0; /* the parent is not there, or not in the child's run */
  } else if (in_main && fc_region_unforked(r, b) && parent_straight_to(p, r, t)) {
    return 0; /* the child carries on main's line, the parent went to its end */
  }
  unsigned st = fc_region_edge_state(p, r, b, e);
  if (!(st & FC_CHILD) || (st & FC_PARENT))
    return 0;
  return t == FC_EXIT || runs_shared_code(p, r, t, in_main, after_fork);
}

/* Does the child, in code the parent does not run, record its own process
 * id in a global or a member (zsh's clone builtin: `mypid = getpid();`,
 * its suspended pipeline's shell: `setpgrp(0L, mypgrp = getpid());`), or
 * a process id in the fork's own variable, where the parent keeps its
 * child's (nsd's reload: the parent becomes the new main, and the child,
 * the old main, keeps `reload_pid = getppid();`)? It takes up an identity
 * of its own: it is meant to carry on as a process beside the parent, not
 * to fall into the parent's code by mistake. */
static int records_own_pid(const struct fc_program *p, const struct fc_region *r) {
  uint32_t f = r->site->func;
  int32_t result = fc_event_at(p, r->site->call)->var;
  for (uint32_t b = 0; b < fc_block_count(p, f); b++) {
    if ((fc_region_in(r, b) & (FC_CHILD | FC_PARENT)) != FC_CHILD)
      continue;
    for (uint32_t i = 0; i < fc_event_count(p, f, b); i++) {
      struct fc_ref ref = fc_block_event(p, f, b, i);
      const struct fc_event *ev = fc_event_at(p, ref);
      if (ev->kind != FC_EV_CALL || ev->var < 0 || !fc_call_is_direct(p, ref) ||
          fc_call_target(p, ref).func >= 0)
        continue;
      if ((fc_call_kinds(p, ref, NULL) & FC_K_OWN_PID) &&
          (fc_var_flags(p, f, ev->var) & (FC_VAR_GLOBAL | FC_VAR_MEMORY)))
        return 1;
      if (ev->var == result && fc_knowledge_nonnegative(fc_callee_name(p, ref)))
        return 1;
    }
  }
  return 0;
}

static void check_site(struct fc_rule_ctx *ctx, const struct fc_fork_site *s) {
  const struct fc_program *p = ctx->prog;
  if (s->role)
    return; /* the child has become the process in the function that forked */
  struct fc_region r;
  fc_region_compute(p, s, &r);
  if (r.child_returns || fc_region_returns_role(&r) || fc_region_role_flag(p, &r) ||
      fc_region_makes_daemon(p, s) || records_own_pid(p, &r)) {
    fc_region_free(&r);
    return;
  }
  /* main, or a function whose callers only end the process after it:
   * returning from it ends the process (child-exit-cleanup's). */
  int in_main = fc_func_return_ends(p, s->func);
  FC_VEC(struct leave) leaves = {0};
  uint8_t *after_fork = parent_after_fork(p, &r);
  for (uint32_t b = 0; b < fc_block_count(p, s->func); b++) {
    if (!(fc_region_in(&r, b) & FC_ALL) && b != s->block)
      continue;
    for (uint32_t e = 0; e < fc_succ_count(p, s->func, b); e++) {
      if (!leaves_branch(p, &r, b, e, in_main, after_fork))
        continue;
      struct leave l;
      l.at = leave_place(p, s, b, &l.returns);
      fc_vec_push(&leaves, l);
    }
  }
  /* A parent that ends and never comes back to the fork hands the loop to
   * its child (a daemon that forks again): one process at a time. One that
   * ends only later (exit(0) after its loop) shares the loop. */
  unsigned at_fork = fc_region_in(&r, s->block);
  int bomb = (at_fork & FC_CHILD) && (!r.parent_exits || (at_fork & FC_PARENT)) &&
             (fc_child_separated(p, &r) || result_unused(p, s));
  if (leaves.n || bomb)
    report(ctx, s, bomb, leaves.v, leaves.n);
  fc_vec_free(&leaves);
  free(after_fork);
  fc_region_free(&r);
}

void fc_rule_child_fallthrough(struct fc_rule_ctx *ctx) {
  fc_check_sites(ctx, 1u << FC_SITE_FORK, check_site);
}
