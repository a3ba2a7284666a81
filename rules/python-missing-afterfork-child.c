/*
 * python-missing-afterfork-child: the child of fork() calls into the Python
 * interpreter before PyOS_AfterFork_Child(). Only the forking thread exists
 * in the child, but the interpreter still records the others: their thread
 * states, the locks they held (the GIL, the import lock, allocator and module
 * locks). PyOS_AfterFork_Child() resets that state; before it, the child can
 * wait forever for a lock held by a thread that is gone. The common case: the
 * GIL released around fork() and taken back by Py_END_ALLOW_THREADS in both
 * processes, while another Python thread holds it.
 *
 * Reported at the first call into Python on each path of the child (later
 * ones are the same bug), with the chain when it is made through the
 * program's own functions.
 *
 * A child that calls PyOS_AfterFork_Child() only under a condition usually
 * calls Python only under the same one (CPython's _posixsubprocess.c: both
 * when preexec_fn is set). Where some path to a call of a program function
 * did call it, that function is taken to call Python only then, unless it
 * calls Python on every path; direct API calls are still judged.
 *
 * A function the child calls that calls PyOS_AfterFork_Child() itself (a
 * plugin's post-fork hook, often through a pointer) is looked into: where it
 * calls it only under a condition, a call into Python on a path that
 * skipped it is reported there, judged as above.
 *
 * The child of clone() without CLONE_VM runs fn from its entry: it is
 * judged like a fork's child.
 */
#include "python.h"

#include <stdlib.h>

FC_RULE_READS(fc_rule_python_missing_afterfork_child, FC_PYTHON_FACTS);

struct walk {
  struct fc_rule_ctx *ctx;
  const struct fc_python *py;
  const struct fc_fork_site *site;
  uint32_t func;  /* the child's code: the site's function, or clone()'s fn */
  uint32_t block; /* the site's block in func, or UINT32_MAX (clone()) */
  int gil_released;
  uint8_t *maybe_marked; /* per block: some path of the child entered it marked */
  uint8_t *hooks_seen;   /* per program function: looked into for this fork */
};

/* A function the child calls that calls PyOS_AfterFork_Child() on some
 * paths, and the call of the child that runs it. */
struct hook {
  uint32_t func;
  struct fc_ref call;
  unsigned state; /* the region's state at that call */
  const struct hook *outer;
};

/* Marks the path: PyOS_AfterFork_Child() was called, or the first call into
 * Python was reported. */
static int marker(const struct fc_program *p, struct fc_ref call, void *arg) {
  const struct fc_python *py = arg;
  return fc_py_after_child_call(p, call, arg) || fc_py_calls_api(py, call);
}

/* Does block b (after the fork, in the fork's block) call
 * PyOS_AfterFork_Child() before event `upto`? */
static int marks_before(const struct walk *w, uint32_t b, uint32_t upto) {
  const struct fc_program *p = w->ctx->prog;
  uint32_t f = w->func;
  uint32_t from = b == w->block ? w->site->index + 1 : 0;
  for (uint32_t i = from; i < fc_event_count(p, f, b) && i < upto; i++) {
    struct fc_ref ref = fc_block_event(p, f, b, i);
    if (fc_event_at(p, ref)->kind == FC_EV_CALL && fc_py_after_child_call(p, ref, (void *)w->py))
      return 1;
  }
  return 0;
}

struct marked_flow {
  const struct walk *w;
  const struct fc_region *r;
};

/* A block of the child leaves marked when it was entered marked or marks. */
static int marked_run(void *ctx, uint32_t b, void *s) {
  const struct marked_flow *c = ctx;
  uint8_t *marked = s;
  if (!(fc_region_in(c->r, b) & FC_CHILD) && b != c->w->block)
    return 0;
  *marked = *marked || marks_before(c->w, b, UINT32_MAX);
  return *marked;
}

static int marked_along(void *ctx, uint32_t b, uint32_t e, void *s) {
  (void)s;
  const struct marked_flow *c = ctx;
  return (fc_region_edge_state(c->w->ctx->prog, c->r, b, e) & FC_CHILD) != 0;
}

static int marked_join(void *ctx, void *into, const void *from) {
  (void)ctx;
  uint8_t *to = into;
  if (*to || !*(const uint8_t *)from)
    return 0;
  *to = 1;
  return 1;
}

/* The blocks that some path of the child enters after calling
 * PyOS_AfterFork_Child(): a forward "may" flow along the child's edges. */
static uint8_t *maybe_marked(const struct walk *w, const struct fc_region *r) {
  const struct fc_program *p = w->ctx->prog;
  uint32_t n = fc_block_count(p, w->func);
  uint8_t *in = fc_xcalloc(n, 1);
  uint32_t *all = fc_xmalloc((size_t)(n + 1) * sizeof *all);
  for (uint32_t b = 0; b < n; b++)
    all[b] = b;
  struct marked_flow c = {w, r};
  struct fc_flow fl = {p, w->func, 1, 1, marked_run, marked_along, marked_join, &c};
  fc_flow_run(&fl, in, all, n);
  free(all);
  return in;
}

