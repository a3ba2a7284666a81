/*
 * atfork-child-unsafe-call: the child handler given to pthread_atfork() runs
 * in the child of every fork(), before fork() returns there. In a
 * multithreaded program that child has the same constraint as any code
 * after fork(): only async-signal-safe calls, because another thread may
 * have held a lock at the fork. Every unsafe call the handler makes, or
 * reaches through the program's functions, is reported at the call in the
 * handler. The prepare and parent handlers run in the parent: not judged.
 * Unlocking is allowed: releasing in the child the locks that the prepare
 * handler took is what pthread_atfork() is for. In the linux profile the
 * allocator and stdio are too: glibc's fork() resets them before it runs
 * the child handlers (as child-unsafe-call takes them).
 *
 * "Multithreaded" is the engine's notion at the forks that run the handler:
 * another thread may exist at some fork() or daemon() of the program. A
 * program that never forks in the analysed code is judged only when it has
 * no main (a library: the application may fork while threads run) or with
 * --threads=yes.
 */
#include "rules.h"

#include <stdlib.h>

FC_RULE_READS(fc_rule_atfork_child_unsafe_call,
              FC_FACT_BIT(unsafe_but_unlock) | FC_FACT_BIT(unsafe_but_unlock_not_reset));

/* Why the handler runs in a multithreaded child. */
struct context {
  const struct fc_fork_site *site; /* a fork where threads may exist, or NULL */
  struct fc_evidence why;
};

/* Returns 0 when no fork of the program runs the handler with threads. */
static int multithreaded(const struct fc_program *p, struct context *c) {
  int forks = 0;
  for (uint32_t i = 0; i < fc_fork_count(p); i++) {
    const struct fc_fork_site *s = fc_fork_at(p, i);
    if (s->kind == FC_SITE_VFORK)
      continue; /* vfork() does not run the fork handlers */
    forks = 1;
    if (fc_threads_at(p, s, &c->why)) {
      c->site = s;
      return 1;
    }
  }
  c->site = NULL;
  enum fc_threads_mode mode = fc_threads_mode(p);
  c->why.kind = mode == FC_THREADS_YES ? FC_EVID_ASSUMED : FC_EVID_NO_MAIN;
  return !forks && (mode == FC_THREADS_YES || (mode == FC_THREADS_LIBRARY && !fc_has_main(p)));
}

static void report(struct fc_rule_ctx *ctx, const struct context *c, const struct fc_reach *unsafe,
                   struct fc_ref reg, uint32_t handler, struct fc_ref ref) {
  const struct fc_program *p = ctx->prog;
  const char *hname = fc_func_name(p, handler);
  const char *name = fc_callee_name(p, ref);
  struct fc_target t = fc_call_target(p, ref);
  struct fc_finding *f;
  if (t.func < 0) {
    f = fc_report(ctx->out, ctx->id, fc_where_event(p, ref),
                  "'%s' is %s async-signal-safe and is called in '%s', a pthread_atfork() child "
                  "handler, which runs in the child of a multithreaded program",
                  name, fc_unsafe_wording(p, ref), hname);
  } else {
    struct fc_finding scratch = {0};
    const char *last = fc_note_chain(p, &scratch, unsafe, ref);
    f = fc_report(ctx->out, ctx->id, fc_where_event(p, ref),
                  "call to '%s' reaches '%s', which is not async-signal-safe, in '%s', a "
                  "pthread_atfork() child handler, which runs in the child of a multithreaded "
                  "program",
                  name, last, hname);
    f->notes = scratch.notes;
  }
  fc_note(f, fc_where_event(p, reg), "'%s' is registered as a child handler here", hname);
  if (c->site) {
    fc_note(f, fc_where_event(p, c->site->call),
            "it runs in the child of this fork, where another thread may be running");
    fc_note_thread_evidence(p, f, c->site, &c->why);
  } else if (c->why.kind == FC_EVID_ASSUMED) {
    fc_note(f, fc_where_event(p, reg),
            "another thread is assumed to be running at every fork (--threads=yes)");
  } else {
    fc_note(f, fc_where_event(p, reg),
            "the analysed files have no 'main' and do not fork: the program that uses them may "
            "fork while other threads run (--threads=library)");
  }
  fc_note(f, fc_where_event(p, ref),
          "a child handler may call only async-signal-safe functions (and unlock what the "
          "prepare handler locked): reset state with plain assignments, allocate in the prepare "
          "handler; confirm at run time with LD_PRELOAD=libforksafe-detect.so");
}

void fc_rule_atfork_child_unsafe_call(struct fc_rule_ctx *ctx) {
  const struct fc_program *p = ctx->prog;
  struct context c;
  if (!multithreaded(p, &c))
    return;
  enum fc_fact fact = fc_fork_resets_trusted(p) ? FC_FACT_unsafe_but_unlock_not_reset
                                                 : FC_FACT_unsafe_but_unlock;
  const struct fc_reach *unsafe = fc_fact(p, fact);
  uint8_t *done = fc_xcalloc(fc_func_count(p) + 1, 1);
  for (uint32_t i = 0; i < fc_call_count(p); i++) {
    struct fc_ref reg = fc_call_at(p, i);
    struct fc_target at = fc_call_target(p, reg);
    if (at.func >= 0 || !(at.kinds & FC_K_ATFORK))
      continue;
    const struct fc_arg *child = fc_call_arg(p, reg, (uint32_t)at.arg);
    int32_t h = child ? fc_arg_func(p, reg, child) : -1;
    if (h < 0 || done[h])
      continue;
    done[h] = 1;
    FC_FOR_EACH_CALL(p, (uint32_t)h, ref) {
      if (fc_call_is_direct(p, ref) &&
          fc_fact_call(p, fact, ref))
        report(ctx, &c, unsafe, reg, (uint32_t)h, ref);
    }
  }
  free(done);
}
