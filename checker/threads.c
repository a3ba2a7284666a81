/*
 * Whether another thread may exist at each point of the program, and why: a
 * fact computed at link, function by function, with a worklist of the
 * functions whose entry state changed.
 */
#include "facts.h"
#include "program.h"
#include "region.h"

#include <stdlib.h>
#include <string.h>

/* The worklist of functions whose entry state changed. */
struct entry_queue {
  struct fc_program *p;
  uint32_t *v, head, tail;
  uint8_t *queued;
};

/* How strong evidence is: a thread start replaces a callback (which is
 * evidence only by the thread start somewhere else) and the hypotheses (no
 * main, Python), so that the evidence names a thread start wherever one
 * reaches: with one seen, the threads are no longer a hypothesis
 * (fc_evidence_hypothetical). --threads=yes is never replaced. */
static int rank(uint8_t kind) {
  switch (kind) {
  case FC_EVID_NONE:
    return 0;
  case FC_EVID_CALLBACK:
    return 1;
  case FC_EVID_NO_MAIN:
  case FC_EVID_PYTHON:
    return 2;
  case FC_EVID_THREAD_START:
    return 3;
  default:
    return 4;
  }
}

/* Merges evidence `from` into `to`: the stronger stays, and a thread start
 * of the same strength adds the programs it stands for (a function two
 * programs share passes each one's threads on to that program's code).
 * Returns whether `to` changed. */
static int stronger(struct fc_evidence *to, const struct fc_evidence *from) {
  if (rank(to->kind) < rank(from->kind)) {
    *to = *from;
    return 1;
  }
  if (to->kind != FC_EVID_THREAD_START || from->kind != FC_EVID_THREAD_START || !to->origins ||
      (from->origins && (to->origins | from->origins) == to->origins))
    return 0;
  to->origins = from->origins ? to->origins | from->origins : 0; /* 0: every program's */
  return 1;
}

/* May a thread of evidence e exist in function g's process: is g run by a
 * program whose thread start it stands for? lvmpolld's client thread and
 * the lvm tool's exec_cmd() share a database and a handler's type, not a
 * process. */
static int in_origin(const struct fc_program *p, const struct fc_evidence *e, uint32_t g) {
  return !e->origins || !p->prog_mask || !p->prog_mask[g] || (p->prog_mask[g] & e->origins);
}

/* Another thread may exist when function g is entered: `why`. */
static void enter_with_threads(struct entry_queue *q, uint32_t g, struct fc_evidence why) {
  struct fc_pfunc *pg = &q->p->funcs.v[g];
  if (!stronger(&pg->entry_evidence, &why))
    return;
  if (!q->queued[g]) {
    q->queued[g] = 1;
    q->v[q->tail++] = g;
  }
}

/* A call made while another thread may exist passes that on to what it
 * calls: a function of the program, or, through a pointer, each function it
 * may hold (pointers.c: those stored where it reads, or the few of its
 * type). A pointer with none known passes it to nobody: more functions of
 * its type than pointers.c takes say nothing about the call (libevent's
 * worker frees through a void (*)(void *) no store names, and every test
 * of its test suite has that type). */
static void call_with_threads(struct entry_queue *q, struct fc_ref ref, struct fc_evidence why) {
  struct fc_program *p = q->p;
  const struct fc_target *t;
  uint32_t n = fc_call_targets(p, ref, &t);
  /* A hypothesis (no main, Python) goes where the code names the callee: a
   * pointer with one known target. Through a table of many, or through
   * every function of the pointer's type, it would be a guess on a guess:
   * a build-time Python module that reaches a command table takes every
   * command handler of the single-threaded programs beside it. */
  if (fc_evidence_hypothetical(&why) && !fc_call_is_direct(p, ref) && n != 1)
    return;
  for (uint32_t i = 0; i < n; i++)
    if (t[i].func >= 0 && in_origin(p, &why, (uint32_t)t[i].func))
      enter_with_threads(q, (uint32_t)t[i].func, why);
}

static uint64_t call_start_mask(const struct fc_program *p, struct fc_ref ref);

/* The state after block b's first `upto` events, from `s`; with q, calls
 * made with threads pass the state on (call_with_threads). */
static struct fc_evidence run_threads(const struct fc_program *p, struct entry_queue *q,
                                      uint32_t f, uint32_t b, uint32_t upto,
                                      struct fc_evidence s) {
  int embedder = (p->funcs.v[f].fn->flags & FC_FN_MAIN) &&
                 (p->tus[p->funcs.v[f].tu]->flags & FC_TU_PYTHON);
  for (uint32_t i = 0; i < fc_event_count(p, f, b) && i < upto; i++) {
    struct fc_ref ref = fc_block_event(p, f, b, i);
    if (fc_event_at(p, ref)->kind != FC_EV_CALL)
      continue;
    if (q && s.kind != FC_EVID_NONE)
      call_with_threads(q, ref, s);
    /* An embedder's main: the interpreter runs from its first call into it
     * on (Py_Initialize()), not before (kitty's launcher forks to detach
     * before it starts Python). */
    enum fc_py_role role = embedder ? fc_call_py_role(p, ref) : FC_PY_NONE;
    if (role != FC_PY_NONE && role != FC_PY_MEMORY) {
      struct fc_evidence py = {FC_EVID_PYTHON, ref, (int32_t)f, 0};
      stronger(&s, &py);
    }
    if (rank(s.kind) <= rank(FC_EVID_THREAD_START) && fc_fact_call(p, FC_FACT_thread_start, ref)) {
      uint64_t origins = p->prog_mask ? p->prog_mask[f] : 0;
      /* Only the programs that run f and in which the call starts one. */
      if (origins && p->start_mask && !(origins &= call_start_mask(p, ref)))
        continue;
      struct fc_evidence start = {FC_EVID_THREAD_START, ref, (int32_t)f, origins};
      stronger(&s, &start);
    }
  }
  return s;
}

struct flow_ctx {
  struct fc_program *p;
  struct entry_queue *q;
  uint32_t f;
};

