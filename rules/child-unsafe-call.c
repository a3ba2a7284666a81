/*
 * child-unsafe-call: in the child of a multithreaded program, only
 * async-signal-safe functions may be called until exec or _exit. Another
 * thread may have held a lock (the allocator's, stdio's, a mutex) at the
 * fork; the child has a copy of the locked lock and no thread to release it.
 *
 * Python extensions: PyOS_AfterFork_Child() is not async-signal-safe, but
 * it is the interpreter's own contract for a child that goes on running
 * Python (CPython's os.fork() calls it), so it is not reported, nor are
 * calls into the Python API on paths where it was called first (or where
 * the fork itself ran it: forksafe_fork()). Other unsafe calls still are.
 * A call into Python before it is also python-missing-afterfork-child's.
 */
#include "locks.h"
#include "python.h"

#include <stdint.h>
#include <stdlib.h>

FC_RULE_READS(fc_rule_child_unsafe_call, FC_PYTHON_FACTS | FC_FACT_BIT(unsafe_beyond_python) |
                                             FC_FACT_BIT(unsafe_not_python_memory) |
                                             FC_FACT_BIT(alloc_failure));

struct walk {
  struct fc_rule_ctx *ctx;
  const struct fc_fork_site *site;
  const struct fc_evidence *why;
  const struct fc_python *py;
  const struct fc_reach *unsafe;               /* unsafe, Python's memory accessors aside */
  const struct fc_reach *unsafe_beyond_python; /* unsafe, not counting the Python API */
  int python_ready;      /* the fork ran PyOS_AfterFork_Child() itself */
  int python_guarded;    /* some child path calls PyOS_AfterFork_Child() */
  int becomes_process;   /* report only the first unsafe call */
  struct fc_ref first;
  const struct fc_reach *first_why;
  unsigned first_line, first_col;
  uint32_t func;   /* the function the region covers */
  int fork_usual;  /* the fork is not itself in code that runs only on a failed allocation */
};

/* Code the child runs only when an allocation failed (`if (p == NULL)`
 * after `p = malloc(n)`): the allocation is the unsafe call a reviewer asks
 * to move before the fork, and it is reported; what the child does when it
 * fails (a message, exit()) is not reported again, as child-exit-cleanup
 * judges. */
static int after_alloc_failure(const struct walk *w, uint32_t block) {
  return w->fork_usual && fc_block_alloc_failed(w->ctx->prog, w->func, block);
}

/* A Python C-API call other than plain memory access. */
static int python_call(const struct fc_python *py, struct fc_ref ref) {
  enum fc_py_role r = fc_py_role(py, ref);
  return r != FC_PY_NONE && r != FC_PY_MEMORY;
}

/* Is the call unsafe here? *why: the fact whose chain explains it. */
static int unsafe_call(const struct walk *w, struct fc_ref ref, unsigned state,
                       const struct fc_reach **why) {
  const struct fc_program *p = w->ctx->prog;
  enum fc_py_role role = fc_py_role(w->py, ref);
  if (role == FC_PY_AFTER_CHILD || role == FC_PY_AFTER_LEGACY)
    return 0;
  /* Python may run: after PyOS_AfterFork_Child() on every path of the child,
   * or in a function that is taken to call it first. */
  int python_ok = w->python_ready || !(state & FC_UNMARKED_IN(FC_CHILD)) ||
                  fc_py_after_child_call(p, ref, (void *)w->py);
  if (python_ok && python_call(w->py, ref))
    return 0;
  struct fc_target t = fc_call_target(p, ref);
  /* When only some child paths call PyOS_AfterFork_Child(), the Python a
   * callee runs is taken to be guarded by the same test (CPython's
   * _posixsubprocess.c: `if (preexec_fn != Py_None)` around both); the
   * engine cannot correlate a test across the call. */
  if (t.func >= 0 && w->python_guarded)
    python_ok = 1;
  *why = python_ok ? w->unsafe_beyond_python : w->unsafe;
  if (!fc_call_is_direct(p, ref)) /* through a pointer: what its targets reach */
    return fc_reach_target(p, *why, ref) >= 0;
  if (t.func >= 0) /* with the constants it passes (fc_fact_call_args) */
    return fc_fact_call_args(p, python_ok ? FC_FACT_unsafe_beyond_python
                                          : FC_FACT_unsafe_not_python_memory, ref);
  return role != FC_PY_MEMORY && fc_target_is_unsafe_external(p, ref);
}

/* exit() and the like are child-exit-cleanup's: one call, one finding. When
 * that rule is off, or does not judge the call (a child that became the
 * process), this finding stays; so does one that reaches other unsafe
 * functions too. */
static int exit_cleanup_only(const struct fc_program *p, struct fc_ref first,
                             const struct fc_chain_ends *more) {
  int only = (fc_call_target(p, first).kinds & FC_K_EXIT_CLEANUP) != 0;
  for (size_t i = 0; only && i < more->ends.n; i++)
    only = (fc_call_target(p, more->ends.v[i]).kinds & FC_K_EXIT_CLEANUP) != 0;
  return only;
}

/* A call to a function of the program (or through a pointer): every unsafe
 * function it reaches is named, with a chain of notes down to each of the
 * first max_chains; the fact's own chain first, so that it, and what a
 * baseline records of it, do not change when another appears. */
