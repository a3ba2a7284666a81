/* What more than one rule uses: notes (thread evidence, unsafe chains), the fork sites. */
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A callback may run at any time, on a thread the program starts: the
 * callback and the thread start of the fork's own program, both named. A
 * callback registered by another program of the compile database (which
 * shares files with this one) is not named: the thread start is. */
static void note_callback(const struct fc_program *p, struct fc_finding *f,
                          const struct fc_fork_site *s, const struct fc_evidence *why) {
  int same = 0;
  struct fc_ref start = fc_thread_start_for(p, s->func, why->at, &same);
  if (!same && start.event != FC_NO_EVENT) {
    fc_note(f, fc_where_event(p, start),
            "another thread may be running at the fork: '%s' starts one here",
            fc_callee_name(p, start));
    return;
  }
  if (why->at.event != FC_NO_EVENT)
    fc_note(f, fc_where_event(p, why->at),
            "another thread may be running at the fork: '%s' is handed to '%s' here and "
            "may run at any time",
            fc_func_name(p, (uint32_t)why->func), fc_callee_name(p, why->at));
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
    note_callback(p, f, s, why);
    break;
  case FC_EVID_NO_MAIN:
    fc_note(f, fc_where_func(p, s->func),
            "another thread may be running at the fork: the analysed files have no 'main', and "
            "with --threads=library their callers may have started threads");
    break;
  case FC_EVID_PYTHON:
    /* The fork's file may not include Python.h: a function of a file that
     * does called down to it, on a thread of the interpreter. */
    if (why->at.event != FC_NO_EVENT)
      fc_note(f, fc_where_event(p, why->at),
              "another thread may be running at the fork: '%s' calls into the Python "
              "interpreter here, and the interpreter may run other threads",
              why->func >= 0 ? fc_func_name(p, (uint32_t)why->func) : "main");
    else if (why->func >= 0 && (uint32_t)why->func != s->func)
      fc_note(f, fc_where_func(p, (uint32_t)why->func),
              "another thread may be running at the fork: it is reached from '%s', in a file "
              "that includes Python.h, and the interpreter may run other threads",
              fc_func_name(p, (uint32_t)why->func));
    else
      fc_note(f, fc_where_func(p, s->func),
              "another thread may be running at the fork: this file includes Python.h and "
              "the interpreter may run other threads");
    break;
  case FC_EVID_ASSUMED:
    fc_note(f, fc_where_event(p, s->call),
            "another thread is assumed to be running at the fork (--threads=yes)");
    break;
  default:
    break;
  }
}

/* The function the chain goes on to from the call: through a pointer, a
 * target with the fact that the chain has not passed yet, so that the
 * chain does not go round a cycle of calls through pointers (a key
 * handler that may call the dispatcher that called it). */
static int32_t next_in_chain(const struct fc_program *p, const struct fc_reach *r,
                             struct fc_ref call, const uint8_t *passed) {
  int32_t t = fc_reach_target(p, r, call);
  if (t < 0 || fc_call_is_direct(p, call))
    return t;
  const struct fc_target *ts;
  uint32_t n = fc_call_targets(p, call, &ts);
  /* A target whose own next step does not lead back first, then any new one. */
  for (int pass = 0; pass < 2; pass++)
    for (uint32_t i = 0; i < n; i++) {
      int32_t g = ts[i].func;
      if (g < 0 || !fc_reach_has(r, (uint32_t)g) || passed[g])
        continue;
      struct fc_ref via = fc_reach_via(r, (uint32_t)g);
      int32_t h = via.event == FC_NO_EVENT ? -1 : fc_reach_target(p, r, via);
      if (pass || h < 0 || (!passed[h] && h != g))
        return g;
    }
  return t;
}

