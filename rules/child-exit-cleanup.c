/*
 * child-exit-cleanup: the child of fork() must not run the exit-time cleanup
 * it inherited from the parent. exit() runs the parent's atexit handlers
 * and flushes the stdio buffers copied at the fork, so both happen twice
 * (quick_exit() runs its at_quick_exit handlers); a return from main is
 * exit(). The classic is `execvp(...); exit(127);` after a failed exec.
 *
 * Only code that the child runs alone is judged: where the parent runs the
 * same code, the child has left its branch (child-fallthrough). A child
 * whose parent exits at once carries on as the process, by design
 * (daemonize); so does a grandchild whose parent exits (double fork), a
 * child after daemon(), and the child of a function that returns the
 * process's role after calling daemon() in the child; and a child whose code
 * can lead back into the function that forked: it runs the program again (a
 * shell's subshell). An exit() after the child registered a handler that
 * ends the process (`atexit(h)`, h calling _exit()) runs h first and
 * nothing else. vfork() children are vfork-child-misuse's.
 */
#include "rules.h"

#include <stdlib.h>

FC_RULE_READS(fc_rule_child_exit_cleanup, FC_FACT_BIT(exit_cleanup));

/* Per fork site: the call makes the caller's process a daemon (the parent
 * of the process that carries on exits). */
struct daemonizing {
  uint8_t *site;
};

struct walk {
  struct fc_rule_ctx *ctx;
  const struct fc_fork_site *site;
  const struct fc_reach *exits;
  const struct fc_region *r;
  int in_main;
  int parent_leaves;  /* the parent ends, or returns from main, or never returns */
  int child_goes_on;  /* the child returns to the callers, where the parent never does */
  int threads; /* another thread may exist at the fork: why */
  struct fc_evidence why;
};

/* Judged: the child runs it alone, not after becoming a daemon nor after
 * registering a handler that ends the process (exit_is_own_after). */
static int child_alone(unsigned state) {
  return (state & FC_CHILD) && !(state & FC_PARENT) && (state & FC_UNMARKED_IN(FC_CHILD));
}

/* The child takes over the process's work, and its exit() is the process's
 * own end: the fork is on a branch, and the child goes on with the code that
 * the process runs when it does not fork, while the parent leaves (it ends,
 * or returns from main, or never returns): setsid's fork when the process
 * leads a group, a sandbox's pid-1 monitor; or the child returns to the
 * callers' code, which the parent never returns to (a server's accept loop
 * whose child returns to handle the connection). */
static int takes_over(const struct walk *w, uint32_t block) {
  return w->child_goes_on || (w->parent_leaves && fc_region_unforked(w->r, block));
}

/* With threads, exit() is also not async-signal-safe (a lock another thread
 * held at the fork stays locked): child-unsafe-call leaves the call to this
 * finding, which says so with the evidence. */
static void notes(struct walk *w, struct fc_finding *f, struct fc_where at, const char *fix) {
  fc_note(f, fc_where_event(w->ctx->prog, w->site->call), "child process created here")->role =
      FC_NOTE_ORIGIN;
  if (w->threads)
    fc_note_thread_evidence(w->ctx->prog, f, w->site, &w->why);
  fc_note(f, at, "%s", fix);
}

static const char *const fix_call =
    "use _exit() in the child: it ends the process without running the parent's atexit "
    "handlers or flushing its stdio buffers; confirm at run time with "
    "LD_PRELOAD=libforksafe-detect.so";
static const char *const fix_return =
    "end the child with _exit() instead of returning from 'main'; confirm at run time with "
    "LD_PRELOAD=libforksafe-detect.so";

static const char *const fix_system_exit =
    "end the child with _exit() (os._exit() in Python), not by raising SystemExit";

/* PyErr_SetNone(PyExc_SystemExit) and the like: sys.exit() in C. */
static int raises_system_exit(const struct fc_program *p, struct fc_ref ref) {
  struct fc_target t = fc_call_target(p, ref);
  const struct fc_arg *exc = t.arg < 0 ? NULL : fc_call_arg(p, ref, (uint32_t)t.arg);
  if (!(t.kinds & FC_K_PY_RAISE) || !exc)
    return 0;
  const char *name = fc_arg_global(p, ref, exc);
  return (fc_knowledge_global(fc_program_knowledge(p), name) & FC_G_PY_SYSTEM_EXIT) != 0;
}