/* A block whose call never returns passes nothing on: a thread the child
 * of a fork starts before its exit(0), in a `case 0:` the CFG continues
 * into the parent's `default:`, exists in no process that comes round the
 * loop to fork again (pdsh's prompt loop). */
static int run_block(void *ctx, uint32_t b, void *s) {
  struct flow_ctx *c = ctx;
  struct fc_evidence *e = s;
  *e = run_threads(c->p, c->q, c->f, b, UINT32_MAX, *e);
  return e->kind != FC_EVID_NONE && !fc_block_ends(c->p, c->f, b);
}

/* A child starts with the forking thread alone: the evidence of the
 * process that forked stops where an edge enters the child's own blocks
 * (one fork deeper), except what --threads=yes assumes everywhere. */
static int along_threads(void *ctx, uint32_t b, uint32_t e, void *s) {
  struct flow_ctx *c = ctx;
  const uint8_t *depth = c->p->funcs.v[c->f].child_depth;
  struct fc_evidence *ev = s;
  uint32_t t = fc_succ(c->p, c->f, b, e);
  if (depth && t < fc_block_count(c->p, c->f) && depth[t] > depth[b] &&
      ev->kind != FC_EVID_ASSUMED)
    *ev = (struct fc_evidence){FC_EVID_NONE, {0, FC_NO_EVENT}, (int32_t)c->f, 0};
  return 1;
}

/* The first evidence to arrive at a block stays, unless stronger comes. */
static int join_first(void *ctx, void *into, const void *from) {
  (void)ctx;
  return stronger(into, from);
}

/* Intra-procedural flow of "a thread may exist" from the function's entry;
 * blocks not reached from the entry still need a visit for their calls. */
static void flow_threads(struct fc_program *p, uint32_t f, struct entry_queue *q) {
  struct fc_pfunc *pf = &p->funcs.v[f];
  uint32_t n = pf->fn->block_count;
  if (!pf->block_threads)
    pf->block_threads = fc_xcalloc(n, sizeof *pf->block_threads);
  memset(pf->block_threads, 0, n * sizeof *pf->block_threads);
  pf->block_threads[FC_ENTRY] = pf->entry_evidence;
  uint32_t *seeds = fc_xmalloc((size_t)(n + 1) * sizeof *seeds);
  for (uint32_t b = 0; b < n; b++)
    seeds[b] = b;
  struct flow_ctx c = {p, q, f};
  struct fc_flow fl = {p, f, sizeof(struct fc_evidence), 1, run_block, along_threads,
                       join_first, &c};
  fc_flow_run(&fl, pf->block_threads, seeds, n);
  free(seeds);
}

/* Per TU: does it run inside an interpreter that may run other threads: a
 * file that includes Python.h and calls into the interpreter (an
 * extension module's: 1; an embedder's, which defines main: 2), beyond
 * Python.h's accessors? An embedder's functions run on an interpreter's
 * thread only once main has started it (run_threads), or when the
 * interpreter may call them (their address is taken). A
 * program's file that includes Python.h only for its types and accessors
 * (uftrace, through its script header: it loads libpython with dlopen()
 * and calls it through pointers; its Py_TYPE() reads memory) is not. */
static uint8_t *python_tus(const struct fc_program *p) {
  uint8_t *in = fc_xcalloc(p->n_tus + 1, 1);
  uint8_t *has_main = fc_xcalloc(p->n_tus + 1, 1);
  for (uint32_t f = 0; f < p->funcs.n; f++)
    if (p->funcs.v[f].fn->flags & FC_FN_MAIN)
      has_main[p->funcs.v[f].tu] = 1;
  for (uint32_t f = 0; f < p->funcs.n; f++) {
    uint32_t t = p->funcs.v[f].tu;
    /* the file's own functions: not Python.h's inline ones
     * (PyObject_TypeCheck() calls PyType_IsSubtype()) */
    if (in[t] || !(p->tus[t]->flags & FC_TU_PYTHON) ||
        strcmp(fc_pstr(p, t, p->funcs.v[f].fn->loc.file), p->tus[t]->path) != 0)
      continue;
    FC_FOR_EACH_CALL(p, f, ref) {
      enum fc_py_role role = fc_call_py_role(p, ref);
      if (role != FC_PY_NONE && role != FC_PY_MEMORY) {
        in[t] = has_main[t] ? 2 : 1;
        break;
      }
    }
  }
  free(has_main);
  return in;
}

/* Where the function starts: who may have started a thread before. */
static struct fc_evidence entry_evidence(const struct fc_program *p, uint32_t f,
                                         const uint8_t *python) {
  const struct fc_pfunc *pf = &p->funcs.v[f];
  struct fc_evidence e = {FC_EVID_NONE, {0, FC_NO_EVENT}, (int32_t)f, 0};
  if (p->threads == FC_THREADS_YES)
    e.kind = FC_EVID_ASSUMED;
  else if (p->threads == FC_THREADS_NO)
    e.kind = FC_EVID_NONE;
  else if (python[pf->tu] == 1 || (python[pf->tu] == 2 && pf->address_taken &&
                                     !(pf->fn->flags & FC_FN_MAIN)))
    e.kind = FC_EVID_PYTHON;
  else if (!p->has_main && p->threads == FC_THREADS_LIBRARY)
    e.kind = FC_EVID_NO_MAIN;
  else if (pf->registered.event != FC_NO_EVENT && p->thread_start.event != FC_NO_EVENT) {
    e.kind = FC_EVID_CALLBACK;
    e.at = pf->registered;
  }
  return e;
}

/* A callback runs at any time relative to main's flow, which makes another
 * thread possible only when the program can start one: the first call that
 * does (pthread_create, or a library function known to, as data). */
static struct fc_ref first_thread_start(const struct fc_program *p) {
  for (size_t i = 0; i < p->calls.n; i++)
    if (fc_call_target(p, p->calls.v[i]).func < 0 &&
        fc_fact_call(p, FC_FACT_thread_start, p->calls.v[i]))
      return p->calls.v[i];
  return (struct fc_ref){0, FC_NO_EVENT};
}

