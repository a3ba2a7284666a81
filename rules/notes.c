/* What more than one rule uses: notes (thread evidence, unsafe chains), the fork sites. */
#include "rules.h"

/* A callback may run at any time, on a thread the program starts: the
 * callback and the thread start, both named. */
static void note_callback(const struct fc_program *p, struct fc_finding *f,
                          const struct fc_evidence *why) {
  if (why->at.event != FC_NO_EVENT)
    fc_note(f, fc_where_event(p, why->at),
            "another thread may be running at the fork: '%s' is handed to '%s' here and "
            "may run at any time",
            fc_func_name(p, (uint32_t)why->func), fc_callee_name(p, why->at));
  else
    fc_note(f, fc_where_func(p, (uint32_t)why->func),
            "another thread may be running at the fork: '%s' is not called from 'main' "
            "and may run at any time",
            fc_func_name(p, (uint32_t)why->func));
  struct fc_ref start = fc_program_thread_start(p);
  if (start.event != FC_NO_EVENT && !(start.tu == why->at.tu && start.event == why->at.event))
    fc_note(f, fc_where_event(p, start), "'%s' starts a thread here", fc_callee_name(p, start));
}

void fc_note_thread_evidence(const struct fc_program *p, struct fc_finding *f,
                             const struct fc_fork_site *s, const struct fc_evidence *why) {
  switch (why->kind) {
  case FC_EVID_THREAD_START: {
    struct fc_target t = fc_call_target(p, why->at);
    if (t.func < 0) {
      fc_note(f, fc_where_event(p, why->at),
              "another thread may be running at the fork: '%s' starts one here",
              fc_callee_name(p, why->at));
      break;
    }
    fc_note(f, fc_where_event(p, why->at),
            "another thread may be running at the fork: '%s', called here, starts one",
            fc_func_name(p, (uint32_t)t.func));
    /* The chain to the thread start is evidence, not the finding's path. */
    size_t first = f->notes.n;
    fc_note_chain(p, f, fc_fact(p, FC_FACT_thread_start), why->at);
    for (size_t i = first; i < f->notes.n; i++)
      f->notes.v[i].role = FC_NOTE_RELATED;
    break;
  }
  case FC_EVID_CALLBACK:
    note_callback(p, f, why);
    break;
  case FC_EVID_NO_MAIN:
    fc_note(f, fc_where_func(p, s->func),
            "another thread may be running at the fork: the analysed files have no 'main', so "
            "callers may have started threads (--threads=no if they cannot)");
    break;
  case FC_EVID_PYTHON:
    fc_note(f, fc_where_func(p, s->func),
            "another thread may be running at the fork: this file includes Python.h and the "
            "interpreter may run other threads");
    break;
  case FC_EVID_ASSUMED:
    fc_note(f, fc_where_event(p, s->call),
            "another thread is assumed to be running at the fork (--threads=yes)");
    break;
  default:
    break;
  }
}

struct fc_ref fc_note_chain_to(const struct fc_program *p, struct fc_finding *f,
                               const struct fc_reach *r, struct fc_ref call) {
  int32_t t = fc_reach_target(p, r, call);
  struct fc_ref end = call;
  const char *last = fc_callee_name(p, call);
  if (t >= 0 && !fc_call_is_direct(p, call)) {
    const char *pointer = last;
    last = fc_func_name(p, (uint32_t)t);
    fc_note(f, fc_where_event(p, call), "'%s' may call '%s' here", pointer, last)->role =
        FC_NOTE_STEP;
  }
  for (uint32_t hops = 0; t >= 0 && hops < fc_func_count(p); hops++) {
    struct fc_ref via = fc_reach_via(r, (uint32_t)t);
    if (via.event == FC_NO_EVENT)
      break;
    const char *name = fc_func_name(p, (uint32_t)t);
    last = fc_callee_name(p, via);
    end = via;
    int direct = fc_call_is_direct(p, via);
    t = fc_reach_target(p, r, via);
    if (!direct && t >= 0)
      last = fc_func_name(p, (uint32_t)t);
    fc_note(f, fc_where_event(p, via), direct ? "'%s' calls '%s' here" : "'%s' may call '%s' here",
            name, last)->role = FC_NOTE_STEP;
  }
  return end;
}

const char *fc_chain_end_name(const struct fc_program *p, const struct fc_reach *r,
                              struct fc_ref end) {
  int32_t t = fc_reach_target(p, r, end);
  return t >= 0 && !fc_call_is_direct(p, end) ? fc_func_name(p, (uint32_t)t)
                                                : fc_callee_name(p, end);
}

const char *fc_note_chain(const struct fc_program *p, struct fc_finding *f,
                          const struct fc_reach *r, struct fc_ref call) {
  return fc_chain_end_name(p, r, fc_note_chain_to(p, f, r, call));
}

void fc_check_sites(struct fc_rule_ctx *ctx, unsigned kinds,
                    void (*check)(struct fc_rule_ctx *ctx, const struct fc_fork_site *s)) {
  for (uint32_t i = 0; i < fc_fork_count(ctx->prog); i++)
    if (kinds >> fc_fork_at(ctx->prog, i)->kind & 1u)
      check(ctx, fc_fork_at(ctx->prog, i));
}

const char *fc_unsafe_wording(const struct fc_program *p, struct fc_ref call) {
  /* sysconf(name) is safe for some names only. */
  int some_args_safe = (fc_call_target(p, call).kinds & FC_K_SAFE_WITH_ARG) != 0;
  return fc_callee_is_system(p, call) && !some_args_safe ? "not" : "not known to be";
}

void fc_fix_dropin(const struct fc_program *p, struct fc_finding *f, struct fc_ref call) {
  const char *name = fc_callee_name(p, call);
  const struct fc_replacement *r = fc_knowledge_replacement(name);
  if (!r)
    return;
  struct fc_where at = fc_where_event(p, call);
  fc_fix_replace(f, at, name, r->with);
  if (*r->header)
    fc_fix_include(f, at, r->header);
}
