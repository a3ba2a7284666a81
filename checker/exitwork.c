/*
 * The exit_work fact: the work exit() does in a process besides ending it,
 * as the program a function is in registers it -- a handler handed to
 * atexit() and the like (data/functions.def), a function declared
 * __attribute__((destructor)), the C++ objects of static storage whose
 * classes have destructors, the interpreter of a file that includes
 * Python.h. A compile database often holds several programs: a function's
 * program is what each main reaches through calls (through pointers too);
 * a function that no main reaches takes its file's program (a signal
 * handler in init.c is init's, not sulogin's), and one in a file no main
 * reaches takes what the whole database registers.
 * Each main's reach is walked once: cost is mains times the program.
 */
#include "facts.h"
#include "program.h"

#include "knowledge.h"

#include <stdlib.h>
#include <string.h>

/* Does handler h ask which process it runs in (getpid())? Then it acts
 * for the process that registered it, not for a forked child's copy
 * (OpenSMTPD's pidfile_cleanup(), firejail's run files named by the pid). */
static int knows_own_process(const struct fc_program *p, int32_t h) {
  if (h < 0)
    return 0;
  FC_FOR_EACH_CALL(p, (uint32_t)h, ref) {
    if (fc_call_target(p, ref).func < 0 && (fc_call_kinds(p, ref, NULL) & FC_K_OWN_PID))
      return 1;
  }
  return 0;
}

/* Does handler h call only functions that `listed` names, itself and
 * through the functions of the program it calls (those that only give
 * back what the process holds taken as listed when `releasing` is set)? */
static int calls_only(const struct fc_program *p, int32_t h, int (*listed)(const char *name),
                      int releasing) {
  enum { LIMIT = 64 };
  uint32_t queue[LIMIT], tail = 0;
  if (h < 0)
    return 0;
  queue[tail++] = (uint32_t)h;
  for (uint32_t head = 0; head < tail; head++)
    FC_FOR_EACH_CALL(p, queue[head], ref) {
      int32_t g = fc_call_target(p, ref).func;
      if (!fc_call_is_direct(p, ref))
        return 0;
      if (g < 0) {
        if (!listed(fc_callee_name(p, ref)))
          return 0;
        continue;
      }
      int seen = 0;
      for (uint32_t i = 0; i < tail && !seen; i++)
        seen = queue[i] == (uint32_t)g;
      if (seen || (releasing && p->funcs.v[g].release_only))
        continue;
      if (tail == LIMIT)
        return 0;
      queue[tail++] = (uint32_t)g;
    }
  return 1;
}

/* Does handler h only flush and close the standard streams (util-linux's
 * and gnulib's close_stdout(): data/stream-only.def), itself and through
 * the functions of the program it calls? In a child that is what exit()'s
 * own flush of the copied buffers does, which is weighed by itself. */
static int only_streams(const struct fc_program *p, int32_t h) {
  return calls_only(p, h, fc_knowledge_stream_only, 0);
}

static int memory_only(const char *name) {
  return fc_knowledge_release_only(name) || fc_knowledge_memory_only(name);
}

/* Does handler h only give back what the process holds (free(), close(),
 * or functions of the program that call nothing else: OpenRC's
 * free_rc_dirs(), rc_stringlist_free()), or call nothing at all? Or does
 * it, itself and through the functions of the program it calls, call only
 * such functions and those that touch only the memory they are given or
 * wait (data/memory-only.def: pgmoneta's destructor wipes its key caches
 * with OPENSSL_cleanse() and frees them)? In the child it works on the
 * child's own copy, and nothing outside the process changes. */
static int gives_back_only(const struct fc_program *p, int32_t h) {
  return h >= 0 && (p->funcs.v[h].release_only || !p->funcs.v[h].calls_count ||
                    calls_only(p, h, memory_only, 1));
}

/* Is handler h no exit-time work in a forked child: it acts for its own
 * process only, flushes and closes the standard streams only, or works
 * on the process's own memory only? */
static int harmless_handler(const struct fc_program *p, int32_t h) {
  return knows_own_process(p, h) || only_streams(p, h) || gives_back_only(p, h);
}

/* The handler a registration hands over, or -1. */
static int32_t handler_of(const struct fc_program *p, struct fc_ref ref) {
  int arg;
  fc_call_kinds(p, ref, &arg);
  const struct fc_arg *a = arg < 0 ? NULL : fc_call_arg(p, ref, (uint32_t)arg);
  return a ? fc_arg_func(p, ref, a) : -1;
}