/* ---- which process a block runs in ------------------------------------ */

/* The blocks of function f that fork s's child alone runs: one fork deeper
 * in child_depth; with `confined` (the child never returns from f), their
 * calls are made in that child's process only. */
static void mark_child_blocks(struct fc_program *p, const struct fc_fork_site *s) {
  struct fc_pfunc *pf = &p->funcs.v[s->func];
  uint32_t n = pf->fn->block_count;
  struct fc_region r;
  fc_region_compute(p, s, &r);
  int confined = !(fc_region_in(&r, FC_EXIT) & FC_CHILD);
  if (!pf->child_depth)
    pf->child_depth = fc_xcalloc(n, 1);
  for (uint32_t b = 0; b < n; b++) {
    if (!fc_region_child_only(&r, b))
      continue;
    if (pf->child_depth[b] < UINT8_MAX)
      pf->child_depth[b]++;
    for (uint32_t i = 0; confined && i < fc_event_count(p, s->func, b); i++) {
      struct fc_ref ref = fc_block_event(p, s->func, b, i);
      p->child_event[ref.tu][ref.event] = 1;
    }
  }
  fc_region_free(&r);
}

/* Each fork's child blocks, once per fork site: the cost of the rules'
 * own regions. A function handed to clone() as a child process's code is
 * not a callback: it runs in that child alone. */
void fc_children_compute(struct fc_program *p) {
  p->child_event = fc_xcalloc(p->n_tus + 1, sizeof *p->child_event);
  for (uint32_t t = 0; t < p->n_tus; t++)
    p->child_event[t] = fc_xcalloc(p->tus[t]->events.n + 1, 1);
  for (size_t i = 0; i < p->forks.n; i++)
    mark_child_blocks(p, &p->forks.v[i]);
  for (size_t i = 0; i < p->clones.n; i++) {
    struct fc_pfunc *child = &p->funcs.v[p->clones.v[i].child];
    if (child->registered.tu == p->clones.v[i].call.tu &&
        child->registered.event == p->clones.v[i].call.event)
      child->registered.event = FC_NO_EVENT;
  }
}

int fc_call_in_child(const struct fc_program *p, struct fc_ref call) {
  return p->child_event[call.tu][call.event];
}

uint32_t fc_block_child_depth(const struct fc_program *p, uint32_t f, uint32_t b) {
  const uint8_t *depth = p->funcs.v[f].child_depth;
  return depth && b < fc_block_count(p, f) ? depth[b] : 0;
}

static void find_tu_mains(struct fc_program *p);
static void find_main_starts(struct fc_program *p);

void fc_threads_compute(struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n;
  find_tu_mains(p);
  p->thread_start = first_thread_start(p);
  find_main_starts(p);
  uint8_t *python = python_tus(p);
  for (uint32_t f = 0; f < n; f++)
    p->funcs.v[f].entry_evidence = entry_evidence(p, f, python);
  free(python);
  if (p->threads == FC_THREADS_NO) {
    for (uint32_t f = 0; f < n; f++)
      p->funcs.v[f].block_threads =
          fc_xcalloc(p->funcs.v[f].fn->block_count, sizeof(struct fc_evidence));
    return;
  }
  /* Every function once, then again whenever its entry state changes. Each
   * is queued at most once at a time: n live entries, plus up to n pushed by
   * one flow, fit in 3n after compacting at 2n. */
  struct entry_queue q = {p, fc_xmalloc((size_t)(3 * n + 1) * sizeof *q.v), 0, 0,
                          fc_xcalloc(n + 1, 1)};
  for (uint32_t f = 0; f < n; f++) {
    q.v[q.tail++] = f;
    q.queued[f] = 1;
  }
  while (q.head < q.tail) {
    uint32_t f = q.v[q.head++];
    q.queued[f] = 0;
    if (q.tail > n * 2) {
      memmove(q.v, q.v + q.head, (q.tail - q.head) * sizeof *q.v);
      q.tail -= q.head;
      q.head = 0;
    }
    flow_threads(p, f, &q);
  }
  free(q.v);
  free(q.queued);
}

/* Breadth-first down the calls from the functions queue[0..tail): every
 * function reached is marked in seen; direct calls only (the program), or
 * through pointers too and in the calling process only (its threads), or
 * in every process (DOWN_ALL: the program's threads). With `tus`, a call through a pointer reaches only functions of the files
 * tus marks. Returns the first call found that starts a thread (event
 * FC_NO_EVENT when none), the search going on to the end either way. */
enum { DOWN_PROCESS, DOWN_DIRECT, DOWN_ALL }; /* which calls reach_down_in follows */

static struct fc_ref reach_down_in(const struct fc_program *p, uint32_t *queue, uint32_t tail,
                                   uint8_t *seen, int mode, uint8_t *const *skip,
                                   const uint8_t *tus) {
  struct fc_ref found = {0, FC_NO_EVENT};
  for (uint32_t head = 0; head < tail; head++)
    FC_FOR_EACH_CALL(p, queue[head], ref) {
      if ((mode == DOWN_DIRECT    ? !fc_call_is_direct(p, ref)
           : mode == DOWN_PROCESS ? fc_call_in_child(p, ref)
                                  : 0) ||
          (skip && skip[ref.tu] && skip[ref.tu][ref.event]))
        continue;
      const struct fc_target *t;
      uint32_t k = fc_call_targets(p, ref, &t);
      int filtered = tus && !fc_call_is_direct(p, ref);
      if (found.event == FC_NO_EVENT && fc_call_target(p, ref).func < 0 &&
          fc_fact_call(p, FC_FACT_thread_start, ref))
        found = ref;
      for (uint32_t i = 0; i < k; i++)
        if (t[i].func >= 0 && !seen[t[i].func] &&
            !(filtered && !tus[p->funcs.v[t[i].func].tu])) {
          seen[t[i].func] = 1;
          queue[tail++] = (uint32_t)t[i].func;
        }
    }
  return found;
}

