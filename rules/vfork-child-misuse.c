/*
 * vfork-child-misuse: the child of vfork() runs on the parent's memory and
 * stack, and the parent is suspended until the child calls _exit() or
 * succeeds in an exec. POSIX leaves almost everything else undefined; on
 * Linux (and every system that keeps vfork()), code between vfork() and
 * exec is what vfork is used for: system calls that set up descriptors,
 * directory and credentials, and stores the parent reads afterwards
 * (busybox, CPython's _posixsubprocess). What really breaks the parent is
 * reported: returning from the function that called vfork() (it pops the
 * frame the parent returns into) and a call that can end in exit() (the
 * parent's atexit handlers and stdio buffers, run and flushed in the
 * parent's own memory). In a multithreaded program, a call that is not
 * async-signal-safe is reported too: only the calling thread is suspended.
 */
#include "rules.h"

FC_RULE_READS(fc_rule_vfork_child_misuse, FC_FACT_BIT(exit_cleanup_usual) |
                                              FC_FACT_BIT(alloc_failure) |
                                              FC_FACT_BIT(unsafe_but_unlock));

struct walk {
  struct fc_rule_ctx *ctx;
  const struct fc_fork_site *site;
  const struct fc_evidence *threads; /* NULL: single-threaded at the vfork */
  int fork_usual; /* the vfork is not itself in code that runs only on a failed allocation */
};

static void site_notes(struct walk *w, struct fc_finding *f, struct fc_where at) {
  const struct fc_program *p = w->ctx->prog;
  fc_note(f, fc_where_event(p, w->site->call),
          "child process created here by vfork(), sharing the parent's memory")
      ->role = FC_NOTE_ORIGIN;
  if (w->threads)
    fc_note_thread_evidence(p, f, w->site, w->threads);
  fc_note(f, at,
          "in the child of vfork() end with _exit() after a failed exec, and call nothing that "
          "can exit; use fork() or posix_spawn() for anything more");
}

/* Can the call end in exit(), other than when an allocation failed (a
 * call made only then, or a helper that exits only then: busybox's
 * xsetenv())? Running out of memory in the child is not what a reviewer
 * asks to fix; child-exit-cleanup judges the same. */
static int exits_usually(const struct walk *w, struct fc_ref ref) {
  const struct fc_program *p = w->ctx->prog;
  return !(w->fork_usual && fc_call_alloc_failed(p, ref)) &&
         fc_fact_call(p, FC_FACT_exit_cleanup_usual, ref);
}

/* A call that can end in exit() (or an unsafe call with threads): the
 * finding, with the chain down to it; NULL when the call is fine. */
static struct fc_finding *report_call(struct walk *w, struct fc_ref ref) {
  const struct fc_program *p = w->ctx->prog;
  struct fc_where at = fc_where_event(p, ref);
  struct fc_target t = fc_call_target(p, ref);
  if (!fc_call_is_direct(p, ref) || (t.kinds & (FC_K_EXEC | FC_K_VFORK_ALLOWED)))
    return NULL;
  enum fc_fact why = FC_FACT_exit_cleanup_usual;
  if (!exits_usually(w, ref)) {
    why = FC_FACT_unsafe_but_unlock;
    if (!w->threads || !fc_fact_call(p, why, ref))
      return NULL;
  }
  const char *what = why == FC_FACT_exit_cleanup_usual
                         ? "runs the parent's exit-time cleanup (atexit handlers, stdio "
                           "flush) in the parent's memory"
                         : "is not async-signal-safe, in a multithreaded program";
  if (t.func < 0)
    return fc_report(w->ctx->out, w->ctx->id, at, "'%s' in the child of vfork() %s",
                     fc_callee_name(p, ref), what);
  struct fc_finding scratch = {0};
  const char *last = fc_note_chain(p, &scratch, fc_fact(p, why), ref);
  struct fc_finding *f =
      fc_report(w->ctx->out, w->ctx->id, at, "call to '%s' in the child of vfork() reaches '%s', which %s",
                fc_callee_name(p, ref), last, what);
  f->notes = scratch.notes;
  return f;
}

static int visit(void *arg, struct fc_ref ref, uint32_t block, unsigned state) {
  (void)block;
  struct walk *w = arg;
  const struct fc_program *p = w->ctx->prog;
  if (!(state & FC_CHILD))
    return 0;
  const struct fc_event *ev = fc_event_at(p, ref);
  struct fc_where at = fc_where_event(p, ref);
  struct fc_finding *f = NULL;
  if (ev->kind == FC_EV_CALL)
    f = report_call(w, ref);
  else if (ev->kind == FC_EV_RETURN && w->site->child < 0) /* a clone() child's own stack */
    f = fc_report(w->ctx->out, w->ctx->id, at,
                  "return in the child of vfork(): it pops the stack frame that the parent "
                  "returns into when it resumes");
  if (f)
    site_notes(w, f, at);
  return 0;
}

/* The child falls off the closing brace of the function that called
 * vfork(): a return like any other (toybox's oneit_signaled(): `if
 * (!vfork()) reboot(action);` when reboot() fails). */
static void falls_off_end(struct walk *w, const struct fc_region *r) {
  const struct fc_program *p = w->ctx->prog;
  uint32_t fn = w->site->func, e;
  for (uint32_t b = 0; b < fc_block_count(p, fn); b++) {
    if (!fc_block_falls_off(p, fn, b, &e) || !(fc_region_edge_state(p, r, b, e) & FC_CHILD))
      continue;
    struct fc_where at = fc_where_block_end(p, fn, b);
    struct fc_finding *f =
        fc_report(w->ctx->out, w->ctx->id, at,
                  "return in the child of vfork() at the end of '%s': it pops the stack frame "
                  "that the parent returns into when it resumes",
                  fc_func_name(p, fn));
    site_notes(w, f, at);
  }
}

void fc_rule_vfork_child_misuse(struct fc_rule_ctx *ctx) {
  const struct fc_program *p = ctx->prog;
  for (uint32_t i = 0; i < fc_child_site_count(p); i++) {
    const struct fc_fork_site *s = fc_child_site_at(p, i);
    if (s->kind != FC_SITE_VFORK)
      continue;
    struct fc_region r;
    fc_region_compute(p, s, &r);
    struct fc_evidence why;
    struct walk w = {ctx, s, fc_threads_at(p, s, &why) ? &why : NULL,
                     s->child >= 0 || !fc_block_alloc_failed(p, s->func, s->block)};
    if (fc_child_separated(p, &r)) {
      fc_region_walk(p, &r, visit, &w);
      if (s->child < 0)
        falls_off_end(&w, &r);
    }
    fc_region_free(&r);
  }
}
