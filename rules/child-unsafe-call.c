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
 *
 * The allocator and stdio are left out where the C library resets them
 * in the child (the linux profile: glibc's fork(), and musl's from 1.2.2,
 * take their locks before the fork and reset them, and every stream's
 * lock, in the child, so the copy is usable), or where the threads are
 * only the hypothesis that some host or interpreter runs them (no main; a
 * file that includes Python.h). What stays unsafe even then (locale, time
 * zone, environment, NSS, syslog, the program's own mutexes) is reported.
 * With --profile=posix and a thread start seen (or --threads=yes), every
 * function that is not async-signal-safe is: POSIX leaves the child's
 * calls undefined.
 */
#include "locks.h"
#include "python.h"
#include "strtab.h"

#include <stdint.h>
#include <stdlib.h>

FC_RULE_READS(fc_rule_child_unsafe_call, FC_PYTHON_FACTS | FC_FACT_BIT(unsafe_beyond_python) |
                                             FC_FACT_BIT(unsafe_not_python_memory) |
                                             FC_FACT_BIT(unsafe_beyond_python_not_reset) |
                                             FC_FACT_BIT(unsafe_not_reset) |
                                             FC_FACT_BIT(alloc_failure));

/* An unsafe call the walk found, at its place in the source. */
struct hit {
  struct fc_ref ref;
  enum fc_fact fact; /* the fact whose chain explains it */
  struct fc_where at;
  uint32_t file; /* at.file's id: the calls of one region are in one file's function */
  size_t seq;
};

struct walk {
  struct fc_rule_ctx *ctx;
  const struct fc_fork_site *site;
  const struct fc_evidence *why;
  const struct fc_python *py;
  enum fc_fact unsafe;               /* unsafe, Python's memory accessors aside */
  enum fc_fact unsafe_beyond_python; /* unsafe, not counting the Python API */
  int skip_reset;                    /* leave out the allocator and stdio: the threads
                                        are a hypothesis, or the C library resets them */
  int python_ready;      /* the fork ran PyOS_AfterFork_Child() itself */
  int python_guarded;    /* some child path calls PyOS_AfterFork_Child() */
  int becomes_process;   /* report only the first place with unsafe calls */
  FC_VEC(struct hit) hits;
  uint32_t func;   /* the function the region covers */
  int fork_usual;  /* the fork is not itself in code that runs only on a failed allocation */
  struct fc_region execs; /* with exec as its marker, once needed (fc_region_after_exec) */
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
                       enum fc_fact *why) {
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
    return fc_reach_target(p, fc_fact(p, *why), ref) >= 0;
  if (t.func >= 0) /* with the constants it passes (fc_fact_call_args) */
    return fc_fact_call_args(p, *why, ref);
  return role != FC_PY_MEMORY && fc_target_is_unsafe_external(p, ref) &&
         !(w->skip_reset && fc_call_fork_resets(p, ref));
}

typedef FC_VEC(const char *) name_list;

/* Adds a name once: was it new? The table keeps the order they came in. */
static int add_name(struct fc_strtab *t, const char *name) {
  uint32_t n = t->n;
  return fc_strtab_intern(t, name) == n;
}

/* What one unsafe call reaches: the unsafe functions, its own chain's end
 * first, so that its chain, and what a baseline records of it, do not
 * change when another appears; chain k of the notes goes down to names[k]. */
struct part {
  name_list names;
  struct fc_finding chains;
  int through_program; /* a call to the program's function or through a pointer */
  int surely;          /* an external function the system declares */
  int exit_only;       /* only exit-time cleanup: child-exit-cleanup's */
};

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

/* `named`: how many names the place has so far, which may repeat ends of
 * this call and then take no chain. */
static void call_part(struct walk *w, const struct hit *h, size_t named, struct part *c) {
  const struct fc_program *p = w->ctx->prog;
  if (fc_call_target(p, h->ref).func < 0 && fc_call_is_direct(p, h->ref)) {
    fc_vec_push(&c->names, fc_callee_name(p, h->ref));
    c->surely = fc_unsafe_surely(p, h->ref);
    c->exit_only = (fc_call_target(p, h->ref).kinds & FC_K_EXIT_CLEANUP) != 0;
    return;
  }
  const struct fc_reach *why = fc_fact(p, h->fact);
  unsigned max = w->ctx->max_chains;
  struct fc_chain_ends more = {0};
  struct fc_ref end = fc_note_chain_to(p, &c->chains, why, h->ref);
  fc_chain_ends(p, why, h->fact, h->ref, end, &c->chains, max ? max - 1 + named : SIZE_MAX,
                &more);
  fc_vec_push(&c->names, fc_chain_end_name(p, why, end));
  for (size_t i = 0; i < more.ends.n; i++)
    fc_vec_push(&c->names, fc_callee_name(p, more.ends.v[i]));
  c->through_program = 1;
  c->exit_only = exit_cleanup_only(p, end, &more);
  fc_chain_ends_free(&more);
}

/* The unsafe calls at one place, as one finding: every unsafe function
 * once, in the order found; those called there are named, and those
 * reached through the program's functions too, each with its chain of
 * notes, up to max_chains chains (numbered from 0); the others counted. */
struct merged {
  struct fc_strtab names, called;
  name_list shown;
  size_t hidden;
  struct fc_finding chains;
  unsigned n_chains;
  int through_program, surely;
};

/* Notes of c's chain k become m's next chain when `keep`; the others are
 * freed. Did it take one? */
static int take_chain(struct merged *m, struct part *c, unsigned k, int keep) {
  int taken = 0;
  for (size_t i = 0; i < c->chains.notes.n; i++) {
    struct fc_note n = c->chains.notes.v[i];
    if (n.chain != k)
      continue;
    if (keep) {
      n.chain = m->n_chains;
      fc_vec_push(&m->chains.notes, n);
      taken = 1;
    } else {
      free(n.file);
      free(n.msg);
    }
  }
  m->n_chains += (unsigned)taken;
  return taken;
}

static void merge_part(struct merged *m, struct part *c, const char *callee, unsigned max) {
  add_name(&m->called, callee);
  for (size_t k = 0; k < c->names.n; k++) {
    if (!add_name(&m->names, c->names.v[k]))
      take_chain(m, c, (unsigned)k, 0);
    else if (!c->through_program ||
             take_chain(m, c, (unsigned)k, max == 0 || m->n_chains < max))
      fc_vec_push(&m->shown, c->names.v[k]);
    else
      m->hidden++;
  }
  m->through_program |= c->through_program;
  m->surely &= c->surely;
  fc_vec_free(&c->names);
  fc_vec_free(&c->chains.notes);
}

static void report_merged(struct walk *w, struct merged *m, struct fc_where at, int exit_only) {
  const struct fc_program *p = w->ctx->prog;
  char *list = fc_name_list(m->shown.v, m->shown.n, m->hidden);
  char *called = fc_name_list((const char *const *)m->called.strs, m->called.n, 0);
  const char *are = m->names.n > 1 ? "are" : "is";
  struct fc_finding *f;
  if (!m->through_program)
    f = fc_report(w->ctx->out, w->ctx->id, at,
                  "%s %s %s async-signal-safe and %s called in the child of a multithreaded "
                  "program",
                  list, are, m->surely ? "not" : "not known to be", are);
  else
    f = fc_report(w->ctx->out, w->ctx->id, at,
                  "%s %s %s %s, which %s not async-signal-safe, in the child of a multithreaded "
                  "program",
                  m->called.n > 1 ? "calls to" : "call to", called,
                  m->called.n > 1 ? "reach" : "reaches", list, are);
  f->notes = m->chains.notes;
  if (exit_only)
    f->yields_to = fc_rule_child_exit_cleanup_id;
  fc_note(f, fc_where_event(p, w->site->call), "child process created here")->role = FC_NOTE_ORIGIN;
  fc_note_thread_evidence(p, f, w->site, w->why);
  fc_note(f, at,
          "until exec or _exit, call only async-signal-safe functions: prepare everything before "
          "fork() (forksafe_spawn() does it in one call, forksafe_log() writes without "
          "allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so");
  free(list);
  free(called);
  fc_strtab_free(&m->names);
  fc_strtab_free(&m->called);
  fc_vec_free(&m->shown);
}

/* One finding for the unsafe calls at one place (a macro that expands to
 * `log_msg("...", strerror(errno))`), naming every unsafe function they
 * reach; a single call is worded as it always was. The calls that only
 * run exit-time cleanup stay apart: child-exit-cleanup reports them. */
static void report(struct walk *w, const struct hit *h, size_t n) {
  const struct fc_program *p = w->ctx->prog;
  struct merged m[2] = {{.surely = 1}, {.surely = 1}};
  for (int k = 0; k < 2; k++) {
    fc_strtab_init(&m[k].names);
    fc_strtab_init(&m[k].called);
  }
  for (size_t i = 0; i < n; i++) {
    struct part c = {.surely = 1};
    call_part(w, &h[i], m[0].names.n + m[1].names.n, &c);
    merge_part(&m[c.exit_only], &c, fc_callee_name(p, h[i].ref), w->ctx->max_chains);
  }
  for (int exit_only = 0; exit_only < 2; exit_only++)
    if (m[exit_only].called.n)
      report_merged(w, &m[exit_only], h->at, exit_only);
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
  enum fc_fact why = FC_FACT_NONE;
  if (!(state & FC_CHILD) || after_alloc_failure(w, block) || !unsafe_call(w, ref, state, &why))
    return 0;
  /* A failed assertion: the process crashes (abort()), by design of the
   * program's own check; its message is not what a reviewer asks to make
   * async-signal-safe. Unless it is how the child reports a failed exec
   * (`AZ(execl(...))`): then every failed exec runs it. */
  if (fc_call_crash_only(p, ref) && !fc_region_after_exec(p, w->site, &w->execs, block, ref))
    return 0;
  /* The inline atfork idiom: the parent took this lock before the fork, so
   * the child's copy is the parent's own, and no other thread holds it. */
  if (fc_lock_held_at(p, w->site->func, block, ref))
    return 0;
  struct hit h = {ref, why, fc_where_event(p, ref), fc_event_at(p, ref)->loc.file, w->hits.n};
  fc_vec_push(&w->hits, h);
  return 0;
}

static int cmp_place(const struct hit *x, const struct hit *y) {
  if (x->at.line != y->at.line)
    return x->at.line < y->at.line ? -1 : 1;
  if (x->at.col != y->at.col)
    return x->at.col < y->at.col ? -1 : 1;
  return (x->file > y->file) - (x->file < y->file);
}

/* By place, then in the order the walk found them. */
static int cmp_hit(const void *a, const void *b) {
  const struct hit *x = a, *y = b;
  int c = cmp_place(x, y);
  return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* A finding per place; a child that became the process, only the first. */
static void report_places(struct walk *w) {
  struct hit *h = w->hits.v;
  size_t n = w->hits.n;
  if (n > 1)
    qsort(h, n, sizeof *h, cmp_hit);
  for (size_t i = 0, j; i < n; i = j) {
    for (j = i + 1; j < n && cmp_place(&h[i], &h[j]) == 0; j++)
      ;
    report(w, h + i, j - i);
    if (w->becomes_process)
      break;
  }
}

void fc_rule_child_unsafe_call(struct fc_rule_ctx *ctx) {
  const struct fc_program *p = ctx->prog;
  struct fc_python py;
  fc_python_init(&py, p);
  for (uint32_t i = 0; i < fc_child_site_count(p); i++) {
    const struct fc_fork_site *s = fc_child_site_at(p, i);
    struct fc_evidence why;
    /* a role call: the fork inside the function is judged */
    if (s->kind == FC_SITE_VFORK || !fc_threads_at(p, s, &why))
      continue;
    struct fc_region r;
    fc_region_compute_marked(p, s, fc_py_after_child_call, &py, &r);
    int skip_reset = fc_fork_resets_cover(p, &why);
    struct walk w = {ctx, s, &why, &py,
                     skip_reset ? FC_FACT_unsafe_not_reset : FC_FACT_unsafe_not_python_memory,
                     skip_reset ? FC_FACT_unsafe_beyond_python_not_reset
                                : FC_FACT_unsafe_beyond_python,
                     skip_reset, (fc_py_site_hooks(&py, s) & FC_PY_HOOK_CHILD) != 0, 0,
                     s->kind == FC_SITE_DAEMON || r.parent_exits, {0}, r.func,
                     s->child >= 0 || !fc_block_alloc_failed(p, s->func, s->block), {0}};
    fc_region_walk(p, &r, find_after_child, &w);
    fc_region_walk(p, &r, visit, &w);
    report_places(&w);
    fc_vec_free(&w.hits);
    fc_region_free(&w.execs);
    fc_region_free(&r);
  }
}