static struct fc_ref reach_down_but(const struct fc_program *p, uint32_t *queue, uint32_t tail,
                                    uint8_t *seen, int direct_only, uint8_t *const *skip) {
  return reach_down_in(p, queue, tail, seen, direct_only ? DOWN_DIRECT : DOWN_PROCESS, skip, NULL);
}

static struct fc_ref reach_down(const struct fc_program *p, uint32_t *queue, uint32_t tail,
                                uint8_t *seen, int direct_only) {
  return reach_down_but(p, queue, tail, seen, direct_only, NULL);
}

/* Per TU, the first main whose direct calls reach one of its functions (a
 * compile database often holds several programs, sharing files; calls
 * through pointers in a shared file reach every program's handlers). */
static void find_tu_mains(struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n;
  uint32_t *queue = fc_xmalloc((size_t)(n + 1) * sizeof *queue);
  uint8_t *seen = fc_xcalloc(n + 1, 1);
  p->tu_main = fc_xmalloc((size_t)(p->n_tus + 1) * sizeof *p->tu_main);
  for (uint32_t t = 0; t < p->n_tus; t++)
    p->tu_main[t] = -1;
  for (uint32_t m = 0; m < n; m++) {
    if (!(p->funcs.v[m].fn->flags & FC_FN_MAIN) || p->thread_start.event == FC_NO_EVENT)
      continue;
    memset(seen, 0, n);
    queue[0] = m;
    seen[m] = 1;
    reach_down(p, queue, 1, seen, 1);
    for (uint32_t g = 0; g < n; g++)
      if (seen[g] && p->tu_main[p->funcs.v[g].tu] < 0)
        p->tu_main[p->funcs.v[g].tu] = (int32_t)m;
  }
  free(queue);
  free(seen);
}

/* Per function, the files that take its address (a store of it, an
 * argument naming it, any use other than a call): addr_first[f] ..
 * addr_first[f + 1] into addr_tus. */
struct addr_index {
  uint32_t *first, *tus;
};

static void addr_index_build(const struct fc_program *p, struct addr_index *x) {
  uint32_t n = (uint32_t)p->funcs.n, total = 0;
  x->first = fc_xcalloc(n + 2, sizeof *x->first);
  for (int pass = 0; pass < 2; pass++) {
    uint32_t *fill = pass ? fc_xcalloc(n + 1, sizeof *fill) : NULL;
    for (uint32_t t = 0; t < p->n_tus; t++) {
      const struct fc_tu *tu = p->tus[t];
      for (size_t a = 0; a < tu->addr_taken.n + tu->fn_stores.n; a++) {
        uint32_t callee = a < tu->addr_taken.n ? tu->addr_taken.v[a]
                                               : tu->fn_stores.v[a - tu->addr_taken.n].callee;
        int32_t f = p->targets[t][callee].func;
        if (f < 0)
          continue;
        if (!pass)
          x->first[f + 1]++;
        else
          x->tus[x->first[f] + fill[f]++] = t;
      }
    }
    if (!pass) {
      for (uint32_t f = 0; f < n; f++)
        x->first[f + 1] += x->first[f];
      total = x->first[n];
      x->tus = fc_xmalloc((size_t)(total + 1) * sizeof *x->tus);
    }
    free(fill);
  }
}

/* Does a file main m's process reaches take g's address? */
static int addr_reached(const struct addr_index *x, const uint8_t *tus, uint32_t g) {
  for (uint32_t i = x->first[g]; i < x->first[g + 1]; i++)
    if (tus[x->tus[i]])
      return 1;
  return 0;
}

/* The functions whose address file t takes: released to the walk below
 * when they were candidates held back, now that t is reached. */
static uint32_t release_taken(const struct fc_program *p, uint32_t t, uint8_t *seen,
                              const uint8_t *held, uint32_t *queue, uint32_t tail, int all) {
  const struct fc_tu *tu = p->tus[t];
  for (size_t a = 0; a < tu->addr_taken.n + tu->fn_stores.n; a++) {
    uint32_t callee = a < tu->addr_taken.n ? tu->addr_taken.v[a]
                                           : tu->fn_stores.v[a - tu->addr_taken.n].callee;
    int32_t f = p->targets[t][callee].func;
    if (f >= 0 && (held[f] || all) && !seen[f]) {
      seen[f] = 1;
      queue[tail++] = (uint32_t)f;
    }
  }
  return tail;
}

/* The functions main m's process runs, in seen (calls made in a child's
 * code are the child's): direct calls, and through a pointer the
 * functions whose address a file it reaches takes -- the candidates of
 * another program of the database (varnishtest's event handlers, in the
 * event loop varnishd shares) are not its. A candidate held back is
 * released when a file that takes its address is reached later: one walk,
 * each function once. Returns the first call found that starts a thread.
 * With `whole`, the functions of m's program: its children's calls too, and
 * every function whose address a file it reaches takes (a thread's start
 * routine, a handler given to a library). */
static struct fc_ref process_reach(const struct fc_program *p, const struct addr_index *x,
                                   uint32_t m, uint32_t *queue, uint8_t *seen, uint8_t *tus,
                                   uint8_t *held, int whole) {
  uint32_t n = (uint32_t)p->funcs.n, tail = 0;
  struct fc_ref found = {0, FC_NO_EVENT};
  memset(tus, 0, p->n_tus);
  memset(seen, 0, n);
  memset(held, 0, n);
  queue[tail++] = m;
  seen[m] = 1;
  for (uint32_t head = 0; head < tail; head++) {
    uint32_t t = p->funcs.v[queue[head]].tu;
    if (!tus[t]) {
      tus[t] = 1;
      tail = release_taken(p, t, seen, held, queue, tail, whole);
    }
    FC_FOR_EACH_CALL(p, queue[head], ref) {
      if (!whole && fc_call_in_child(p, ref))
        continue;
      const struct fc_target *tg;
      uint32_t k = fc_call_targets(p, ref, &tg);
      if (found.event == FC_NO_EVENT && fc_call_target(p, ref).func < 0 &&
          fc_fact_call(p, FC_FACT_thread_start, ref))
        found = ref;
      for (uint32_t i = 0; i < k; i++) {
        int32_t g = tg[i].func;
        if (g < 0 || seen[g])
          continue;
        if (fc_call_is_direct(p, ref) || addr_reached(x, tus, (uint32_t)g)) {
          seen[g] = 1;
          queue[tail++] = (uint32_t)g;
        } else {
          held[g] = 1;
        }
      }
    }
  }
  return found;
}

