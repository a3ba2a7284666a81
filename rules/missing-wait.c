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
 *   - the program reaps elsewhere: SIGCHLD is set to SIG_IGN (also through a
 *     helper called with SIGCHLD, signal_ignore(SIGCHLD)) or SA_NOCLDWAIT
 *     is used, a SIGCHLD handler (a function whose address is taken) waits,
 *     or a reaper waits for any child (wait(), waitpid(-1, ..)) in a
 *     function that mentions SIGCHLD or WNOHANG;
 *   - the parent exits right after the fork (daemonize, double fork), or
 *     returns from main without calling into the program or looping.
 * A call of a function that returns the process's role (fc_func_role) is
 * not judged: the fork inside that function is.
 */
#include "rules.h"

#include <stdlib.h>

FC_RULE_READS(fc_rule_missing_wait, FC_FACT_BIT(waits));

/* wait(), wait3(), or waitpid/wait4/waitid for a pid that is not one
 * variable: -1 or 0 (any child, the process group), P_ALL. */
static int waits_for_any(const struct fc_program *p, struct fc_ref call) {
  struct fc_target t = fc_call_target(p, call);
  if (t.func >= 0 || !(t.kinds & FC_K_WAIT_ANY))
    return 0;
  if (t.arg < 0)
    return 1;
  const struct fc_arg *a = fc_call_arg(p, call, (uint32_t)t.arg);
  if (!a)
    return 0;
  return a->kind == FC_ARG_CONST && a->value <= 0;
}

/* A call in f of a function of the program that sets some signal to SIG_IGN,
 * with SIGCHLD as a constant argument: signal_ignore(SIGCHLD). */
static int ignores_sigchld_through(const struct fc_program *p, uint32_t f) {
  FC_FOR_EACH_CALL(p, f, ref) {
    int32_t h = fc_call_target(p, ref).func;
    int64_t sigchld;
    if (h < 0 || !fc_func_mentions(p, (uint32_t)h, FC_MENTION_SIG_IGN) ||
        !fc_macro_value(p, ref, "SIGCHLD", &sigchld))
      continue;
    const struct fc_arg *a;
    for (uint32_t i = 0; (a = fc_call_arg(p, ref, i)) != NULL; i++)
      if (a->kind == FC_ARG_CONST && a->value == sigchld)
        return 1;
  }
  return 0;
}

/* Does the program reap its children elsewhere (SIGCHLD, a reaper)? */
static int reaps_elsewhere(const struct fc_program *p, const struct fc_reach *waits) {
  int sigchld = 0, handler = 0;
  for (uint32_t f = 0; f < fc_func_count(p); f++) {
    if (fc_func_mentions(p, f, FC_MENTION_SA_NOCLDWAIT) ||
        (fc_func_mentions(p, f, FC_MENTION_SIGCHLD) && fc_func_mentions(p, f, FC_MENTION_SIG_IGN)))
      return 1;
    if (fc_func_mentions(p, f, FC_MENTION_SIGCHLD) && ignores_sigchld_through(p, f))
      return 1;
    sigchld |= fc_func_mentions(p, f, FC_MENTION_SIGCHLD);
    handler |= fc_func_address_taken(p, f) && fc_reach_has(waits, f);
    if (!fc_func_mentions(p, f, FC_MENTION_SIGCHLD) && !fc_func_mentions(p, f, FC_MENTION_WNOHANG))
      continue;
    FC_FOR_EACH_CALL(p, f, ref) {
      if (waits_for_any(p, ref))
        return 1;
    }
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
static int passes_pid(const struct walk *w, struct fc_ref ref) {
  const struct fc_program *p = w->p;
  const struct fc_arg *a;
  if (!fc_call_is_direct(p, ref))
    return 0;
  if (fc_call_target(p, ref).func < 0 && fc_callee_is_system(p, ref))
    return 0;
  for (uint32_t i = 0; (a = fc_call_arg(p, ref, i)) != NULL; i++)
    if (a->kind == FC_ARG_VAR && a->var == w->pid)
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
    if (fc_fact_call(p, FC_FACT_waits, ref) ||
        (!(state & FC_DEAD) && passes_pid(w, ref)))
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

struct loops {
  const struct fc_program *p;
  const struct fc_region *r;
};

/* An edge to a block on the search's path closes a loop: the parent's? */
static int parent_back_edge(void *ctx, uint32_t b, uint32_t e, uint32_t t, int seen) {
  (void)t;
  const struct loops *l = ctx;
  if (seen != FC_DFS_ON_PATH)
    return FC_DFS_FOLLOW;
  return fc_region_edge_state(l->p, l->r, b, e) & FC_PARENT ? FC_DFS_STOP : FC_DFS_SKIP;
}

/* Does the parent take a back edge of the CFG (a loop) after the fork? */
static int parent_loops(const struct fc_program *p, const struct fc_region *r) {
  struct loops l = {p, r};
  struct fc_dfs d = {p, r->site->func, NULL, parent_back_edge, &l};
  return fc_dfs_run(&d, FC_ENTRY);
}

/* In main, the parent returns (ends the process) without looping or calling
 * into the program on the way: the child is reparented, not a zombie. */
static int main_returns_soon(const struct walk *w, const struct fc_region *r) {
  return fc_func_is_main(w->p, r->site->func) && !w->calls_program &&
         (fc_region_in(r, FC_EXIT) & FC_PARENT) && !parent_loops(w->p, r);
}

static void report(struct fc_rule_ctx *ctx, const struct fc_fork_site *s) {
  const struct fc_program *p = ctx->prog;
  struct fc_finding *f =
      fc_report(ctx->out, ctx->id, fc_where_event(p, s->call),
                "the child of this '%s' is never waited for: it stays a zombie until the "
                "parent exits",
                fc_callee_name(p, s->call));
  fc_note(f, fc_where_event(p, s->call),
          "no wait for it on the parent's path, its pid is not kept for a reaper, and the "
          "program neither reaps on SIGCHLD nor ignores SIGCHLD");
  fc_note(f, fc_where_event(p, s->call),
          "wait for the child with waitpid() (forksafe_wait() retries on EINTR), keep its "
          "pid for the code that reaps it, or set SIGCHLD to SIG_IGN if its status is not "
          "needed; confirm at run time with LD_PRELOAD=libforksafe-detect.so");
}

static void check_site(struct fc_rule_ctx *ctx, const struct fc_reach *waits,
                       const struct fc_fork_site *s) {
  const struct fc_program *p = ctx->prog;
  struct fc_region r;
  fc_region_compute(p, s, &r);
  int32_t pid = fc_event_at(p, s->call)->var;
  struct walk w = {p, waits, pid, 0, 0};
  if (pid >= 0 && (fc_var_flags(p, s->func, pid) & (FC_VAR_GLOBAL | FC_VAR_MEMORY)))
    w.reaped = 1;
  if (!w.reaped && !r.parent_exits)
    fc_region_walk(p, &r, visit, &w);
  if (!w.reaped && !r.parent_exits && !main_returns_soon(&w, &r))
    report(ctx, s);
  fc_region_free(&r);
}

void fc_rule_missing_wait(struct fc_rule_ctx *ctx) {
  const struct fc_program *p = ctx->prog;
  const struct fc_reach *waits = fc_fact(p, FC_FACT_waits);
  if (!reaps_elsewhere(p, waits))
    for (uint32_t i = 0; i < fc_fork_count(p); i++)
      if (fc_fork_at(p, i)->kind != FC_SITE_DAEMON && !fc_fork_at(p, i)->role)
        check_site(ctx, waits, fc_fork_at(p, i));
}