/* Does the call register exit-time work? One made in a forked child alone
 * is that child's own handler, not one its siblings inherit; a handler
 * that knows its own process does nothing for another. */
static int registration(const struct fc_program *p, struct fc_ref ref) {
  int arg;
  if (fc_call_target(p, ref).func >= 0 || !(fc_call_kinds(p, ref, &arg) & FC_K_ATEXIT) ||
      fc_call_in_child(p, ref))
    return 0;
  const struct fc_arg *a = arg < 0 ? NULL : fc_call_arg(p, ref, (uint32_t)arg);
  int32_t h = a ? fc_arg_func(p, ref, a) : -1;
  /* A function of the C library registered itself (earlyoom's
   * atexit(closelog)): one of data/release-only.def gives back what the
   * child's copy holds. */
  if (h < 0 && a && a->kind == FC_ARG_FUNC) {
    const struct fc_tu *tu = p->tus[ref.tu];
    if (fc_knowledge_release_only(fc_str(&tu->strs, tu->callees.v[a->value].name)))
      return 0;
  }
  return !harmless_handler(p, h);
}

/* The first call among f's that registers exit-time work, in a block its
 * entry reaches (`if (ENABLE_CLEAN_UP) atexit(...)` with the macro 0 is
 * none); kind FC_EXITW_NONE: none. */
static struct fc_exit_work registers(const struct fc_program *p, uint32_t f) {
  struct fc_exit_work none = {FC_EXITW_NONE, {0, FC_NO_EVENT}, -1};
  if (fc_func_call_count(p, f) == 0)
    return none;
  uint32_t n = fc_block_count(p, f), tail = 0;
  uint32_t *queue = fc_xmalloc((size_t)(n + 1) * sizeof *queue);
  uint8_t *seen = fc_xcalloc(n + 1, 1);
  queue[tail++] = FC_ENTRY;
  seen[FC_ENTRY] = 1;
  for (uint32_t head = 0; head < tail && none.kind == FC_EXITW_NONE; head++) {
    uint32_t b = queue[head];
    for (uint32_t i = 0; i < fc_event_count(p, f, b) && none.kind == FC_EXITW_NONE; i++) {
      struct fc_ref ref = fc_block_event(p, f, b, i);
      if (fc_event_at(p, ref)->kind == FC_EV_CALL && registration(p, ref))
        none = (struct fc_exit_work){FC_EXITW_CALL, ref, (int32_t)f};
    }
    for (uint32_t e = 0; e < fc_succ_count(p, f, b); e++) {
      uint32_t t = fc_succ(p, f, b, e);
      if (t < n && !seen[t]) {
        seen[t] = 1;
        queue[tail++] = t;
      }
    }
  }
  free(queue);
  free(seen);
  return none;
}

/* Is f defined in its TU's own file (not in a header it includes)? */
static int in_main_file(const struct fc_program *p, uint32_t f) {
  const struct fc_pfunc *pf = &p->funcs.v[f];
  return !strcmp(fc_pstr(p, pf->tu, pf->fn->loc.file), p->tus[pf->tu]->path);
}

/* Per TU: a destructor function (one that does work: harmless_handler),
 * else the file's C++ or Python.h (named by a function of the file itself
 * where it has one). */
static struct fc_exit_work *tu_work(const struct fc_program *p) {
  struct fc_exit_work *w = fc_xcalloc(p->n_tus + 1, sizeof *w);
  for (uint32_t f = 0; f < p->funcs.n; f++) {
    const struct fc_pfunc *pf = &p->funcs.v[f];
    uint32_t flags = p->tus[pf->tu]->flags;
    int destructor = (pf->fn->flags & FC_FN_DESTRUCTOR) && !harmless_handler(p, (int32_t)f);
    uint8_t kind = destructor                         ? FC_EXITW_DESTRUCTOR
                   : (flags & FC_TU_STATIC_DTORS)     ? FC_EXITW_STATIC_OBJECTS
                   : (flags & FC_TU_PYTHON)           ? FC_EXITW_PYTHON
                                                      : FC_EXITW_NONE;
    struct fc_exit_work *old = &w[pf->tu];
    if (kind != FC_EXITW_NONE &&
        (old->kind == FC_EXITW_NONE ||
         (kind == FC_EXITW_DESTRUCTOR && old->kind != FC_EXITW_DESTRUCTOR) ||
         (old->kind != FC_EXITW_DESTRUCTOR && !in_main_file(p, (uint32_t)old->func))))
      *old = (struct fc_exit_work){kind, {0, FC_NO_EVENT}, (int32_t)f};
  }
  return w;
}