/* The forks main m's process makes (process_reach), and whether it may
 * have started a thread: site_main 1, a main's process forks there; 2,
 * one that may have started a thread. varnishd's manager calls
 * child_main() only in the worker child it forks, and reaches
 * varnishtest's handlers only through the event loop both link. */
static void main_process_sites(struct fc_program *p, const struct addr_index *x, uint32_t m,
                               uint32_t *queue, uint8_t *seen, uint8_t *tus, uint8_t *held) {
  int threads = process_reach(p, x, m, queue, seen, tus, held, 0).event != FC_NO_EVENT;
  for (uint32_t i = 0; i < p->forks.n; i++)
    if (seen[p->forks.v[i].func] && p->site_main[i] < 1 + threads)
      p->site_main[i] = (uint8_t)(1 + threads);
}

/* The programs of the database, a bit each: the functions main m's program
 * runs, its children included, have bit `bit` in prog_mask. */
static void program_mask(struct fc_program *p, const struct addr_index *x, uint32_t m,
                         unsigned bit, uint32_t *queue, uint8_t *seen, uint8_t *tus,
                         uint8_t *held) {
  process_reach(p, x, m, queue, seen, tus, held, 1);
  for (uint32_t g = 0; g < p->funcs.n; g++)
    if (seen[g])
      p->prog_mask[g] |= (uint64_t)1 << bit;
}

/* The programs in which each function may start a thread (start_mask):
 * those that run it (prog_mask; none known: every one) and in which a call
 * it makes starts one, or reaches a function that does in the same
 * program. A call through a pointer in a file several programs share may
 * hold a handler of one program only (xrdp's trans_conn_in: the daemon's
 * listener starts a thread, sesexec's program never holds it). */
static void start_masks(struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n;
  uint64_t *m = fc_xcalloc(n + 1, sizeof *m);
  for (int changed = 1; changed;) {
    changed = 0;
    for (uint32_t g = 0; g < n; g++) {
      uint64_t runs = p->prog_mask[g] ? p->prog_mask[g] : ~(uint64_t)0, v = m[g];
      FC_FOR_EACH_CALL(p, g, ref) {
        if (v == runs)
          continue; /* every program that runs g already: nothing to learn */
        const struct fc_target *tg;
        uint32_t k = fc_call_targets(p, ref, &tg);
        if (fc_call_target(p, ref).func < 0 && fc_call_is_direct(p, ref) &&
            fc_fact_call(p, FC_FACT_thread_start, ref))
          v = runs;
        for (uint32_t i = 0; i < k && v != runs; i++)
          if (tg[i].func >= 0)
            v |= m[tg[i].func] & runs;
      }
      if (v != m[g]) {
        m[g] = v;
        changed = 1;
      }
    }
  }
  p->start_mask = m;
}

/* The programs in which call ref may start a thread (start_masks). */
static uint64_t call_start_mask(const struct fc_program *p, struct fc_ref ref) {
  if (fc_call_target(p, ref).func < 0 && fc_call_is_direct(p, ref))
    return ~(uint64_t)0;
  const struct fc_target *tg;
  uint32_t k = fc_call_targets(p, ref, &tg);
  uint64_t v = 0;
  for (uint32_t i = 0; i < k; i++)
    v |= tg[i].func >= 0 ? p->start_mask[tg[i].func] : ~(uint64_t)0;
  return v;
}

/* Each main's thread start, once, so that a fork in a file a main reaches
 * asks for it without a walk of its own; none to look for when the program
 * makes no thread start at all. A call through a pointer reaches only the
 * main's own files (those its direct calls reach) and files no main's
 * direct calls reach (a plugin's table): a command table in a file every
 * program shares holds every program's handlers (FRR's lib/command.c), but
 * in vtysh it runs vtysh's, and the daemons' thread starts are not vtysh's. */