static void note_hooks(const struct walk *w, struct fc_finding *f, const struct hook *h);

static void report(struct walk *w, struct fc_ref ref, unsigned state, const struct hook *h) {
  const struct fc_program *p = w->ctx->prog;
  const char *name = fc_callee_name(p, ref);
  enum fc_py_role role = fc_py_role(w->py, ref);
  const char *hint = fc_py_hint(w->py, ref);
  const char *both = (state & FC_PARENT) ? " (this code runs in both processes)" : "";
  struct fc_where at = fc_where_event(p, ref);
  struct fc_finding *f;
  if (role == FC_PY_TAKES_GIL) {
    f = fc_report(w->ctx->out, w->ctx->id, at,
                  "'%s'%s%s%s takes the GIL in the child of fork() before "
                  "PyOS_AfterFork_Child()%s: the GIL may be held by a thread that does not exist "
                  "in the child",
                  name, hint[0] ? " (from " : "", hint, hint[0] ? ")" : "", both);
  } else if (role != FC_PY_NONE) {
    f = fc_report(w->ctx->out, w->ctx->id, at,
                  "'%s' calls into the Python interpreter in the child of fork() before "
                  "PyOS_AfterFork_Child()%s",
                  name, both);
  } else {
    struct fc_finding scratch = {0};
    const char *last = fc_note_chain(p, &scratch, w->py->api, ref);
    f = fc_report(w->ctx->out, w->ctx->id, at,
                  "call to '%s' reaches '%s', which calls into the Python interpreter, in the "
                  "child of fork() before PyOS_AfterFork_Child()%s",
                  name, last, both);
    f->notes = scratch.notes;
  }
  note_hooks(w, f, h);
  fc_note(f, fc_where_event(p, w->site->call), "child process created here")->role = FC_NOTE_ORIGIN;
  if (w->gil_released || role == FC_PY_TAKES_GIL)
    fc_note(f, at,
            "fork with the GIL held, between PyOS_BeforeFork() and PyOS_AfterFork_Parent() in "
            "the parent, and call PyOS_AfterFork_Child() first in the child; or do not call "
            "into Python in the child before exec or _exit");
  else
    fc_note(f, at,
            "call PyOS_AfterFork_Child() first in the child (PyOS_BeforeFork() before the fork, "
            "PyOS_AfterFork_Parent() in the parent), or use forksafe_fork(); or do not call "
            "into Python in the child before exec or _exit");
}

/* ---- hooks: functions the child calls that call PyOS_AfterFork_Child() --- */

/* At a block's entry: after, some path to it has called
 * PyOS_AfterFork_Child(); unmarked, some path has neither called it nor
 * been reported. */
struct hook_state {
  uint8_t reached, after, unmarked;
};

struct hook_flow {
  struct walk *w;
  const struct hook *h;
  const struct hook_state *after; /* the first flow's result, in the second */
  int reporting;
};

static void look_into_hooks(struct walk *w, struct fc_ref call, unsigned state,
                            const struct hook *outer);

/* Runs block b of the hook: a call into Python where one path called
 * PyOS_AfterFork_Child() and another did not is reported (when reporting). */
static int hook_run(void *ctx, uint32_t b, void *s) {
  const struct hook_flow *c = ctx;
  const struct fc_program *p = c->w->ctx->prog;
  struct hook_state *st = s;
  int skipped = c->after && c->after[b].after;
  for (uint32_t i = 0; i < fc_event_count(p, c->h->func, b); i++) {
    struct fc_ref ref = fc_block_event(p, c->h->func, b, i);
    if (fc_event_at(p, ref)->kind != FC_EV_CALL)
      continue;
    if (fc_py_after_child_call(p, ref, (void *)c->w->py)) {
      if (c->reporting && st->unmarked)
        look_into_hooks(c->w, ref, c->h->state, c->h);
      st->after = 1;
      st->unmarked = 0;
    } else if (skipped && st->unmarked && fc_py_calls_api_always(c->w->py, ref)) {
      if (c->reporting)
        report(c->w, ref, c->h->state, c->h);
      st->unmarked = 0;
    }
    if (fc_call_noreturn(p, ref))
      return 0;
  }
  return 1;
}

static int hook_join(void *ctx, void *into, const void *from) {
  (void)ctx;
  struct hook_state *to = into;
  const struct hook_state *in = from;
  if (to->reached && to->after >= in->after && to->unmarked >= in->unmarked)
    return 0;
  to->reached = 1;
  to->after |= in->after;
  to->unmarked |= in->unmarked;
  return 1;
}

/* Where some path has called PyOS_AfterFork_Child() first, then which
 * paths are still unmarked where another did call it. */
