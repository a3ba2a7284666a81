/*
 * The facts of the link (facts.def): each FC_REACH fact breadth-first up the
 * call graph from the functions that make the call themselves, so chains
 * are short and cycles end.
 */
#include "facts.h"
#include "program.h"
#include "unflushed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How a reach fact passes up the calls: not through calls made in a child
 * alone (FC_HERE), not through calls through pointers (FC_NAMED), not
 * through calls made only when an allocation failed (FC_USUAL), not through
 * calls of a failed assertion's handler (FC_SOUND, fc_call_crash_only: what
 * it does on its way to abort() is not what its callers do), not through
 * calls after which their function cannot return (FC_RETURNS: a thread
 * started where the function then only loops or exits never runs beside
 * its callers' code). */
enum { FC_HERE = 1, FC_NAMED = 2, FC_USUAL = 4, FC_SOUND = 8, FC_RETURNS = 16 };

/* Does the call pass the fact to its caller? */
static int passes(const struct fc_program *p, struct fc_ref call, int here) {
  return !((here & FC_HERE) && fc_call_in_child(p, call)) &&
         !((here & FC_NAMED) && !fc_call_is_direct(p, call)) &&
         !((here & FC_USUAL) && fc_call_alloc_failed(p, call)) &&
         !((here & FC_SOUND) && fc_call_crash_only(p, call)) &&
         !((here & FC_RETURNS) && !fc_call_returns_after(p, call));
}

/* Breadth-first from the seeds already in r, so each via is one step closer;
 * functions with stop[f] set (when stop is given) do not take the fact,
 * and calls that do not pass it (`here`) do not. */
static void reach_up(const struct fc_program *p, struct fc_reach *r, const uint8_t *stop,
                     int here) {
  uint32_t n = (uint32_t)p->funcs.n, head = 0, tail = 0;
  uint32_t *queue = fc_xmalloc((size_t)(n + 1) * sizeof *queue);
  for (uint32_t f = 0; f < n; f++)
    if (r->reaches[f])
      queue[tail++] = f;
  while (head < tail) {
    uint32_t g = queue[head++];
    for (uint32_t e = p->callers_first[g]; e < p->callers_first[g + 1]; e++) {
      uint32_t f = p->callers[e].caller;
      if (!r->reaches[f] && !(stop && stop[f]) && passes(p, p->callers[e].call, here)) {
        r->reaches[f] = 1;
        r->via[f] = p->callers[e].call;
        queue[tail++] = f;
      }
    }
  }
  free(queue);
}

static struct fc_reach reach_new(const struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n;
  struct fc_reach r = {.reaches = fc_xcalloc(n + 1, 1),
                       .via = fc_xcalloc(n + 1, sizeof(struct fc_ref))};
  for (uint32_t f = 0; f < n; f++)
    r.via[f].event = FC_NO_EVENT;
  return r;
}

static int gives(const struct fc_program *p, struct fc_ref ref, void *arg);
static void args_compute(const struct fc_program *p, struct fc_reach *r, const void *fact);

/* The functions that make a call that gives the fact, then their callers;
 * those with the fact `unless` (when given) do not take it; calls that do
 * not pass it (`here`) give it to nobody. */
static struct fc_reach reach_compute(const struct fc_program *p, void *fact,
                                     const struct fc_reach *unless, int here) {
  struct fc_reach r = reach_new(p);
  for (uint32_t f = 0; f < p->funcs.n; f++)
    FC_FOR_EACH_CALL(p, f, ref) {
      if (!r.reaches[f] && !(unless && unless->reaches[f]) &&
          passes(p, ref, here) && gives(p, ref, fact)) {
        r.reaches[f] = 1;
        r.via[f] = ref;
      }
    }
  reach_up(p, &r, unless ? unless->reaches : NULL, here);
  return r;
}

static void reach_free(struct fc_reach *r) {
  free(r->reaches);
  free(r->via);
  free(r->may_any);
  free(r->may[0]);
  free(r->may[1]);
  memset(r, 0, sizeof *r);
}

/* ---- what each fact starts from: a call it makes ------------------------ */

/* Unlocking in a pthread_atfork() child handler releases what the prepare
 * handler took: what the handler is for. */
static int calls_unsafe_but_unlock(const struct fc_program *p, struct fc_ref ref, void *arg) {
  (void)arg;
  return fc_target_is_unsafe_external(p, ref) && !(fc_call_target(p, ref).kinds & FC_K_UNLOCK);
}

/* The same, where the C library's fork() has reset the allocator and stdio
 * before the child handlers run. */
static int calls_unsafe_but_unlock_not_reset(const struct fc_program *p, struct fc_ref ref,
                                             void *arg) {
  return calls_unsafe_but_unlock(p, ref, arg) && !fc_call_fork_resets(p, ref);
}

/* Python.h's accessors (Py_TYPE, PyTuple_GET_SIZE, ...) only read memory;
 * with Python.h included as a system header they are external functions. */
static int calls_unsafe_not_python_memory(const struct fc_program *p, struct fc_ref ref,
                                          void *arg) {
  (void)arg;
  return fc_target_is_unsafe_external(p, ref) && fc_call_py_role(p, ref) != FC_PY_MEMORY;
}

static int calls_unsafe_beyond_python(const struct fc_program *p, struct fc_ref ref, void *arg) {
  (void)arg;
  enum fc_py_role r = fc_call_py_role(p, ref);
  return fc_target_is_unsafe_external(p, ref) && (r == FC_PY_NONE || r == FC_PY_MEMORY);
}

/* The same two, where the C library's fork() has reset the allocator and
 * stdio in the child: what is unsafe even then. */
static int calls_unsafe_not_reset(const struct fc_program *p, struct fc_ref ref, void *arg) {
  return calls_unsafe_not_python_memory(p, ref, arg) && !fc_call_fork_resets(p, ref);
}

static int calls_unsafe_beyond_python_not_reset(const struct fc_program *p, struct fc_ref ref,
                                                void *arg) {
  return calls_unsafe_beyond_python(p, ref, arg) && !fc_call_fork_resets(p, ref);
}

/* fflush(NULL), fflush(stdout), fclose(stdout), or a flush of a stream that
 * is not a variable: stdout's buffer may be written. A FILE * variable
 * other than stdout (a pipe opened with fdopen()) is another stream. */
static int calls_flush_of_stdout(const struct fc_program *p, struct fc_ref ref, void *arg) {
  (void)arg;
  struct fc_target t = fc_call_target(p, ref);
  if (t.func >= 0 || !fc_call_is_direct(p, ref) || !(t.kinds & FC_K_STDIO_FLUSH))
    return 0;
  const struct fc_arg *a = t.arg < 0 ? NULL : fc_call_arg(p, ref, (uint32_t)t.arg);
  if (!a || a->kind != FC_ARG_VAR)
    return 1;
  const char *name = fc_arg_global(p, ref, a);
  return (fc_knowledge_global(fc_program_knowledge(p), name) & FC_G_STDOUT) != 0;
}

/* close(1), dup2(fd, 1), dup3(fd, 1, flags): the standard output's
 * descriptor is closed or replaced. */
static int calls_replace_of_stdout_fd(const struct fc_program *p, struct fc_ref ref, void *arg) {
  (void)arg;
  if (fc_call_target(p, ref).func >= 0 || !fc_call_is_direct(p, ref))
    return 0;
  int i = fc_knowledge_fd_replace(fc_callee_name(p, ref));
  const struct fc_arg *a = i < 0 ? NULL : fc_call_arg(p, ref, (uint32_t)i);
  return a && a->kind == FC_ARG_CONST && a->value == 1;
}

static int calls_discard_of_stdout_fd(const struct fc_program *p, struct fc_ref ref, void *arg) {
  (void)arg;
  return fc_call_discards_fd(p, ref, 1);
}

/* A join: pthread_join() and the like, or a call of a function that waits
 * until a pool's threads have counted themselves out (fc_pfunc.drains). */
static int calls_join(const struct fc_program *p, struct fc_ref ref, void *arg) {
  (void)arg;
  struct fc_target t = fc_call_target(p, ref);
  if (t.func >= 0)
    return p->funcs.v[t.func].drains;
  return (fc_call_kinds(p, ref, NULL) & FC_K_THREAD_JOIN) != 0;
}

/* wait(), wait3(), or waitpid/wait4/waitid for a pid that is not one
 * variable: -1 or 0 (any child, the process group), P_ALL. */

static int calls_wait_for_any(const struct fc_program *p, struct fc_ref ref, void *arg) {
  (void)arg;
  struct fc_target t = fc_call_target(p, ref);
  if (t.func >= 0 || !fc_call_is_direct(p, ref) || !(t.kinds & FC_K_WAIT_ANY))
    return 0;
  if (t.arg < 0)
    return 1;
  const struct fc_arg *a = fc_call_arg(p, ref, (uint32_t)t.arg);
  return a && a->kind == FC_ARG_CONST && a->value <= 0;
}

/* ---- the table --------------------------------------------------------- */

#define FC_PY_ROLES(role) (1u << FC_PY_##role)

static const struct fact_info {
  const char *name;
  uint32_t kinds;              /* FC_REACH_KINDS, FC_REACH_HERE, _OWN, _USUAL */
  int here;                    /* FC_HERE, FC_NAMED, FC_USUAL, FC_SOUND */
  uint32_t roles;              /* FC_REACH_ROLES */
  fc_call_pred pred;           /* FC_REACH */
  enum fc_fact unless;         /* or FC_FACT_NONE */
  enum fc_fact must_of;        /* FC_MUST, or FC_FACT_NONE */
  void (*compute)(struct fc_program *p); /* FC_FACT */
  uint64_t needs;
} facts[FC_FACT_COUNT] = {
#define FC_REACH_KINDS(name, kinds, unless, doc)                                            \
  {#name, kinds, 0, 0, NULL, FC_FACT_##unless, FC_FACT_NONE, NULL, 0},
#define FC_REACH_HERE(name, kinds, unless, doc)                                             \
  {#name, kinds, FC_HERE | FC_RETURNS, 0, NULL, FC_FACT_##unless, FC_FACT_NONE, NULL, 0},
#define FC_REACH_OWN(name, kinds, doc)                                                      \
  {#name, kinds, FC_HERE | FC_NAMED, 0, NULL, FC_FACT_NONE, FC_FACT_NONE, NULL, 0},
#define FC_REACH_USUAL(name, kinds, doc)                                                    \
  {#name, kinds, FC_USUAL | FC_SOUND, 0, NULL, FC_FACT_NONE, FC_FACT_NONE, NULL,                   \
   FC_FACT_BIT(alloc_failure)},
#define FC_REACH_USUAL_HERE(name, kinds, doc)                                               \
  {#name, kinds, FC_USUAL | FC_SOUND | FC_HERE, 0, NULL, FC_FACT_NONE, FC_FACT_NONE, NULL,         \
   FC_FACT_BIT(alloc_failure)},
#define FC_REACH_ROLES(name, roles, doc)                                                    \
  {#name, 0, 0, roles, NULL, FC_FACT_NONE, FC_FACT_NONE, NULL, 0},
#define FC_REACH(name, pred, doc) {#name, 0, 0, 0, pred, FC_FACT_NONE, FC_FACT_NONE, NULL, 0},
#define FC_REACH_PRED_HERE(name, pred, doc)                                                 \
  {#name, 0, FC_HERE | FC_RETURNS, 0, pred, FC_FACT_NONE, FC_FACT_NONE, NULL, 0},
#define FC_REACH_PRED_PROCESS(name, pred, doc)                                              \
  {#name, 0, FC_HERE, 0, pred, FC_FACT_NONE, FC_FACT_NONE, NULL, 0},
#define FC_REACH_SOUND(name, pred, doc)                                                     \
  {#name, 0, FC_USUAL | FC_SOUND, 0, pred, FC_FACT_NONE, FC_FACT_NONE, NULL,                  \
   FC_FACT_BIT(env_free) | FC_FACT_BIT(alloc_failure)},
#define FC_MUST(name, of, doc)                                                              \
  {#name, 0, 0, 0, NULL, FC_FACT_NONE, FC_FACT_##of, NULL, FC_FACT_BIT(of)},
#define FC_FACT(name, compute, needs, doc)                                                  \
  {#name, 0, 0, 0, NULL, FC_FACT_NONE, FC_FACT_NONE, compute, needs},
#include "facts.def"
#undef FC_REACH_KINDS
#undef FC_REACH_HERE
#undef FC_REACH_OWN
#undef FC_REACH_USUAL
#undef FC_REACH_USUAL_HERE
#undef FC_REACH_ROLES
#undef FC_REACH
#undef FC_REACH_PRED_HERE
#undef FC_REACH_PRED_PROCESS
#undef FC_REACH_SOUND
#undef FC_MUST
#undef FC_FACT
};

/* An fc_call_pred (arg: the fact's struct fact_info): the call itself gives
 * the fact. */
static int gives(const struct fc_program *p, struct fc_ref ref, void *arg) {
  const struct fact_info *fi = arg;
  if (fi->pred)
    return fi->pred(p, ref, NULL);
  if (fi->roles)
    return (fi->roles >> fc_call_py_role(p, ref)) & 1u;
  return fc_call_target(p, ref).func < 0 && (fc_call_kinds(p, ref, NULL) & fi->kinds);
}

/* ---- FC_MUST facts ------------------------------------------------------ */

struct must {
  const struct fc_program *p;
  enum fc_fact of;
  const struct fc_reach *r; /* the must fact so far */
  uint32_t func;
};

struct must_state {
  uint8_t reached, done;
};

/* The call gives the reach fact itself, or runs only functions that have
 * the must fact. */
static int must_call(const struct must *m, struct fc_ref ref) {
  const struct fc_target *t;
  uint32_t n = fc_call_targets(m->p, ref, &t), have = 0;
  if (fc_call_is_direct(m->p, ref) && n == 1 && t[0].func < 0)
    return gives(m->p, ref, (void *)&facts[m->of]);
  for (uint32_t i = 0; i < n; i++)
    have += t[i].func >= 0 && m->r->reaches[t[i].func];
  return n > 0 && have == n;
}

static int must_run(void *ctx, uint32_t b, void *s) {
  const struct must *m = ctx;
  struct must_state *st = s;
  for (uint32_t i = 0; i < fc_event_count(m->p, m->func, b) && !st->done; i++) {
    struct fc_ref ref = fc_block_event(m->p, m->func, b, i);
    if (fc_event_at(m->p, ref)->kind != FC_EV_CALL)
      continue;
    if (must_call(m, ref))
      st->done = 1;
    else if (fc_call_noreturn(m->p, ref))
      return 0;
  }
  return 1;
}

/* Must: a block is done only when every path into it is. */
static int must_join(void *ctx, void *into, const void *from) {
  (void)ctx;
  struct must_state *to = into;
  const struct must_state *in = from;
  if (!to->reached) {
    *to = *in;
    return 1;
  }
  if (to->done && !in->done) {
    to->done = 0;
    return 1;
  }
  return 0;
}

/* Does m->func have the fact, with what its callees have now? */
static int must_holds(struct must *m) {
  uint32_t n = fc_block_count(m->p, m->func), entry = FC_ENTRY;
  struct must_state *in = fc_xcalloc(n, sizeof *in);
  in[FC_ENTRY].reached = 1;
  struct fc_flow fl = {m->p, m->func, sizeof *in, 0, must_run, NULL, must_join, m};
  fc_flow_run(&fl, in, &entry, 1);
  int holds = in[FC_EXIT].reached && in[FC_EXIT].done;
  free(in);
  return holds;
}

/* Among the functions with the reach fact `of`, those that have the must
 * fact: a function is judged again when one of its callees takes it. */
static struct fc_reach must_compute(const struct fc_program *p, enum fc_fact of) {
  struct fc_reach r = reach_new(p);
  struct must m = {p, of, &r, 0};
  uint32_t n = (uint32_t)p->funcs.n;
  struct fc_worklist work;
  fc_worklist_init(&work, n, 0);
  for (uint32_t f = 0; f < n; f++)
    if (p->facts[of].reaches[f])
      fc_worklist_push(&work, f);
  while (work.count) {
    m.func = fc_worklist_pop(&work);
    if (r.reaches[m.func] || !must_holds(&m))
      continue;
    r.reaches[m.func] = 1;
    FC_FOR_EACH_CALL(p, m.func, ref) {
      if (r.via[m.func].event == FC_NO_EVENT && must_call(&m, ref))
        r.via[m.func] = ref;
    }
    for (uint32_t k = 0; k < fc_caller_count(p, m.func); k++) {
      uint32_t caller = fc_caller_at(p, m.func, k).caller;
      if (p->facts[of].reaches[caller])
        fc_worklist_push(&work, caller);
    }
  }
  fc_worklist_free(&work);
  return r;
}

uint64_t fc_facts_closure(uint64_t want) {
  /* A fact needs only facts above it in the table: one pass from the end. */
  for (int i = FC_FACT_COUNT - 1; i >= 0; i--)
    if (want >> i & 1) {
      want |= facts[i].needs;
      if (facts[i].unless != FC_FACT_NONE)
        want |= UINT64_C(1) << facts[i].unless;
    }
  return want;
}

void fc_facts_compute(struct fc_program *p, uint64_t want) {
  want = fc_facts_closure(want | FC_FACTS_ENGINE);
  for (unsigned i = 0; i < FC_FACT_COUNT; i++) {
    if (!(want >> i & 1))
      continue;
    const struct fact_info *fi = &facts[i];
    if (fi->compute)
      fi->compute(p);
    else if (fi->must_of != FC_FACT_NONE)
      p->facts[i] = must_compute(p, fi->must_of);
    else
      p->facts[i] = reach_compute(p, (void *)fi,
                                  fi->unless == FC_FACT_NONE ? NULL : &p->facts[fi->unless],
                                  fi->here);
    if (FC_FACTS_ARGS >> i & 1)
      args_compute(p, &p->facts[i], fi);
    p->facts_computed |= UINT64_C(1) << i;
  }
}

void fc_facts_free(struct fc_program *p) {
  for (unsigned i = 0; i < FC_FACT_COUNT; i++)
    reach_free(&p->facts[i]);
  fc_unflushed_free(p);
  fc_alloc_free(p);
  fc_vec_free(&p->env_free_calls);
  fc_exit_work_free(p);
}

/* Reading a fact nobody asked for is a rule that forgot its FC_RULE_READS:
 * say so rather than read nothing. */
void fc_fact_check(const struct fc_program *p, enum fc_fact id) {
  if (!(p->facts_computed >> id & 1)) {
    fprintf(stderr, "forkcheck: internal error: fact '%s' read but not computed (a rule does "
                    "not declare it in FC_RULE_READS)\n", facts[id].name);
    abort();
  }
}

const struct fc_reach *fc_fact(const struct fc_program *p, enum fc_fact id) {
  fc_fact_check(p, id);
  return &p->facts[id];
}

int32_t fc_reach_target(const struct fc_program *p, const struct fc_reach *r, struct fc_ref call) {
  const struct fc_target *t;
  uint32_t n = fc_call_targets(p, call, &t);
  for (uint32_t i = 0; i < n; i++)
    if (t[i].func >= 0 && r->reaches[t[i].func])
      return t[i].func;
  return -1;
}

int fc_fact_passes(const struct fc_program *p, enum fc_fact id, struct fc_ref call) {
  fc_fact_check(p, id);
  return passes(p, call, facts[id].here);
}

int fc_fact_call(const struct fc_program *p, enum fc_fact id, struct fc_ref call) {
  fc_fact_check(p, id);
  if (!fc_call_is_direct(p, call)) {
    const struct fc_target *t;
    uint32_t n = fc_call_targets(p, call, &t), have = 0;
    for (uint32_t i = 0; i < n; i++)
      have += t[i].func >= 0 && p->facts[id].reaches[t[i].func];
    return n > 0 && have == n;
  }
  struct fc_target t = fc_call_target(p, call);
  if (t.func >= 0)
    return p->facts[id].reaches[t.func];
  return gives(p, call, (void *)&facts[id]);
}

/* ---- constant arguments ------------------------------------------------ */

#define FC_CONST_PARAMS 64u
/* Parameters judged at link, per function: the first ones, where flags go. */
#define FC_LINK_PARAMS 16u

/* What a walk of function func assumes of its parameters: bit i of known,
 * parameter i is value[i]; with bit i of classed too, only whether it is 0
 * (value 0) or not (value 1) is known. */
struct args_walk {
  const struct fc_program *p;
  const struct fc_reach *r;
  const void *fact;
  uint32_t func;
  uint64_t known, classed;
  int64_t value[FC_CONST_PARAMS];
};

/* An argument that is an address, never 0: &var, a function's name, a
 * string literal. */
static int arg_is_address(const struct fc_arg *a) {
  return a->kind == FC_ARG_ADDR || a->kind == FC_ARG_FUNC || a->kind == FC_ARG_STR;
}

/* May a call of the function g that has the fact give it, with the classes
 * (0 or not) of the arguments the walk knows? */
static int callee_may(const struct args_walk *w, struct fc_ref call, uint32_t g) {
  const struct fc_reach *r = w->r;
  if (!r->may_any || !r->may_any[g])
    return !r->may_any;
  const struct fc_arg *a;
  for (uint32_t j = 0; j < FC_LINK_PARAMS && (a = fc_call_arg(w->p, call, j)); j++) {
    int k = -1;
    if (a->kind == FC_ARG_CONST)
      k = a->value != 0;
    else if (arg_is_address(a))
      k = 1;
    else if (a->kind == FC_ARG_VAR && a->var >= 0 && (uint32_t)a->var < FC_CONST_PARAMS &&
             (w->known >> a->var & 1))
      k = w->value[a->var] != 0;
    if (k >= 0 && !(r->may[k][g] >> j & 1))
      return 0;
  }
  return 1;
}

/* May this call give the fact, with what the walk knows? A call that does
 * not pass the fact on (passes()) gives it to nobody. */
static int call_may(const struct args_walk *w, struct fc_ref ref) {
  if (!passes(w->p, ref, ((const struct fact_info *)w->fact)->here))
    return 0;
  if (!fc_call_is_direct(w->p, ref))
    return fc_reach_target(w->p, w->r, ref) >= 0;
  int32_t g = fc_call_target(w->p, ref).func;
  if (g < 0)
    return gives(w->p, ref, (void *)w->fact);
  return w->r->reaches[g] && callee_may(w, ref, (uint32_t)g);
}

/* A block whose call may give the fact ends the search; a call that does
 * not return ends the path. */
static int args_enter(void *ctx, uint32_t b) {
  const struct args_walk *w = ctx;
  for (uint32_t i = 0; i < fc_event_count(w->p, w->func, b); i++) {
    struct fc_ref ref = fc_block_event(w->p, w->func, b, i);
    if (fc_event_at(w->p, ref)->kind != FC_EV_CALL)
      continue;
    if (call_may(w, ref))
      return FC_DFS_STOP;
    if (fc_call_noreturn(w->p, ref))
      return FC_DFS_SKIP;
  }
  return FC_DFS_FOLLOW;
}

/* An edge testing a parameter the walk knows is taken only when its test
 * can hold for it. */
static int args_edge(void *ctx, uint32_t b, uint32_t e, uint32_t t, int seen) {
  (void)t;
  (void)seen;
  const struct args_walk *w = ctx;
  const struct fc_edge *ed = fc_succ_edge(w->p, w->func, b, e);
  if (ed->test == FC_T_ALWAYS || ed->test == FC_T_DEFAULT || ed->var < 0 ||
      (uint32_t)ed->var >= FC_CONST_PARAMS || !(w->known >> ed->var & 1))
    return FC_DFS_FOLLOW;
  int64_t v = w->value[ed->var];
  int holds = (w->classed >> ed->var & 1) && v ? fc_test_holds_nonzero(ed->test, ed->value)
                                               : fc_test_holds(ed->test, v, ed->value);
  return holds ? FC_DFS_FOLLOW : FC_DFS_SKIP;
}

/* Does the walk's function reach the fact, with what it assumes? */
static int args_reach(struct args_walk *w) {
  struct fc_dfs d = {w->p, w->func, args_enter, args_edge, w};
  return fc_dfs_run(&d, FC_ENTRY);
}

/* Function f judged again: whether it may reach the fact at all, and with
 * each kept parameter 0 or not, with what its callees have now. */
static int args_judge(const struct fc_program *p, struct fc_reach *r, const void *fact, uint32_t f,
                      uint64_t kept) {
  struct args_walk w = {p, r, fact, f, 0, 0, {0}};
  int changed = 0;
  if (!r->may_any[f] && args_reach(&w))
    r->may_any[f] = changed = 1;
  for (uint32_t i = 0; r->may_any[f] && i < FC_LINK_PARAMS; i++)
    for (int k = 0; k < 2 && (kept >> i & 1); k++) {
      if (r->may[k][f] >> i & 1)
        continue;
      w.known = w.classed = UINT64_C(1) << i;
      w.value[i] = k;
      if (args_reach(&w)) {
        r->may[k][f] |= UINT64_C(1) << i;
        changed = 1;
      }
    }
  return changed;
}

/* The functions with the fact, judged with their callees' constant
 * arguments: a least fixpoint, each function judged again when a callee
 * gains a possibility, on a worklist. */
static void args_compute(const struct fc_program *p, struct fc_reach *r, const void *fact) {
  uint32_t n = (uint32_t)p->funcs.n;
  uint64_t *kept = fc_xcalloc(n + 1, sizeof *kept);
  r->may_any = fc_xcalloc(n + 1, 1);
  for (int k = 0; k < 2; k++)
    r->may[k] = fc_xcalloc(n + 1, sizeof *r->may[k]);
  struct fc_worklist work;
  fc_worklist_init(&work, n, 0);
  for (uint32_t f = 0; f < n; f++)
    if (r->reaches[f]) {
      kept[f] = fc_func_kept_params(p, f, FC_LINK_PARAMS);
      r->may[0][f] = r->may[1][f] = ~kept[f];
      fc_worklist_push(&work, f);
    }
  while (work.count) {
    uint32_t f = fc_worklist_pop(&work);
    if (!args_judge(p, r, fact, f, kept[f]))
      continue;
    for (uint32_t k = 0; k < fc_caller_count(p, f); k++) {
      uint32_t caller = fc_caller_at(p, f, k).caller;
      if (r->reaches[caller])
        fc_worklist_push(&work, caller);
    }
  }
  fc_worklist_free(&work);
  free(kept);
}

/* The walk knows the call's constant arguments for the parameters its
 * function never assigns: are there any? */
static int constant_args(struct args_walk *w, struct fc_ref call) {
  const struct fc_arg *a;
  uint32_t n = 0;
  for (uint32_t i = 0; i < FC_CONST_PARAMS && (a = fc_call_arg(w->p, call, i)); i++)
    if (a->kind == FC_ARG_CONST || arg_is_address(a)) {
      w->known |= UINT64_C(1) << i;
      w->value[i] = a->kind == FC_ARG_CONST ? a->value : 1;
      if (a->kind != FC_ARG_CONST)
        w->classed |= UINT64_C(1) << i;
      n = i + 1;
    }
  if (w->known)
    w->known &= fc_func_kept_params(w->p, w->func, n);
  return w->known != 0;
}

/* A way to the return that a noreturn call does not end. */
static int returns_enter(void *ctx, uint32_t b) {
  const struct args_walk *w = ctx;
  if (b == FC_EXIT)
    return FC_DFS_STOP;
  return fc_block_ends(w->p, w->func, b) ? FC_DFS_SKIP : FC_DFS_FOLLOW;
}

/* Functions larger than this are not walked again per call. */
#define RETURNS_ARGS_BLOCKS 256u

int fc_call_returns_args(const struct fc_program *p, struct fc_ref call) {
  if (!fc_call_is_direct(p, call))
    return 1;
  int32_t g = fc_call_target(p, call).func;
  const struct fc_arg *a;
  for (uint32_t i = 0; g < 0 && (a = fc_call_arg(p, call, i)) != NULL; i++)
    if (a->kind == FC_ARG_CONST && fc_knowledge_noreturn_with(fc_callee_name(p, call), i, a->value))
      return 0;
  if (g < 0 || fc_func_noreturn(p, (uint32_t)g) ||
      fc_block_count(p, (uint32_t)g) > RETURNS_ARGS_BLOCKS)
    return 1;
  struct args_walk w = {p, NULL, NULL, (uint32_t)g, 0, 0, {0}};
  if (!constant_args(&w, call))
    return 1;
  struct fc_dfs d = {p, (uint32_t)g, returns_enter, args_edge, &w};
  return fc_dfs_run(&d, FC_ENTRY);
}

int fc_fact_call_args(const struct fc_program *p, enum fc_fact id, struct fc_ref call) {
  if (!fc_fact_call(p, id, call) || !fc_call_is_direct(p, call))
    return fc_fact_call(p, id, call);
  int32_t g = fc_call_target(p, call).func;
  if (g < 0)
    return 1;
  struct args_walk w = {p, &p->facts[id], &facts[id], (uint32_t)g, 0, 0, {0}};
  /* Only a call with a constant costs the called function's size. */
  if (!constant_args(&w, call))
    return !w.r->may_any || w.r->may_any[g];
  return args_reach(&w);
}