static struct fc_finding *report_chains(struct walk *w, struct fc_ref ref,
                                        const struct fc_reach *why) {
  const struct fc_program *p = w->ctx->prog;
  enum fc_fact id =
      why == w->unsafe ? FC_FACT_unsafe_not_python_memory : FC_FACT_unsafe_beyond_python;
  unsigned max = w->ctx->max_chains;
  struct fc_finding scratch = {0};
  struct fc_chain_ends more = {0};
  struct fc_ref end = fc_note_chain_to(p, &scratch, why, ref);
  fc_chain_ends(p, why, id, ref, end, &scratch, max ? max - 1 : SIZE_MAX, &more);
  size_t named = max == 0 || more.ends.n < max ? more.ends.n + 1 : max;
  const char **names = fc_xmalloc(named * sizeof *names);
  names[0] = fc_chain_end_name(p, why, end);
  for (size_t i = 1; i < named; i++)
    names[i] = fc_callee_name(p, more.ends.v[i - 1]);
  char *list = fc_name_list(names, named, more.ends.n + 1 - named);
  struct fc_finding *f = fc_report(
      w->ctx->out, w->ctx->id, fc_where_event(p, ref),
      "call to '%s' reaches %s, which %s not async-signal-safe, in the child of a multithreaded "
      "program",
      fc_callee_name(p, ref), list, more.ends.n ? "are" : "is");
  f->notes = scratch.notes;
  if (exit_cleanup_only(p, end, &more))
    f->yields_to = fc_rule_child_exit_cleanup_id;
  free(list);
  free(names);
  fc_chain_ends_free(&more);
  return f;
}

static void report(struct walk *w, struct fc_ref ref, const struct fc_reach *why) {
  const struct fc_program *p = w->ctx->prog;
  struct fc_finding *f;
  if (fc_call_target(p, ref).func < 0 && fc_call_is_direct(p, ref)) {
    f = fc_report(w->ctx->out, w->ctx->id, fc_where_event(p, ref),
                  "'%s' is %s async-signal-safe and is called in the child of a multithreaded "
                  "program",
                  fc_callee_name(p, ref), fc_unsafe_wording(p, ref));
    if (fc_call_target(p, ref).kinds & FC_K_EXIT_CLEANUP)
      f->yields_to = fc_rule_child_exit_cleanup_id;
  } else {
    f = report_chains(w, ref, why);
  }
  fc_note(f, fc_where_event(p, w->site->call), "child process created here")->role = FC_NOTE_ORIGIN;
  fc_note_thread_evidence(p, f, w->site, w->why);
  fc_note(f, fc_where_event(p, ref),
          "until exec or _exit, call only async-signal-safe functions: prepare everything before "
          "fork() (forksafe_spawn() does it in one call, forksafe_log() writes without "
          "allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so");
}

static int find_after_child(void *arg, struct fc_ref ref, uint32_t block, unsigned state) {
  (void)block;
  struct walk *w = arg;
  if ((state & FC_CHILD) && fc_py_after_child_call(w->ctx->prog, ref, (void *)w->py))
    w->python_guarded = 1;
  return w->python_guarded;
}

static int visit(void *arg, struct fc_ref ref, uint32_t block, unsigned state) {
  struct walk *w = arg;
  const struct fc_program *p = w->ctx->prog;
  const struct fc_reach *why = NULL;
  if (!(state & FC_CHILD) || after_alloc_failure(w, block) || !unsafe_call(w, ref, state, &why))
    return 0;
  /* The inline atfork idiom: the parent took this lock before the fork, so
   * the child's copy is the parent's own, and no other thread holds it. */
  if (fc_lock_held_at(p, w->site->func, block, ref))
    return 0;
  if (!w->becomes_process) {
    report(w, ref, why);
    return 0;
  }
  const struct fc_event *ev = fc_event_at(p, ref);
  if (w->first.event == FC_NO_EVENT || ev->loc.line < w->first_line ||
      (ev->loc.line == w->first_line && ev->loc.col < w->first_col)) {
    w->first = ref;
    w->first_why = why;
    w->first_line = ev->loc.line;
    w->first_col = ev->loc.col;
  }
  return 0;
}

void fc_rule_child_unsafe_call(struct fc_rule_ctx *ctx) {
  const struct fc_program *p = ctx->prog;
  struct fc_python py;
  fc_python_init(&py, p);
  const struct fc_reach *beyond = fc_fact(p, FC_FACT_unsafe_beyond_python);
  const struct fc_reach *unsafe = fc_fact(p, FC_FACT_unsafe_not_python_memory);
  for (uint32_t i = 0; i < fc_child_site_count(p); i++) {
    const struct fc_fork_site *s = fc_child_site_at(p, i);
    struct fc_evidence why;
    /* a role call: the fork inside the function is judged */
    if (s->kind == FC_SITE_VFORK || s->role || !fc_threads_at(p, s, &why))
      continue;
    struct fc_region r;
    fc_region_compute_marked(p, s, fc_py_after_child_call, &py, &r);
    struct walk w = {ctx, s, &why, &py, unsafe, beyond,
                     (fc_py_site_hooks(&py, s) & FC_PY_HOOK_CHILD) != 0, 0,
                     s->kind == FC_SITE_DAEMON || r.parent_exits, {0, FC_NO_EVENT}, NULL, 0, 0,
                     r.func, s->child >= 0 || !fc_block_alloc_failed(p, s->func, s->block)};
    fc_region_walk(p, &r, find_after_child, &w);
    fc_region_walk(p, &r, visit, &w);
    if (w.becomes_process && w.first.event != FC_NO_EVENT)
      report(&w, w.first, w.first_why);
    fc_region_free(&r);
  }
}