static void find_main_starts(struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n;
  uint32_t *queue = fc_xmalloc((size_t)(n + 1) * sizeof *queue);
  uint8_t *seen = fc_xcalloc(n + 1, 1), *tus = fc_xcalloc(p->n_tus + 1, 1);
  uint8_t *own = fc_xcalloc(p->n_tus + 1, 1);
  p->main_start = fc_xmalloc((size_t)(n + 1) * sizeof *p->main_start);
  p->tu_threads = fc_xcalloc(p->n_tus + 1, 1);
  p->site_main = fc_xcalloc(p->forks.n + 1, 1);
  uint8_t *held = fc_xcalloc(n + 1, 1);
  struct addr_index x = {0};
  unsigned mains = 0;
  for (uint32_t m = 0; m < n; m++)
    mains += (p->funcs.v[m].fn->flags & FC_FN_MAIN) != 0;
  if (p->thread_start.event != FC_NO_EVENT || mains > 1)
    addr_index_build(p, &x);
  /* With two programs or more, which functions each runs: a thread start
   * is evidence in its own programs only (in_origin), and a global or
   * member another program reads is not this one's
   * (fc_funcs_share_program). */
  if (mains > 1) {
    p->prog_mask = fc_xcalloc(n + 1, sizeof *p->prog_mask);
    mains = 0;
    for (uint32_t m = 0; m < n; m++)
      if (p->funcs.v[m].fn->flags & FC_FN_MAIN)
        program_mask(p, &x, m, mains < 63 ? mains++ : 63, queue, seen, tus, held);
    if (p->thread_start.event != FC_NO_EVENT)
      start_masks(p);
  }
  for (uint32_t m = 0; m < n; m++) {
    p->main_start[m] = (struct fc_ref){0, FC_NO_EVENT};
    if (!(p->funcs.v[m].fn->flags & FC_FN_MAIN) || p->thread_start.event == FC_NO_EVENT)
      continue;
    memset(seen, 0, n);
    queue[0] = m;
    seen[m] = 1;
    reach_down(p, queue, 1, seen, 1);
    memset(own, 0, p->n_tus);
    for (uint32_t g = 0; g < n; g++)
      if (seen[g])
        own[p->funcs.v[g].tu] = 1;
    for (uint32_t t = 0; t < p->n_tus; t++)
      tus[t] = own[t] || p->tu_main[t] < 0;
    memset(seen, 0, n);
    queue[0] = m;
    seen[m] = 1;
    p->main_start[m] = reach_down_in(p, queue, 1, seen, DOWN_PROCESS, NULL, tus);
    memset(seen, 0, n);
    queue[0] = m;
    seen[m] = 1;
    int restricted = reach_down_in(p, queue, 1, seen, DOWN_ALL, NULL, tus).event != FC_NO_EVENT;
    memset(seen, 0, n);
    queue[0] = m;
    seen[m] = 1;
    int anywhere = reach_down_in(p, queue, 1, seen, DOWN_ALL, NULL, NULL).event != FC_NO_EVENT;
    /* No thread start only when the one the main reaches is another
     * program's; a main that reaches none at all (its threads start in
     * callbacks a library calls: sshfs's FUSE handlers) tells nothing. */
    if (restricted || !anywhere)
      for (uint32_t t = 0; t < p->n_tus; t++)
        p->tu_threads[t] |= own[t];
    main_process_sites(p, &x, m, queue, seen, tus, held);
  }
  free(queue);
  free(seen);
  free(tus);
  free(own);
  free(x.first);
  free(x.tus);
  free(held);
}

int fc_funcs_share_program(const struct fc_program *p, uint32_t f, uint32_t g) {
  return !p->prog_mask || !p->prog_mask[f] || !p->prog_mask[g] ||
         (p->prog_mask[f] & p->prog_mask[g]) != 0;
}

/* The root of the program f is in: its file's main, else the nearest
 * function above f that nothing calls. */
static uint32_t program_root(const struct fc_program *p, uint32_t f, uint32_t *queue,
                             uint8_t *seen) {
  if (p->tu_main[p->funcs.v[f].tu] >= 0)
    return (uint32_t)p->tu_main[p->funcs.v[f].tu];
  uint32_t tail = 0;
  queue[tail++] = f;
  seen[f] = 1;
  for (uint32_t head = 0; head < tail; head++) {
    uint32_t g = queue[head];
    if (p->callers_first[g] == p->callers_first[g + 1])
      return g;
    for (uint32_t e = p->callers_first[g]; e < p->callers_first[g + 1]; e++)
      if (!seen[p->callers[e].caller]) {
        seen[p->callers[e].caller] = 1;
        queue[tail++] = p->callers[e].caller;
      }
  }
  return f;
}

/* Is the call made in one of the functions marked in seen? */
static int call_in(const struct fc_program *p, const uint8_t *seen, struct fc_ref call) {
  for (uint32_t g = 0; g < p->funcs.n; g++)
    if (seen[g])
      FC_FOR_EACH_CALL(p, g, ref) {
        if (ref.tu == call.tu && ref.event == call.event)
          return 1;
      }
  return 0;
}

struct fc_ref fc_thread_start_for(const struct fc_program *p, uint32_t f, struct fc_ref also,
                                  int *reaches_also) {
  int32_t m = p->tu_main[p->funcs.v[f].tu];
  if (m >= 0 && also.event == FC_NO_EVENT) {
    if (reaches_also)
      *reaches_also = 0;
    return p->main_start[m];
  }
  uint32_t n = (uint32_t)p->funcs.n;
  uint32_t *queue = fc_xmalloc((size_t)(n + 1) * sizeof *queue);
  uint8_t *seen = fc_xcalloc(n + 1, 1);
  uint32_t root = program_root(p, f, queue, seen);
  memset(seen, 0, n);
  queue[0] = root;
  seen[root] = 1;
  struct fc_ref found = reach_down(p, queue, 1, seen, 0);
  if (reaches_also)
    *reaches_also = also.event != FC_NO_EVENT && call_in(p, seen, also);
  free(queue);
  free(seen);
  return found;
}

/* In the program's root (main), the calls on paths that never come to the
 * fork: those in blocks that reach no call of a function leading to it
 * (nbd-server's inetd mode starts its threads and returns from main before
 * the accept loop). They are added to skip. */
static void skip_after_fork(const struct fc_program *p, uint32_t f, uint32_t root,
                            uint8_t **skip, uint32_t *queue, uint8_t *seen) {
  uint32_t n = (uint32_t)p->funcs.n, tail = 0, rtu = p->funcs.v[root].tu;
  memset(seen, 0, n);
  queue[tail++] = f;
  seen[f] = 1;
  fc_mark_callers(p, queue, tail, seen);
  if (root == f || !seen[root])
    return;
  uint32_t nb = fc_block_count(p, root);
  uint8_t *leads = fc_xcalloc(nb + 1, 1);
  uint32_t *blocks = fc_xmalloc((size_t)(nb + 1) * sizeof *blocks);
  tail = 0;
  for (uint32_t b = 0; b < nb; b++)
    for (uint32_t i = 0; i < fc_event_count(p, root, b) && !leads[b]; i++) {
      struct fc_ref ref = fc_block_event(p, root, b, i);
      const struct fc_target *t;
      uint32_t k = fc_event_at(p, ref)->kind == FC_EV_CALL ? fc_call_targets(p, ref, &t) : 0;
      for (uint32_t j = 0; j < k && !leads[b]; j++)
        if (t[j].func >= 0 && seen[t[j].func]) {
          leads[b] = 1;
          blocks[tail++] = b;
        }
    }
  for (uint32_t head = 0; head < tail; head++)
    for (uint32_t k = 0; k < fc_pred_count(p, root, blocks[head]); k++) {
      uint32_t b = fc_pred(p, root, blocks[head], k);
      if (b < nb && !leads[b]) {
        leads[b] = 1;
        blocks[tail++] = b;
      }
    }
  for (uint32_t b = 0; b < nb; b++) {
    if (leads[b])
      continue;
    if (!skip[rtu])
      skip[rtu] = fc_xcalloc(p->tus[rtu]->events.n + 1, 1);
    for (uint32_t i = 0; i < fc_event_count(p, root, b); i++)
      skip[rtu][fc_block_event(p, root, b, i).event] = 1;
  }
  free(blocks);
  free(leads);
}

