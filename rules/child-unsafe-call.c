/*
 * child-unsafe-call: in the child of a multithreaded program, only
 * async-signal-safe functions may be called until exec or _exit. Another
 * thread may have held a lock (the allocator's, stdio's, a mutex) at the
 * fork; the child has a copy of the locked lock and no thread to release it.
 */
#include "rules.h"

#include <string.h>

struct walk {
  struct fc_rule_ctx *ctx;
  const struct fc_fork_site *site;
  const struct fc_evidence *why;
  int becomes_process;   /* report only the first unsafe call */
  struct fc_ref first;
  unsigned first_line, first_col;
};

static int unsafe_call(const struct fc_program *p, struct fc_ref ref) {
  const struct fc_event *ev = fc_event_at(p, ref);
  if (ev->kind != FC_EV_CALL || ev->callee < 0)
    return 0; /* calls through pointers are not judged */
  struct fc_target t = fc_call_target(p, ref);
  if (t.func >= 0)
    return p->unsafe.reaches[t.func];
  return fc_target_is_unsafe_external(p, ref);
}

static void report(struct walk *w, struct fc_ref ref) {
  const struct fc_program *p = w->ctx->prog;
  const struct fc_event *ev = fc_event_at(p, ref);
  const struct fc_tu *tu = p->tus[ref.tu];
  const char *name = fc_callee_name(p, ref);
  struct fc_target t = fc_call_target(p, ref);
  struct fc_finding *f;
  if (t.func < 0) {
    int system = (tu->callees.v[ev->callee].flags & FC_CALLEE_SYSTEM) != 0;
    f = fc_report(w->ctx->out, w->ctx->id, fc_where_event(p, ref),
                  "'%s' is %s async-signal-safe and is called in the child of a multithreaded "
                  "program",
                  name, system ? "not" : "not known to be");
  } else {
    /* The message names the end of the chain, found before the notes. */
    struct fc_finding scratch = {0};
    const char *last = fc_note_chain(p, &scratch, &p->unsafe, ref);
    f = fc_report(w->ctx->out, w->ctx->id, fc_where_event(p, ref),
                  "call to '%s' reaches '%s', which is not async-signal-safe, in the child of a "
                  "multithreaded program",
                  name, last);
    f->notes = scratch.notes;
  }
  fc_note(f, fc_where_event(p, w->site->call), "child process created here");
  fc_note_thread_evidence(p, f, w->site, w->why);
  fc_note(f, fc_where_event(p, ref),
          "until exec or _exit, call only async-signal-safe functions: prepare everything before "
          "fork(); confirm at run time with LD_PRELOAD=libforksafe-detect.so");
}

static int visit(void *arg, struct fc_ref ref, uint32_t block, unsigned state) {
  (void)block;
  struct walk *w = arg;
  const struct fc_program *p = w->ctx->prog;
  if (!(state & FC_CHILD) || !unsafe_call(p, ref))
    return 0;
  if (!w->becomes_process) {
    report(w, ref);
    return 0;
  }
  const struct fc_event *ev = fc_event_at(p, ref);
  if (w->first.event == FC_NO_EVENT || ev->loc.line < w->first_line ||
      (ev->loc.line == w->first_line && ev->loc.col < w->first_col)) {
    w->first = ref;
    w->first_line = ev->loc.line;
    w->first_col = ev->loc.col;
  }
  return 0;
}

void fc_rule_child_unsafe_call(struct fc_rule_ctx *ctx) {
  const struct fc_program *p = ctx->prog;
  for (size_t i = 0; i < p->forks.n; i++) {
    const struct fc_fork_site *s = &p->forks.v[i];
    struct fc_evidence why;
    if (s->kind == FC_SITE_VFORK || !fc_threads_at(p, s, &why))
      continue;
    struct fc_region r;
    fc_region_compute(p, s, &r);
    struct walk w = {ctx, s, &why, s->kind == FC_SITE_DAEMON || r.parent_exits,
                     {0, FC_NO_EVENT}, 0, 0};
    fc_region_walk(p, &r, visit, &w);
    if (w.becomes_process && w.first.event != FC_NO_EVENT)
      report(&w, w.first);
    fc_region_free(&r);
  }
}