/* The work of the functions marked in seen: a registration first, else
 * what their files do. */
static struct fc_exit_work work_of(const struct fc_program *p, const uint8_t *seen,
                                   const struct fc_exit_work *by_tu) {
  struct fc_exit_work found = {FC_EXITW_NONE, {0, FC_NO_EVENT}, -1};
  for (uint32_t f = 0; f < p->funcs.n && found.kind != FC_EXITW_CALL; f++) {
    if (!seen[f])
      continue;
    struct fc_exit_work w = registers(p, f);
    if (w.kind == FC_EXITW_NONE && found.kind == FC_EXITW_NONE)
      w = by_tu[p->funcs.v[f].tu];
    if (w.kind != FC_EXITW_NONE)
      found = w;
  }
  return found;
}

/* Marks in seen what main m reaches through calls, directly or through
 * pointers, and what the constructor functions of the files it reaches do
 * before it runs (sulogin's getmounts() registers atexit(putmounts)). */
static void reach_from(const struct fc_program *p, uint32_t m, uint32_t *queue, uint8_t *seen) {
  uint32_t n = (uint32_t)p->funcs.n, tail = 0;
  memset(seen, 0, n);
  queue[0] = m;
  seen[m] = 1;
  fc_mark_callees(p, queue, 1, seen);
  uint8_t *tus = fc_xcalloc(p->n_tus + 1, 1);
  for (uint32_t g = 0; g < n; g++)
    if (seen[g])
      tus[p->funcs.v[g].tu] = 1;
  for (uint32_t g = 0; g < n; g++)
    if ((p->funcs.v[g].fn->flags & FC_FN_CONSTRUCTOR) && tus[p->funcs.v[g].tu] && !seen[g]) {
      seen[g] = 1;
      queue[tail++] = g;
    }
  if (tail)
    fc_mark_callees(p, queue, tail, seen);
  free(tus);
}

void fc_exit_work_compute(struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n;
  struct fc_exit_work *by_tu = tu_work(p);
  uint32_t *queue = fc_xmalloc((size_t)(n + 1) * sizeof *queue);
  uint8_t *seen = fc_xmalloc(n + 1), *in_program = fc_xcalloc(n + 1, 1);
  /* Per TU, the work of the programs whose mains reach one of its functions:
   * a signal handler no main calls is its own file's program's. */
  struct fc_exit_work *file_work = fc_xcalloc(p->n_tus + 1, sizeof *file_work);
  uint8_t *file_in = fc_xcalloc(p->n_tus + 1, 1);
  p->exit_work = fc_xcalloc(n + 1, sizeof *p->exit_work);
  for (uint32_t m = 0; m < n; m++) {
    if (!(p->funcs.v[m].fn->flags & FC_FN_MAIN))
      continue;
    reach_from(p, m, queue, seen);
    struct fc_exit_work w = work_of(p, seen, by_tu);
    for (uint32_t g = 0; g < n; g++) {
      if (!seen[g])
        continue;
      uint32_t t = p->funcs.v[g].tu;
      if (!file_in[t] || file_work[t].kind == FC_EXITW_NONE)
        file_work[t] = w;
      file_in[t] = 1;
      if (!in_program[g] || p->exit_work[g].kind == FC_EXITW_NONE) {
        p->exit_work[g] = w;
        in_program[g] = 1;
      }
    }
  }
  memset(seen, 1, n);
  struct fc_exit_work all = work_of(p, seen, by_tu);
  for (uint32_t g = 0; g < n; g++)
    if (!in_program[g])
      p->exit_work[g] = file_in[p->funcs.v[g].tu] ? file_work[p->funcs.v[g].tu] : all;
  free(file_work);
  free(file_in);
  p->exit_by_tu = by_tu;
  free(queue);
  free(seen);
  free(in_program);
}

void fc_exit_work_free(struct fc_program *p) {
  free(p->exit_work);
  free(p->exit_by_tu);
  p->exit_work = NULL;
  p->exit_by_tu = NULL;
}