/* A fork under a mode (`if (!dontfork) pid = fork();`, dontfork a settled
 * global) whose child shares its code with the mode that does not fork:
 * a thread that code starts -- the connection's thread pool -- runs in the
 * child, or in a process that never forks here (nbd-server's -d). Is every
 * thread start of the program there (fc_region_mode_only), in a child that
 * never returns, or in the root's code that never comes to the fork
 * (skip_after_fork)? Elsewhere the search is flow-insensitive: any other
 * thread start the root reaches keeps the evidence. */
static int only_mode_threads(const struct fc_program *p, const struct fc_fork_site *s) {
  uint32_t n = (uint32_t)p->funcs.n, tu = p->funcs.v[s->func].tu;
  uint8_t **skip = fc_xcalloc(p->n_tus + 1, sizeof *skip);
  struct fc_region r;
  int mode = 0;
  fc_region_compute(p, s, &r);
  for (uint32_t b = 0; b < fc_block_count(p, s->func); b++) {
    if (!fc_region_mode_only(p, &r, b))
      continue;
    mode |= fc_region_unforked(&r, b);
    if (!skip[tu])
      skip[tu] = fc_xcalloc(p->tus[tu]->events.n + 1, 1);
    for (uint32_t i = 0; i < fc_event_count(p, s->func, b); i++)
      skip[tu][fc_block_event(p, s->func, b, i).event] = 1;
  }
  fc_region_free(&r);
  int single = 0;
  if (mode) {
    /* Only where the fork's own function is reached from the root in the
     * root's process: a fork made in another fork's child has that
     * child's threads (the flow of fc_threads_compute knows them). */
    uint32_t *queue = fc_xmalloc((size_t)(n + 1) * sizeof *queue);
    uint8_t *seen = fc_xcalloc(n + 1, 1);
    uint32_t root = program_root(p, s->func, queue, seen);
    skip_after_fork(p, s->func, root, skip, queue, seen);
    memset(seen, 0, n);
    queue[0] = root;
    seen[root] = 1;
    single = reach_down_but(p, queue, 1, seen, 0, skip).event == FC_NO_EVENT && seen[s->func];
    free(queue);
    free(seen);
  }
  for (uint32_t t = 0; t < p->n_tus; t++)
    free(skip[t]);
  free(skip);
  return single;
}

/* A daemon made by a library (no main: threads are a hypothesis about its
 * unknown host) has the calling thread alone and goes on as if it were the
 * whole program, which works only in a host with no other thread: hosts
 * daemonize before they start any (libdaemon's daemon_fork()). */
void fc_threads_modes_compute(struct fc_program *p) {
  p->site_mode_single = fc_xcalloc(p->forks.n + 1, 1);
  if (p->threads == FC_THREADS_NO)
    return;
  for (uint32_t i = 0; i < p->forks.n; i++) {
    const struct fc_fork_site *s = &p->forks.v[i];
    struct fc_evidence why;
    if (!fc_threads_at(p, s, &why))
      continue;
    p->site_mode_single[i] =
        ((why.kind == FC_EVID_THREAD_START || why.kind == FC_EVID_CALLBACK) &&
         only_mode_threads(p, s)) ||
        (why.kind == FC_EVID_NO_MAIN && fc_region_makes_daemon(p, s));
  }
}

/* Is the call made in the child alone of fork site s (a block of s's
 * function that only its child runs)? */
static int in_site_child(const struct fc_program *p, const struct fc_fork_site *s,
                         const struct fc_region *r, struct fc_ref call) {
  if (call.tu != p->funcs.v[s->func].tu || !fc_call_in_child(p, call))
    return 0;
  for (uint32_t b = 0; b < fc_block_count(p, s->func); b++)
    if (fc_region_child_only(r, b))
      for (uint32_t i = 0; i < fc_event_count(p, s->func, b); i++)
        if (fc_block_event(p, s->func, b, i).event == call.event)
          return 1;
  return 0;
}

/* Was the thread of evidence e started in fork s's own child, which never
 * returns: by a call in its code, or in a function called only there
 * (varnishd's worker: child_main() starts the threads, and the worker's CLI
 * dispatch, through a table of one type with the manager's, is taken to
 * lead back to the manager's 'start' command and this fork)? The child's
 * threads run in the child; they come back to the fork that made it only
 * through a cycle of calls that a pointer's candidates made up. */
static int own_child_thread(const struct fc_program *p, const struct fc_fork_site *s,
                            const struct fc_evidence *e) {
  if (e->kind != FC_EVID_THREAD_START || e->at.event == FC_NO_EVENT || e->func < 0 ||
      s->child >= 0)
    return 0;
  uint32_t g = (uint32_t)e->func;
  /* The cheap tests first: the site's region is computed only when every
   * call that matters is in the site's function, in a child's code. */
  if (g == s->func ? !fc_call_in_child(p, e->at)
                   : fc_func_address_taken(p, g) || !fc_caller_count(p, g))
    return 0;
  for (uint32_t k = 0; g != s->func && k < fc_caller_count(p, g); k++) {
    struct fc_caller c = fc_caller_at(p, g, k);
    if (c.caller != s->func || !fc_call_in_child(p, c.call))
      return 0;
  }
  struct fc_region r;
  fc_region_compute(p, s, &r);
  int own = 1;
  if (g == s->func)
    own = in_site_child(p, s, &r, e->at);
  for (uint32_t k = 0; g != s->func && k < fc_caller_count(p, g) && own; k++)
    own = in_site_child(p, s, &r, fc_caller_at(p, g, k).call);
  fc_region_free(&r);
  return own;
}