/* A die() helper: every path of it ends the process and one reaches
 * exit(); or it calls exit(), or a die() helper, itself (check(ok, msg)
 * calling die(msg)). A function that may exit only deeper, on an error path
 * of something it calls (an allocator's out-of-memory exit), is not
 * reported: in a program built on such functions every call would be. */
static int exit_helper(const struct fc_program *p, const struct fc_reach *exits, int32_t f) {
  if (!fc_reach_has(exits, (uint32_t)f))
    return 0;
  if (fc_func_noreturn(p, (uint32_t)f))
    return 1;
  struct fc_ref via = fc_reach_via(exits, (uint32_t)f);
  if (!fc_call_is_direct(p, via)) { /* through a pointer: the target that exits */
    int32_t g = fc_reach_target(p, exits, via);
    return g >= 0 && fc_func_noreturn(p, (uint32_t)g);
  }
  int32_t next = fc_call_target(p, via).func;
  return next < 0 || fc_func_noreturn(p, (uint32_t)next);
}

static int visit(void *arg, struct fc_ref ref, uint32_t block, unsigned state) {
  struct walk *w = arg;
  const struct fc_program *p = w->ctx->prog;
  if (!child_alone(state) || takes_over(w, block))
    return 0;
  const struct fc_event *ev = fc_event_at(p, ref);
  struct fc_where at = fc_where_event(p, ref);
  if (ev->kind == FC_EV_RETURN && w->in_main) {
    struct fc_finding *f =
        fc_report(w->ctx->out, w->ctx->id, at,
                  "return from 'main' in the child of fork() calls exit(), which runs the "
                  "parent's atexit handlers and flushes the stdio buffers copied from it");
    notes(w, f, at, fix_return);
    return 0;
  }
  struct fc_target t = fc_call_target(p, ref);
  if (!fc_call_is_direct(p, ref) && (t.func = fc_reach_target(p, w->exits, ref)) < 0)
    return 0;
  struct fc_finding *f;
  if (t.func < 0 && raises_system_exit(p, ref)) {
    f = fc_report(w->ctx->out, w->ctx->id, at,
                  "'%s' raises SystemExit in the child of fork(): when the child returns to "
                  "the interpreter, it exits as sys.exit() does, running the parent's atexit "
                  "handlers and flushing the buffers copied from it",
                  fc_callee_name(p, ref));
    notes(w, f, at, fix_system_exit);
    return 0;
  }
  if (t.func < 0) {
    if (!(t.kinds & FC_K_EXIT_CLEANUP))
      return 0;
    const char *name = fc_callee_name(p, ref);
    f = fc_report(w->ctx->out, w->ctx->id, at,
                  "'%s' in the child of fork() runs the parent's exit-time cleanup: %s", name,
                  (t.kinds & FC_K_EXIT_FLUSH)
                      ? "its atexit handlers, and a flush of the stdio buffers copied from it"
                      : "its at_quick_exit handlers");
    fc_fix_dropin(p, f, ref);
  } else {
    if (!exit_helper(p, w->exits, t.func) || !fc_fact_call_args(p, FC_FACT_exit_cleanup, ref))
      return 0;
    struct fc_finding scratch = {0};
    const char *last = fc_note_chain(p, &scratch, w->exits, ref);
    f = fc_report(w->ctx->out, w->ctx->id, at,
                  "call to '%s' reaches '%s', which runs the parent's exit-time cleanup in the "
                  "child of fork()",
                  fc_callee_name(p, ref), last);
    f->notes = scratch.notes;
  }
  notes(w, f, at, fix_call);
  return 0;
}

/* The child reaches the closing brace of main: an implicit return. */
static void falls_off_main(struct walk *w, const struct fc_region *r) {
  const struct fc_program *p = w->ctx->prog;
  uint32_t fn = w->site->func;
  struct fc_loc end;
  for (uint32_t b = 0; b < fc_block_count(p, fn); b++) {
    uint32_t n = fc_event_count(p, fn, b);
    if (n && fc_event_at(p, fc_block_event(p, fn, b, n - 1))->kind == FC_EV_RETURN)
      continue;
    for (uint32_t e = 0; e < fc_succ_count(p, fn, b); e++) {
      if (fc_succ(p, fn, b, e) != FC_EXIT)
        continue;
      unsigned st = fc_region_edge_state(p, r, b, e);
      if (!child_alone(st) || takes_over(w, b) || !fc_block_end(p, fn, b, &end))
        continue;
      struct fc_where at = fc_where_block_end(p, fn, b);
      struct fc_finding *f =
          fc_report(w->ctx->out, w->ctx->id, at,
                    "the child of fork() reaches the end of 'main', which calls exit(): the "
                    "parent's atexit handlers run and the stdio buffers copied from it are "
                    "flushed");
      notes(w, f, at, fix_return);
    }
  }
}

