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
 *     is used, a SIGCHLD handler (a function whose address is taken) waits
 *     or ends the process when its signal is SIGCHLD,
 *     or a reaper waits for any child (wait(), waitpid(-1, ..)) in a
 *     function that mentions SIGCHLD or WNOHANG, or a library installs
 *     one (libev's default loop: data/reapers.def);
 *   - the parent returns and a wait for any child runs on the way back to
 *     the fork (a caller's loop, or before the fork in the function): it
 *     reaps lazily; or every caller waits for any child after the call
 *     (a helper that returns the pipe its caller reads to the end);
 *   - the parent exits right after the fork (daemonize, double fork), or
 *     returns from main without calling into the program or looping;
 *   - the fork runs once in the process: the parent does not come back to
 *     it, and nothing calls its function again (no loop above the call, no
 *     pointer to it, it is called from main's flow). One zombie holds one
 *     slot until the parent exits; zombies that pile up are the defect.
 * A call of a function that returns the process's role (fc_func_role) is
 * not judged: the fork inside that function is, and when its parent
 * returns the role, at those calls: cared for at every one (it ends the
 * process there: spiped's `if (daemonize(pidfile)) goto err1;`), it is.
 */
#include "rules.h"

#include <stdlib.h>

FC_RULE_READS(fc_rule_missing_wait, FC_FACT_BIT(waits) | FC_FACT_BIT(waits_for_any));

/* A direct call of wait(), waitpid(-1, ...) and the like. */
static int waits_for_any(const struct fc_program *p, struct fc_ref call) {
  return fc_call_is_direct(p, call) && fc_call_target(p, call).func < 0 &&
         fc_fact_call(p, FC_FACT_waits_for_any, call);
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

/* Does every way on from block b of f end the process before f returns? */
static int ways_end(const struct fc_program *p, uint32_t f, uint32_t b) {
  uint32_t n = fc_block_count(p, f), top = 0;
  uint32_t *stack = fc_xmalloc((size_t)(n + 1) * sizeof *stack);
  uint8_t *seen = fc_xcalloc(n + 1, 1);
  int ends = 1;
  stack[top++] = b;
  seen[b] = 1;
  while (top && ends) {
    uint32_t x = stack[--top];
    if (fc_block_ends(p, f, x))
      continue;
    if (x == FC_EXIT)
      ends = 0;
    for (uint32_t e = 0; e < fc_succ_count(p, f, x); e++) {
      uint32_t y = fc_succ(p, f, x, e);
      if (!seen[y]) {
        seen[y] = 1;
        stack[top++] = y;
      }
    }
  }
  free(stack);
  free(seen);
  return ends;
}

/* A signal handler that ends the process when a child ends (`case SIGCHLD:
 * _exit(EXIT_FAILURE);`, ndhc's master, whose helpers live as long as it):
 * a child that dies first is reaped once the parent is gone. Every way from
 * the edge its first parameter takes as SIGCHLD ends the process. */
static int ends_on_sigchld(const struct fc_program *p, uint32_t f) {
  if (!fc_func_address_taken(p, f) || !fc_func_mentions(p, f, FC_MENTION_SIGCHLD) ||
      fc_var_count(p, f) == 0 || !(fc_var_flags(p, f, 0) & FC_VAR_PARAM))
    return 0;
  int64_t sigchld;
  if (!fc_func_call_count(p, f) || !fc_macro_value(p, fc_func_call(p, f, 0), "SIGCHLD", &sigchld))
    return 0;
  for (uint32_t b = 0; b < fc_block_count(p, f); b++)
    for (uint32_t e = 0; e < fc_succ_count(p, f, b); e++) {
      const struct fc_edge *edge = fc_succ_edge(p, f, b, e);
      if (edge->var == 0 && edge->test == FC_T_EQ && edge->value == sigchld &&
          ways_end(p, f, edge->target))
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
    if (ends_on_sigchld(p, f))
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
  for (uint32_t f = 0; f < fc_func_count(p); f++)
    FC_FOR_EACH_CALL(p, f, ref) {
      if (fc_call_is_direct(p, ref) && fc_call_target(p, ref).func < 0 &&
          fc_knowledge_reaper(fc_callee_name(p, ref)))
        return 1; /* a library's SIGCHLD handler reaps every child */
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

/* Where the parent goes after the function that forked returns: per
 * function, whether it may be called again after it returns (a call of it,
 * or of a function above it, is on a loop), and whether a wait for any
 * child runs on such a loop, on the way back to the call. */
struct way_back {
  uint8_t *again, *waits;
  uint8_t *repeats; /* may run more than once: again, a pointer's, or no caller's */
};

/* A call that waits for any child, itself or in what it calls. */
static int reaping_call(const struct fc_program *p, struct fc_ref ev) {
  return fc_event_at(p, ev)->kind == FC_EV_CALL && fc_fact_call(p, FC_FACT_waits_for_any, ev);
}

/* For each call on a loop of f: its callee may run again, and, when
 * another call on that loop waits for any child, reaps on the way. */
static void loops_of(const struct fc_program *p, uint32_t f, struct way_back *wb) {
  uint32_t n = fc_block_count(p, f);
  uint32_t *loop = fc_block_loops(p, f);
  uint32_t *reapers = fc_xcalloc(n + 1, sizeof *reapers); /* per loop: its waiting calls */
  for (int pass = 0; pass < 2; pass++)
    for (uint32_t b = 0; b < n; b++)
      for (uint32_t i = 0; loop[b] != FC_NO_LOOP && i < fc_event_count(p, f, b); i++) {
        struct fc_ref c = fc_block_event(p, f, b, i);
        if (fc_event_at(p, c)->kind != FC_EV_CALL)
          continue;
        int reaps = reaping_call(p, c);
        if (pass == 0) {
          reapers[loop[b]] += (uint32_t)reaps;
          continue;
        }
        const struct fc_target *t;
        uint32_t k = fc_call_targets(p, c, &t);
        for (uint32_t j = 0; j < k; j++)
          if (t[j].func >= 0) {
            wb->again[t[j].func] = 1;
            wb->waits[t[j].func] |= reapers[loop[b]] > (uint32_t)reaps;
          }
      }
  free(reapers);
  free(loop);
}

/* A worklist down the calls from the functions queue[0, tail): each target
 * that take() accepts (it sets its bits and returns 1) is queued in turn.
 * The queue holds what take() lets in. */
static void down_calls(const struct fc_program *p, uint32_t *queue, uint32_t tail,
                       int (*take)(struct way_back *wb, uint32_t from, uint32_t to),
                       struct way_back *wb) {
  for (uint32_t head = 0; head < tail;) {
    uint32_t g = queue[head++];
    FC_FOR_EACH_CALL(p, g, c) {
      const struct fc_target *t;
      uint32_t k = fc_call_targets(p, c, &t);
      for (uint32_t j = 0; j < k; j++)
        if (t[j].func >= 0 && take(wb, g, (uint32_t)t[j].func))
          queue[tail++] = (uint32_t)t[j].func;
    }
  }
}

/* Runs again, and reaps on the way, when its caller g does. */
static int take_again(struct way_back *wb, uint32_t g, uint32_t x) {
  if (wb->again[x] && wb->waits[x] >= wb->waits[g])
    return 0;
  wb->again[x] = 1;
  wb->waits[x] |= wb->waits[g];
  return 1;
}

/* May run more than once when its caller may. */
static int take_repeats(struct way_back *wb, uint32_t g, uint32_t x) {
  (void)g;
  if (wb->repeats[x])
    return 0;
  wb->repeats[x] = 1;
  return 1;
}

/* The loops of every function, then down the calls: what runs again, and
 * reaps on the way, when its caller does. Each function is queued when one
 * of its two bits is set, at most twice. Then what may run more than once:
 * what runs again, a function whose address is taken (a handler, a
 * callback), one no function of the program calls other than main (a
 * library's entry), and what they call. */
static struct way_back way_back_compute(const struct fc_program *p) {
  uint32_t n = fc_func_count(p), tail = 0;
  struct way_back wb = {fc_xcalloc(n + 1, 1), fc_xcalloc(n + 1, 1), fc_xcalloc(n + 1, 1)};
  for (uint32_t f = 0; f < n; f++)
    loops_of(p, f, &wb);
  /* Queued as a seed, then when again, then when waits, is first set. */
  uint32_t *queue = fc_xmalloc((3 * (size_t)n + 1) * sizeof *queue);
  for (uint32_t f = 0; f < n; f++)
    if (wb.again[f])
      queue[tail++] = f;
  down_calls(p, queue, tail, take_again, &wb);
  tail = 0;
  for (uint32_t f = 0; f < n; f++)
    if (wb.again[f] || fc_func_address_taken(p, f) ||
        (!fc_caller_count(p, f) && !fc_func_is_main(p, f))) {
      wb.repeats[f] = 1;
      queue[tail++] = f;
    }
  down_calls(p, queue, tail, take_repeats, &wb);
  free(queue);
  return wb;
}

/* May the fork run again in the same process: the parent comes back to
 * it, or returns from a function that may be called again? */
static int forks_again(const struct way_back *wb, const struct fc_fork_site *s,
                       const struct fc_region *r) {
  return (fc_region_in(r, s->block) & FC_PARENT) ||
         ((fc_region_in(r, FC_EXIT) & FC_PARENT) && wb->repeats[s->func]);
}

/* Does a call in f that waits for any child run before the fork, on a path
 * from f's entry to it? Blocks that reach the fork's, backwards. */
static int waits_before(const struct fc_program *p, const struct fc_fork_site *s) {
  uint32_t f = s->func, n = fc_block_count(p, f);
  struct fc_worklist w;
  fc_worklist_init(&w, n, 0);
  uint8_t *seen = fc_xcalloc(n + 1, 1);
  int found = 0;
  for (uint32_t i = 0; i < s->index && !found; i++)
    found = reaping_call(p, fc_block_event(p, f, s->block, i));
  for (uint32_t k = 0; k < fc_pred_count(p, f, s->block); k++)
    fc_worklist_push(&w, fc_pred(p, f, s->block, k));
  while (w.count > 0 && !found) {
    uint32_t b = fc_worklist_pop(&w);
    if (seen[b]++)
      continue;
    for (uint32_t i = 0; i < fc_event_count(p, f, b) && !found; i++) {
      found = reaping_call(p, fc_block_event(p, f, b, i));
    }
    for (uint32_t k = 0; k < fc_pred_count(p, f, b); k++)
      if (!seen[fc_pred(p, f, b, k)])
        fc_worklist_push(&w, fc_pred(p, f, b, k));
  }
  fc_worklist_free(&w);
  free(seen);
  return found;
}

/* The parent returns, and a wait for any child runs before it forks
 * again: on the callers' loop that comes back to the call, or in the
 * function itself before the fork (a limit on the children running,
 * reached by reaping one: lazy reaping). */
static int reaps_on_way_back(const struct fc_program *p, const struct way_back *wb,
                             const struct fc_fork_site *s, const struct fc_region *r) {
  if (!(fc_region_in(r, FC_EXIT) & FC_PARENT) || !wb->again[s->func])
    return 0;
  return wb->waits[s->func] || waits_before(p, s);
}

/* A call that waits for any child (an fc_call_pred). */
static int reaping_pred(const struct fc_program *p, struct fc_ref call, void *arg) {
  (void)arg;
  return reaping_call(p, call);
}

/* The parent returns from the fork's function, and every call of that
 * function is followed by a wait for any child: task-spooler's
 * fork_command() returns the pipe it reads the command's output from, and
 * get_environment() reads it to the end and then calls wait(0). */
static int callers_wait(const struct fc_program *p, const struct fc_fork_site *s,
                        const struct fc_region *r) {
  uint32_t k = fc_caller_count(p, s->func);
  if (!k || !(fc_region_in(r, FC_EXIT) & FC_PARENT) || fc_func_address_taken(p, s->func))
    return 0;
  for (uint32_t i = 0; i < k; i++) {
    struct fc_caller c = fc_caller_at(p, s->func, i);
    if (!fc_call_followed_by(p, c.caller, c.call, reaping_pred, NULL, NULL))
      return 0;
  }
  return 1;
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

static int cared_for(const struct fc_program *p, const struct fc_reach *waits,
                     const struct way_back *wb, const struct fc_fork_site *s, int at_callers);

/* The function returns the process's role to its callers (`return -1` in
 * the parent that failed to hear from its child, 0 in the child: spiped's
 * daemonize()): is the parent cared for at every call of it, which the
 * parent leaves by ending the process (`if (daemonize(pidfile)) goto
 * err1;` then exit(1)) or by handing the role on? */
static int callers_care(const struct fc_program *p, const struct fc_reach *waits,
                        const struct way_back *wb, uint32_t func) {
  int calls = 0;
  for (uint32_t i = 0; i < fc_fork_count(p); i++) {
    const struct fc_fork_site *s2 = fc_fork_at(p, i);
    if (!s2->role || s2->kind == FC_SITE_DAEMON ||
        fc_call_target(p, s2->call).func != (int32_t)func)
      continue;
    if (!cared_for(p, waits, wb, s2, 0))
      return 0;
    calls++;
  }
  return calls > 0;
}

/* Is the child of site s waited for, or handed to code that may wait, or
 * is its parent gone soon? */
static int cared_for(const struct fc_program *p, const struct fc_reach *waits,
                     const struct way_back *wb, const struct fc_fork_site *s, int at_callers) {
  struct fc_region r;
  fc_region_compute(p, s, &r);
  int32_t pid = fc_event_at(p, s->call)->var;
  struct walk w = {p, waits, pid, 0, 0};
  if (pid >= 0 && (fc_var_flags(p, s->func, pid) & (FC_VAR_GLOBAL | FC_VAR_MEMORY)))
    w.reaped = 1;
  if (!w.reaped && !r.parent_exits)
    fc_region_walk(p, &r, visit, &w);
  int ok = w.reaped || r.parent_exits || main_returns_soon(&w, &r) || !forks_again(wb, s, &r) ||
           reaps_on_way_back(p, wb, s, &r) || (s->child < 0 && callers_wait(p, s, &r)) ||
           (at_callers && fc_region_returns_role(&r) && callers_care(p, waits, wb, s->func));
  fc_region_free(&r);
  return ok;
}

static void check_site(struct fc_rule_ctx *ctx, const struct fc_reach *waits,
                       const struct way_back *wb, const struct fc_fork_site *s) {
  if (!cared_for(ctx->prog, waits, wb, s, 1))
    report(ctx, s);
}

void fc_rule_missing_wait(struct fc_rule_ctx *ctx) {
  const struct fc_program *p = ctx->prog;
  const struct fc_reach *waits = fc_fact(p, FC_FACT_waits);
  if (reaps_elsewhere(p, waits))
    return;
  struct way_back wb = way_back_compute(p);
  for (uint32_t i = 0; i < fc_fork_count(p); i++)
    if (fc_fork_at(p, i)->kind != FC_SITE_DAEMON && !fc_fork_at(p, i)->role)
      check_site(ctx, waits, &wb, fc_fork_at(p, i));
  free(wb.again);
  free(wb.waits);
  free(wb.repeats);
}