int fc_threads_at(const struct fc_program *p, const struct fc_fork_site *s,
                  struct fc_evidence *why) {
  const struct fc_pfunc *pf = &p->funcs.v[s->func];
  if (p->threads == FC_THREADS_NO || !pf->block_threads)
    return 0;
  if (p->site_mode_single && s >= p->forks.v && s < p->forks.v + p->forks.n &&
      p->site_mode_single[s - p->forks.v])
    return 0;
  struct fc_evidence e =
      run_threads(p, NULL, s->func, s->block, s->index, pf->block_threads[s->block]);
  if (e.kind == FC_EVID_NONE)
    return 0;
  /* A callback is evidence only with a thread start in the same program:
   * one that a root reaching the fork reaches too. A thread start the
   * fork's function is called after (its flow is every program's at once)
   * is none when every main whose direct calls reach the fork's file
   * reaches a thread start only through another program's files. */
  int site_main = p->site_main && s >= p->forks.v && s < p->forks.v + p->forks.n
                      ? p->site_main[s - p->forks.v]
                      : 0;
  if (e.kind == FC_EVID_CALLBACK &&
      (site_main ? site_main == 1
                 : fc_thread_start_for(p, s->func, (struct fc_ref){0, FC_NO_EVENT}, NULL).event ==
                       FC_NO_EVENT))
    return 0;
  if (e.kind == FC_EVID_THREAD_START && p->tu_main[pf->tu] >= 0 && !p->tu_threads[pf->tu])
    return 0;
  /* Kept when the program starts a thread in the forking process too:
   * the flow keeps one evidence per place, and another may stand behind. */
  if (own_child_thread(p, s, &e)) {
    struct fc_ref other = fc_thread_start_for(p, s->func, (struct fc_ref){0, FC_NO_EVENT}, NULL);
    if (other.event == FC_NO_EVENT || (other.tu == e.at.tu && other.event == e.at.event) ||
        fc_call_in_child(p, other))
      return 0;
  }
  *why = e;
  return 1;
}

/* ---- pools drained by a counter ---------------------------------------- */

/* The member or global (its storage) that event ref counts down, or NULL:
 * `w->alive--`, `w->alive -= 1`. */
static const char *counts_down(const struct fc_program *p, uint32_t f, struct fc_ref ref) {
  const struct fc_event *ev = fc_event_at(p, ref);
  struct fc_arg a;
  if (ev->kind != FC_EV_ASSIGN || ev->var < 0 || !fc_event_value(p, ref, &a) ||
      a.kind != FC_ARG_VAR_PLUS || a.var != ev->var || a.value >= 0 ||
      !(fc_var_flags(p, f, ev->var) & (FC_VAR_GLOBAL | FC_VAR_MEMORY)))
    return NULL;
  return fc_var_storage(p, f, ev->var);
}

/* An edge back into the block the search started from: it comes back. */
static int back_to_start(void *ctx, uint32_t b, uint32_t e, uint32_t t, int seen) {
  (void)b;
  (void)e;
  (void)seen;
  return t == *(const uint32_t *)ctx ? FC_DFS_STOP : FC_DFS_FOLLOW;
}

/* Can block b of f come back to itself? */
static int in_loop(const struct fc_program *p, uint32_t f, uint32_t b) {
  struct fc_dfs d = {p, f, NULL, back_to_start, &b};
  return fc_dfs_run(&d, b);
}

/* A thread pool's threads count themselves out of a member as they end
 * (pgmoneta's and pgagroal's worker_do(): `workers->number_of_alive--`
 * last), and a function that loops until that member is 0 (their
 * workers_destroy(): `while (workers->number_of_alive) { post; sleep; }`)
 * waits for them as pthread_join() would: its calls join (fact
 * thread_join). The counters: those the functions handed to a thread
 * start count down; the loops: tests of one of them against 0 in a block
 * that comes back to itself. */
void fc_pool_drains_compute(struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n;
  uint8_t *routine = fc_xcalloc(n + 1, 1);
  for (uint32_t f = 0; f < n; f++)
    FC_FOR_EACH_CALL(p, f, ref) {
      if (!(fc_call_kinds(p, ref, NULL) & FC_K_THREAD_START))
        continue;
      const struct fc_arg *a;
      for (uint32_t i = 0; (a = fc_call_arg(p, ref, i)) != NULL; i++) {
        int32_t g = fc_arg_func(p, ref, a);
        if (g >= 0)
          routine[g] = 1;
      }
    }
  FC_VEC(const char *) counters = {0};
  for (uint32_t g = 0; g < n; g++)
    for (uint32_t b = 0; routine[g] && b < fc_block_count(p, g); b++)
      for (uint32_t i = 0; i < fc_event_count(p, g, b); i++) {
        const char *s = counts_down(p, g, fc_block_event(p, g, b, i));
        if (s)
          fc_vec_push(&counters, s);
      }
  for (uint32_t f = 0; counters.n && f < n; f++)
    for (uint32_t b = 0; !p->funcs.v[f].drains && b < fc_block_count(p, f); b++)
      for (uint32_t e = 0; e < fc_succ_count(p, f, b); e++) {
        const struct fc_edge *ed = fc_succ_edge(p, f, b, e);
        const char *s = ed->var >= 0 ? fc_var_storage(p, f, ed->var) : NULL;
        if (!s || ed->value != 0 || (ed->test != FC_T_EQ && ed->test != FC_T_NE))
          continue;
        int counted = 0;
        for (size_t k = 0; k < counters.n && !counted; k++)
          counted = !strcmp(counters.v[k], s);
        if (counted && in_loop(p, f, b)) {
          p->funcs.v[f].drains = 1;
          break;
        }
      }
  fc_vec_free(&counters);
  free(routine);
}