struct before {
  const struct fc_program *p;
  uint8_t *seen;     /* functions that may run before the fork */
  uint8_t *chain;    /* functions on the way from a root to the fork */
  uint32_t *queue;   /* for fc_mark_callees */
  uint32_t tail;
  struct fc_ref reg; /* a registration found on the chain */
  int32_t reg_func; /* the function that makes it */
  int unsure;
};

/* The calls of f that may come before event i of block b (before it in
 * its block, in a block that leads to b, or anywhere on a loop through
 * b): a registration ends the search; the others' targets may run before. */
static void calls_before(struct before *w, uint32_t f, uint32_t b, uint32_t i) {
  const struct fc_program *p = w->p;
  uint32_t nb = fc_block_count(p, f);
  uint8_t *leads = fc_xcalloc(nb + 1, 1);
  fc_mark_leading_to(p, f, leads, b);
  int loop = 0;
  for (uint32_t e = 0; e < fc_succ_count(p, f, b); e++)
    loop |= fc_succ(p, f, b, e) < nb && leads[fc_succ(p, f, b, e)];
  for (uint32_t a = 0; a < nb && w->reg.event == FC_NO_EVENT; a++) {
    if (!leads[a])
      continue;
    for (uint32_t j = 0; j < fc_event_count(p, f, a); j++) {
      if (a == b && j >= i && !loop)
        break;
      struct fc_ref ref = fc_block_event(p, f, a, j);
      /* the child's own code, in its process, on a loop round the fork */
      if (fc_event_at(p, ref)->kind != FC_EV_CALL || fc_call_in_child(p, ref))
        continue;
      if (registration(p, ref)) {
        w->reg = ref;
        w->reg_func = (int32_t)f;
        break;
      }
      const struct fc_target *t;
      uint32_t k = fc_call_targets(p, ref, &t);
      for (uint32_t m = 0; m < k; m++)
        if (t[m].func >= 0 && !w->seen[t[m].func]) {
          w->seen[t[m].func] = 1;
          w->queue[w->tail++] = (uint32_t)t[m].func;
        }
    }
  }
  free(leads);
}

/* Up the callers from f, where the way to the fork is at event i of block
 * b: what may run before it in each. */
static void before_in(struct before *w, uint32_t f, uint32_t b, uint32_t i, int depth) {
  const struct fc_program *p = w->p;
  calls_before(w, f, b, i);
  if (w->reg.event != FC_NO_EVENT || w->unsure || w->chain[f])
    return;
  w->chain[f] = 1;
  if (fc_func_is_main(p, f))
    return;
  if (p->funcs.v[f].address_taken || fc_caller_count(p, f) == 0 || depth > 64) {
    w->unsure = 1;
    return;
  }
  for (uint32_t k = 0; k < fc_caller_count(p, f) && !w->unsure; k++) {
    struct fc_caller c = fc_caller_at(p, f, k);
    uint32_t cb, ci;
    if (!fc_event_place(p, c.caller, c.call, &cb, &ci)) {
      w->unsure = 1;
      return;
    }
    before_in(w, c.caller, cb, ci, depth + 1);
    if (w->reg.event != FC_NO_EVENT)
      return;
  }
}