/* Each function once: a chain that comes back to one it passed stops. */
struct fc_ref fc_note_chain_to(const struct fc_program *p, struct fc_finding *f,
                               const struct fc_reach *r, struct fc_ref call) {
  uint8_t *passed = fc_xcalloc(fc_func_count(p) + 1, 1);
  int32_t t = next_in_chain(p, r, call, passed);
  struct fc_ref end = call;
  const char *last = fc_callee_name(p, call);
  if (t >= 0 && !fc_call_is_direct(p, call)) {
    const char *pointer = last;
    last = fc_func_name(p, (uint32_t)t);
    fc_note(f, fc_where_event(p, call), "'%s' may call '%s' here", pointer, last)->role =
        FC_NOTE_STEP;
  }
  while (t >= 0 && !passed[t]) {
    passed[t] = 1;
    struct fc_ref via = fc_reach_via(r, (uint32_t)t);
    if (via.event == FC_NO_EVENT)
      break;
    const char *name = fc_func_name(p, (uint32_t)t);
    last = fc_callee_name(p, via);
    end = via;
    int direct = fc_call_is_direct(p, via);
    t = next_in_chain(p, r, via, passed);
    if (!direct && t >= 0)
      last = fc_func_name(p, (uint32_t)t);
    fc_note(f, fc_where_event(p, via), direct ? "'%s' calls '%s' here" : "'%s' may call '%s' here",
            name, last)->role = FC_NOTE_STEP;
  }
  free(passed);
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

/* ---- every function a call reaches that gives a fact ------------------- */

/* Breadth-first down the functions that have the fact, from one call: each
 * function is entered once, by the first call found (by[]), made in the
 * function from[] (-1: the call the search starts from). */
struct search {
  const struct fc_program *p;
  const struct fc_reach *r;
  struct fc_ref *by;
  int32_t *from;
  uint32_t *queue, tail;
};

static void follow(struct search *s, struct fc_ref call, int32_t from) {
  const struct fc_target *t;
  uint32_t n = fc_call_targets(s->p, call, &t);
  for (uint32_t i = 0; i < n; i++) {
    int32_t g = t[i].func;
    if (g < 0 || !fc_reach_has(s->r, (uint32_t)g) || s->by[g].event != FC_NO_EVENT)
      continue;
    s->by[g] = call;
    s->from[g] = from;
    s->queue[s->tail++] = (uint32_t)g;
  }
}

static void add_end(const struct fc_program *p, struct fc_chain_ends *e, struct fc_ref first,
                    struct fc_ref call, uint32_t in) {
  if (fc_same_callee(p, call, first))
    return;
  for (size_t i = 0; i < e->ends.n; i++)
    if (fc_same_callee(p, e->ends.v[i], call))
      return;
  fc_vec_push(&e->ends, call);
  fc_vec_push(&e->in, in);
}

static void mark_step(struct fc_note *n, unsigned chain) {
  n->role = FC_NOTE_STEP;
  n->chain = chain;
}

/* One chain: a note per call from the search's start down to `end`, made
 * in function g, as fc_note_chain words them, marked as chain `chain`. */
static void note_path(struct search *s, struct fc_finding *f, struct fc_ref end, uint32_t g,
                      unsigned chain) {
  const struct fc_program *p = s->p;
  FC_VEC(uint32_t) path = {0};
  for (int32_t h = (int32_t)g; h >= 0 && path.n <= fc_func_count(p); h = s->from[h])
    fc_vec_push(&path, (uint32_t)h);
  for (size_t i = path.n; i-- > 0;) {
    uint32_t h = path.v[i];
    struct fc_ref by = s->by[h];
    int direct = fc_call_is_direct(p, by);
    if (s->from[h] < 0 && direct) /* the finding's own call */
      continue;
    const char *caller =
        s->from[h] < 0 ? fc_callee_name(p, by) : fc_func_name(p, (uint32_t)s->from[h]);
    mark_step(fc_note(f, fc_where_event(p, by),
                      direct ? "'%s' calls '%s' here" : "'%s' may call '%s' here", caller,
                      fc_func_name(p, h)),
              chain);
  }
  mark_step(fc_note(f, fc_where_event(p, end),
                    fc_call_is_direct(p, end) ? "'%s' calls '%s' here" : "'%s' may call '%s' here",
                    fc_func_name(p, g), fc_callee_name(p, end)),
            chain);
  fc_vec_free(&path);
}

void fc_chain_ends(const struct fc_program *p, const struct fc_reach *r, enum fc_fact id,
                   struct fc_ref call, struct fc_ref first, struct fc_finding *f,
                   size_t max_notes, struct fc_chain_ends *out) {
  uint32_t n = fc_func_count(p);
  struct search s = {p, r, fc_xmalloc((n + 1) * sizeof *s.by),
                     fc_xmalloc((n + 1) * sizeof *s.from), fc_xmalloc((n + 1) * sizeof *s.queue), 0};
  for (uint32_t g = 0; g < n; g++)
    s.by[g].event = FC_NO_EVENT;
  follow(&s, call, -1);
  for (uint32_t head = 0; head < s.tail; head++) {
    uint32_t g = s.queue[head];
    FC_FOR_EACH_CALL(p, g, c) {
      if (!fc_fact_passes(p, id, c))
        continue; /* what a failed assertion does, ...: not what g does */
      if (fc_reach_target(p, r, c) >= 0)
        follow(&s, c, (int32_t)g);
      else if (fc_fact_call(p, id, c))
        add_end(p, out, first, c, g);
    }
  }
  for (size_t i = 0; i < out->ends.n && i < max_notes; i++)
    note_path(&s, f, out->ends.v[i], out->in.v[i], (unsigned)i + 1);
  free(s.by);
  free(s.from);
  free(s.queue);
}

void fc_chain_ends_free(struct fc_chain_ends *e) {
  fc_vec_free(&e->ends);
  fc_vec_free(&e->in);
}

char *fc_name_list(const char *const *names, size_t n, size_t more) {
  /* Each name takes at most 7 more bytes (", " or " and ", two quotes);
   * " and N more" fits in 32 with the terminating zero. */
  size_t size = 32;
  for (size_t i = 0; i < n; i++)
    size += strlen(names[i]) + 7;
  char *out = fc_xmalloc(size);
  size_t len = 0;
  out[0] = '\0';
  for (size_t i = 0; i < n; i++)
    len += (size_t)snprintf(out + len, size - len, "%s'%s'",
                            i == 0 ? "" : i + 1 == n && !more ? " and " : ", ", names[i]);
  if (more)
    snprintf(out + len, size - len, " and %zu more", more);
  return out;
}

void fc_check_sites(struct fc_rule_ctx *ctx, unsigned kinds,
                    void (*check)(struct fc_rule_ctx *ctx, const struct fc_fork_site *s)) {
  for (uint32_t i = 0; i < fc_fork_count(ctx->prog); i++)
    if (kinds >> fc_fork_at(ctx->prog, i)->kind & 1u)
      check(ctx, fc_fork_at(ctx->prog, i));
}

int fc_unsafe_surely(const struct fc_program *p, struct fc_ref call) {
  /* sysconf(name) is safe for some names only. */
  int some_args_safe = (fc_call_target(p, call).kinds & FC_K_SAFE_WITH_ARG) != 0;
  return fc_callee_is_system(p, call) && !some_args_safe;
}

const char *fc_unsafe_wording(const struct fc_program *p, struct fc_ref call) {
  return fc_unsafe_surely(p, call) ? "not" : "not known to be";
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

/* Where the unflushed output of stream bit b was written: a chain of notes
 * from the fork's function down to the write. */
void fc_note_unflushed_write(const struct fc_program *p, struct fc_finding *f, uint32_t func,
                             struct fc_unflushed_why why, int b, const char *coda) {
  for (uint32_t hops = 0; hops <= fc_func_count(p) && why.kind != FC_WHY_NONE; hops++) {
    if (why.kind == FC_WHY_ENTRY) {
      struct fc_ref from;
      uint32_t called = func;
      why = fc_unflushed_entry(p, called, &from, &func);
      fc_note(f, fc_where_event(p, from),
              fc_call_target(p, from).func == (int32_t)called
                  ? "'%s' is called here with output still in stdout's buffer"
                  : "'%s' starts here in a thread, with output still in stdout's buffer",
              fc_func_name(p, called));
      continue;
    }
    struct fc_target t = fc_call_target(p, why.ev);
    if (t.func < 0) {
      fc_note(f, fc_where_event(p, why.ev),
              b ? "'%s' writes to this stream here, and nothing flushes it before the fork%s"
                : "'%s' writes to stdout here, and nothing flushes it before the fork%s",
              fc_callee_name(p, why.ev), coda);
      return;
    }
    fc_note(f, fc_where_event(p, why.ev), "'%s', called here, leaves output in stdout's buffer",
            fc_func_name(p, (uint32_t)t.func));
    func = (uint32_t)t.func;
    why = fc_unflushed_returns(p, func);
  }
}