static void check_hook(struct walk *w, const struct hook *h) {
  const struct fc_program *p = w->ctx->prog;
  uint32_t n = fc_block_count(p, h->func), entry = FC_ENTRY;
  struct hook_state *after = fc_xcalloc(n, sizeof *after);
  struct hook_state *in = fc_xcalloc(n, sizeof *in);
  after[FC_ENTRY] = in[FC_ENTRY] = (struct hook_state){1, 0, 1};
  struct hook_flow c = {w, h, NULL, 0};
  struct fc_flow fl = {p, h->func, sizeof *in, 0, hook_run, NULL, hook_join, &c};
  fc_flow_run(&fl, after, &entry, 1);
  c.after = after;
  fc_flow_run(&fl, in, &entry, 1);
  c.reporting = 1;
  for (uint32_t b = 0; b < n; b++) {
    struct hook_state st = in[b];
    if (st.reached)
      hook_run(&c, b, &st);
  }
  free(in);
  free(after);
}

/* The functions a call of the child runs that call PyOS_AfterFork_Child(). */
static void look_into_hooks(struct walk *w, struct fc_ref call, unsigned state,
                            const struct hook *outer) {
  const struct fc_program *p = w->ctx->prog;
  const struct fc_target *t;
  uint32_t n = fc_call_targets(p, call, &t);
  for (uint32_t i = 0; i < n; i++) {
    if (t[i].func < 0 || w->hooks_seen[t[i].func] ||
        !fc_reach_has(w->py->after_child, (uint32_t)t[i].func))
      continue;
    w->hooks_seen[t[i].func] = 1;
    struct hook h = {(uint32_t)t[i].func, call, state, outer};
    check_hook(w, &h);
  }
}

/* Notes from the child's call down to the hook, and where the hook calls
 * PyOS_AfterFork_Child(). */
static void note_hooks(const struct walk *w, struct fc_finding *f, const struct hook *h) {
  const struct fc_program *p = w->ctx->prog;
  for (; h; h = h->outer) {
    const char *hook = fc_func_name(p, h->func);
    struct fc_where at = fc_where_event(p, h->call);
    if (fc_call_is_direct(p, h->call))
      fc_note(f, at, "'%s' is called here", hook)->role = FC_NOTE_STEP;
    else
      fc_note(f, at, "'%s' may call '%s' here", fc_callee_name(p, h->call), hook)->role =
          FC_NOTE_STEP;
    FC_FOR_EACH_CALL(p, h->func, ref) {
      if (fc_py_after_child_call(p, ref, (void *)w->py))
        fc_note(f, fc_where_event(p, ref),
                "'%s' calls '%s' only on some paths; this one skips it", hook,
                fc_callee_name(p, ref));
    }
  }
}

static int visit(void *arg, struct fc_ref ref, uint32_t block, unsigned state) {
  struct walk *w = arg;
  const struct fc_program *p = w->ctx->prog;
  if (!(state & FC_UNMARKED_IN(FC_CHILD)) || fc_event_at(p, ref)->kind != FC_EV_CALL)
    return 0;
  if (fc_py_after_child_call(p, ref, (void *)w->py)) {
    look_into_hooks(w, ref, state, NULL);
    return 0;
  }
  if (!fc_py_calls_api(w->py, ref))
    return 0;
  if (fc_py_role(w->py, ref) == FC_PY_NONE) {
    uint32_t upto = 0;
    while (fc_block_event(p, w->func, block, upto).event != ref.event)
      upto++;
    if ((w->maybe_marked[block] || marks_before(w, block, upto)) &&
        !fc_py_calls_api_always(w->py, ref))
      return 0;
  }
  report(w, ref, state, NULL);
  return 0;
}

void fc_rule_python_missing_afterfork_child(struct fc_rule_ctx *ctx) {
  const struct fc_program *p = ctx->prog;
  struct fc_python py;
  fc_python_init(&py, p);
  for (uint32_t i = 0; py.any && i < fc_child_site_count(p); i++) {
    const struct fc_fork_site *s = fc_child_site_at(p, i);
    if (s->kind == FC_SITE_VFORK || s->role || (fc_py_site_hooks(&py, s) & FC_PY_HOOK_CHILD))
      continue;
    struct fc_region r;
    fc_region_compute_marked(p, s, marker, &py, &r);
    struct walk w = {ctx, &py, s, r.func, s->child >= 0 ? UINT32_MAX : s->block,
                     fc_py_gil_released_at(&py, s), NULL, NULL};
    w.maybe_marked = maybe_marked(&w, &r);
    w.hooks_seen = fc_xcalloc(fc_func_count(p) + 1, 1);
    fc_region_walk(p, &r, visit, &w);
    free(w.hooks_seen);
    free(w.maybe_marked);
    fc_region_free(&r);
  }
}