struct fc_exit_work fc_exit_work_at(const struct fc_program *p, const struct fc_fork_site *s) {
  struct fc_exit_work all = fc_exit_work_for(p, s->func);
  if (all.kind != FC_EXITW_CALL)
    return all;
  uint32_t n = (uint32_t)p->funcs.n;
  struct before w = {p, fc_xcalloc(n + 1, 1), fc_xcalloc(n + 1, 1),
                     fc_xmalloc((size_t)(n + 1) * sizeof *w.queue), 0, {0, FC_NO_EVENT}, -1, 0};
  /* Another program's functions are fenced off: a callback setter of a
   * library every program of the database calls holds each one's
   * callbacks, and in this process the call runs this program's. */
  uint8_t *fence = fc_xcalloc(n + 1, 1);
  for (uint32_t f = 0; f < n; f++)
    if (!fc_funcs_share_program(p, s->func, f))
      fence[f] = w.seen[f] = 1;
  before_in(&w, s->func, s->block, s->index, 0);
  struct fc_exit_work found = all;
  if (w.reg.event != FC_NO_EVENT) {
    found = (struct fc_exit_work){FC_EXITW_CALL, w.reg, w.reg_func};
  } else if (!w.unsure) {
    for (uint32_t f = 0; f < n; f++)
      if ((p->funcs.v[f].fn->flags & FC_FN_CONSTRUCTOR) && !w.seen[f]) {
        w.seen[f] = 1;
        w.queue[w.tail++] = f;
      }
    fc_mark_callees(p, w.queue, w.tail, w.seen);
    for (uint32_t f = 0; f < n; f++)
      if (fence[f])
        w.seen[f] = 0;
    /* the functions on the way ran only up to the call that leads on (their
     * registrations were judged there); their files' work counts */
    for (uint32_t f = 0; f < n; f++)
      if (w.chain[f] && w.seen[f])
        w.chain[f] = 0;
    found = work_of(p, w.seen, p->exit_by_tu);
    w.chain[s->func] = 1;
    for (uint32_t f = 0; f < n && found.kind == FC_EXITW_NONE; f++)
      if (w.chain[f])
        found = p->exit_by_tu[p->funcs.v[f].tu];
  } else if (p->prog_mask && p->prog_mask[s->func]) {
    /* Unsure what ran before: what the fork's programs may do, not what
     * every main that reaches its function does through the others'
     * callbacks. */
    for (uint32_t f = 0; f < n; f++)
      w.seen[f] = !fence[f];
    found = work_of(p, w.seen, p->exit_by_tu);
  }
  free(fence);
  free(w.seen);
  free(w.chain);
  free(w.queue);
  return found;
}

/* Does a path from block b of f reach f's end with no event on the way? */
static int ends_at_once(const struct fc_program *p, uint32_t f, uint32_t b) {
  for (int depth = 0; depth < 8; depth++) {
    if (b == FC_EXIT)
      return 1;
    if (b >= fc_block_count(p, f) || fc_event_count(p, f, b) || fc_succ_count(p, f, b) != 1)
      return 0;
    b = fc_succ(p, f, b, 0);
  }
  return 0;
}

/* The storage of the global or member handler h tests first, when the way
 * where it is 0 (`== 0`, or not `!= 0`) goes to h's end at once. */
static const char *guard_storage(const struct fc_program *p, int32_t h) {
  if (h < 0)
    return NULL;
  uint32_t f = (uint32_t)h, b = FC_ENTRY;
  for (int depth = 0; depth < 8 && fc_event_count(p, f, b) == 0 && fc_succ_count(p, f, b) == 1;
       depth++)
    b = fc_succ(p, f, b, 0);
  if (fc_event_count(p, f, b) != 0 || fc_succ_count(p, f, b) != 2)
    return NULL;
  const struct fc_edge *e0 = fc_succ_edge(p, f, b, 0), *e1 = fc_succ_edge(p, f, b, 1);
  if (e0->var < 0 || e0->var != e1->var ||
      !(fc_var_flags(p, f, e0->var) & (FC_VAR_GLOBAL | FC_VAR_MEMORY)))
    return NULL;
  for (int k = 0; k < 2; k++) {
    const struct fc_edge *e = k ? e1 : e0;
    /* the way a 0 takes, and only a 0 of the values the other way excludes */
    if (fc_test_holds(e->test, 0, e->value) && ends_at_once(p, f, e->target) &&
        !fc_test_holds((k ? e0 : e1)->test, 0, (k ? e0 : e1)->value))
      return fc_var_storage(p, f, e0->var);
  }
  return NULL;
}

const char *fc_exit_work_guard(const struct fc_program *p, const struct fc_exit_work *w) {
  if (w->kind != FC_EXITW_CALL)
    return NULL;
  int32_t h = handler_of(p, w->at);
  for (uint32_t t = 0; t < p->n_tus; t++)
    if (p->exit_by_tu[t].kind != FC_EXITW_NONE)
      return NULL;
  /* no other handler anywhere in the program */
  for (uint32_t i = 0; i < fc_call_count(p); i++) {
    struct fc_ref c = fc_call_at(p, i);
    if (registration(p, c) && handler_of(p, c) != h)
      return NULL;
  }
  return guard_storage(p, h);
}

struct fc_exit_work fc_exit_work_for(const struct fc_program *p, uint32_t f) {
  fc_fact_check(p, FC_FACT_exit_work);
  return p->exit_work[f];
}