/* The child runs the program's own logic again: a call in its code may lead
 * back into the function that forked (a shell's subshell runs the command
 * interpreter that forked it). Its exit() ends that copy of the program, by
 * design, as the parent's would. */
struct rerun {
  const struct fc_program *p;
  uint32_t func;
  int found;
};

static int reenters(void *arg, struct fc_ref ref, uint32_t block, unsigned state) {
  (void)block;
  struct rerun *rr = arg;
  rr->found = child_alone(state) && fc_event_at(rr->p, ref)->kind == FC_EV_CALL &&
              fc_call_reenters(rr->p, ref, rr->func);
  return rr->found;
}

static int reruns_program(const struct fc_program *p, const struct fc_region *r) {
  struct rerun rr = {p, r->site->func, 0};
  fc_region_walk(p, r, reenters, &rr);
  return rr.found;
}

/* atexit(h) with a handler h that ends the process (`_exit()`): handlers
 * run last registered first, so an exit() after it runs h alone and neither
 * the parent's handlers nor the flush of the copied buffers. */
static int preempts_cleanup(const struct fc_program *p, struct fc_ref call) {
  int arg;
  if (!(fc_call_kinds(p, call, &arg) & FC_K_ATEXIT) || arg < 0)
    return 0;
  const struct fc_arg *a = fc_call_arg(p, call, (uint32_t)arg);
  int32_t h = a ? fc_arg_func(p, call, a) : -1;
  return h >= 0 && fc_func_noreturn(p, (uint32_t)h);
}

/* The marker of the child's region: after it, the child's exit() is not
 * the parent's cleanup. */
static int exit_is_own_after(const struct fc_program *p, struct fc_ref call, void *arg) {
  const struct daemonizing *d = arg;
  int32_t i = fc_fork_of_call(p, call);
  return (i >= 0 && d->site[i]) || preempts_cleanup(p, call);
}

void fc_rule_child_exit_cleanup(struct fc_rule_ctx *ctx) {
  const struct fc_program *p = ctx->prog;
  const struct fc_reach *exits = fc_fact(p, FC_FACT_exit_cleanup);
  struct daemonizing d = {fc_xcalloc(fc_child_site_count(p) + 1, 1)};
  for (uint32_t i = 0; i < fc_child_site_count(p); i++) {
    const struct fc_fork_site *s = fc_child_site_at(p, i);
    struct fc_region r;
    fc_region_compute(p, s, &r);
    int32_t callee = fc_call_target(p, s->call).func;
    if (s->kind == FC_SITE_DAEMON || (r.parent_exits && !r.parent_stays) ||
        (s->role && callee >= 0 && fc_func_role_daemon(p, (uint32_t)callee)))
      d.site[i] = 1;
    fc_region_free(&r);
  }
  for (uint32_t i = 0; i < fc_child_site_count(p); i++) {
    const struct fc_fork_site *s = fc_child_site_at(p, i);
    if (s->kind != FC_SITE_FORK || d.site[i])
      continue;
    struct fc_region r;
    fc_region_compute_marked(p, s, exit_is_own_after, &d, &r);
    if (reruns_program(p, &r)) {
      fc_region_free(&r);
      continue;
    }
    struct walk w = {.ctx = ctx, .site = s, .exits = exits, .r = &r};
    w.in_main = fc_func_is_main(p, r.func);
    int parent_returns = (fc_region_in(&r, FC_EXIT) & FC_PARENT) != 0;
    w.parent_leaves = w.in_main || !parent_returns;
    w.child_goes_on = !w.in_main && !parent_returns && (fc_region_in(&r, FC_EXIT) & FC_CHILD);
    w.threads = fc_threads_at(p, s, &w.why);
    fc_region_walk(p, &r, visit, &w);
    if (w.in_main)
      falls_off_main(&w, &r);
    fc_region_free(&r);
  }
  free(d.site);
}
