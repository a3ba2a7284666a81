/*
 * python-fork-pairing: PyOS_BeforeFork() before a fork needs
 * PyOS_AfterFork_Parent() on every path of the parent, also when the fork
 * failed (it releases the import lock and runs the after_in_parent handlers
 * of os.register_at_fork()), and PyOS_AfterFork_Child() in a child that goes
 * on running Python; an after-fork call without the BeforeFork before the
 * fork, in the wrong process or twice, is wrong too. Reported at the fork,
 * with a note at the call that has no partner.
 *
 * Calls into Python in the child before PyOS_AfterFork_Child() are
 * python-missing-afterfork-child's, at the call; this rule reports a child
 * that returns to its caller without it.
 *
 * The calls are often made only when needed: CPython's _posixsubprocess.c
 * calls all three only when a preexec_fn is set. So the analysis follows
 * each path of the function with the fork, from its entry, keeping what it
 * knows about the fork result and about the flags that guard the calls
 * (`if (preexec) PyOS_BeforeFork();` ... `if (preexec)
 * PyOS_AfterFork_Parent();`): a path that tested the flag as zero before the
 * fork takes the same branch after it. Where BeforeFork is conditional and a
 * path after the fork took a branch that nothing tracked decides (a flag
 * compared with something that is not a constant, `preexec_fn != Py_None`),
 * the paths cannot be matched up and that path's mismatches are not
 * reported: an after-fork call guarded like the BeforeFork is taken to pair
 * with it.
 */
#include "python.h"

#include <stdlib.h>
#include <string.h>

FC_RULE_READS(fc_rule_python_fork_pairing, FC_PYTHON_FACTS);

/* A path's state in one word:
 *   bits 0-1   the fork result: before the fork, child, parent, failed
 *   B          PyOS_BeforeFork() was called
 *   ASSUMED    B comes from the callers (unknown): mismatches not reported
 *   P, C       PyOS_AfterFork_Parent() / _Child() called since the fork
 *   UNDECIDED  since the fork, a branch that the tracked values left open
 *   FORK_DEAD  the variable that held the fork result was overwritten
 *   RETURNED   left through a return statement (checked there)
 *   B_MAY      B was called only through a pointer (a plugin's hook), which
 *              may be NULL or hold another plugin's function
 *   from bit 8 the tracked flags, 2 bits each: unknown, zero, non-zero */
enum { O_PRE, O_CHILD, O_PARENT, O_FAILED };
enum {
  S_OUTCOME = 3u, S_B = 1u << 2, S_ASSUMED = 1u << 3, S_P = 1u << 4, S_C = 1u << 5,
  S_UNDECIDED = 1u << 6, S_FORK_DEAD = 1u << 7, S_RETURNED = 1u << 30, S_B_MAY = 1u << 31,
};
enum { FLAG_SHIFT = 8, MAX_FLAGS = 11, K_UNKNOWN = 0, K_ZERO = 1, K_NONZERO = 2 };
_Static_assert(S_FORK_DEAD < 1u << FLAG_SHIFT, "the path bits end below the flags");
_Static_assert(FLAG_SHIFT + 2 * MAX_FLAGS <= 30, "the flags end below S_RETURNED");
/* States per block before the analysis gives up on a site (and reports
 * nothing for it). */
enum { MAX_STATES = 512 };

enum mismatch {
  M_NO_PARENT, M_CHILD_RETURNS, M_BEFORE_RETURNS, M_UNMATCHED, M_WRONG_PROCESS, M_TWICE
};

struct found {
  uint8_t kind;
  uint8_t outcomes;   /* FC_CHILD | FC_PARENT | FC_FAILED */
  uint8_t may;        /* the same, on paths where BeforeFork came through a pointer */
  uint8_t decided;    /* some path shows it without an undecided branch */
  struct fc_ref at;   /* the call, or the return (event FC_NO_EVENT: none) */
};

/* A set of path states in the order they were found, grown as needed: at
 * most MAX_STATES on a block's entry, three times as many at the end of the
 * fork's block, where each splits into child, parent and failed. The flow
 * copies a set by value: v belongs to the block's entry set, or to one of
 * the scratch sets of struct an that the flow's copies point into. */
struct pstates {
  uint32_t n, cap;
  uint32_t *v;
};

struct an {
  const struct fc_program *p;
  const struct fc_python *py;
  const struct fc_fork_site *s;
  uint32_t func;
  int32_t fork_var;
  int32_t flags[MAX_FLAGS];
  unsigned n_flags;
  unsigned site_hooks;
  struct pstates end;   /* scratch: a block's states at its end */
  struct pstates along; /* scratch: those that take one of its edges */
  uint32_t *ran;       /* per block: how many of its entry states have run */
  uint32_t nb;
  int overflow;
  unsigned b_at_fork; /* 1: a path reached the fork without BeforeFork, 2: with,
                         4: with one made through a pointer */
  unsigned ptr_after; /* outcomes where a path made its after-fork call through a pointer */
  uint8_t *to_fork;   /* per block: the fork can follow it (a BeforeFork there is this fork's) */
  const uint8_t *forking; /* per function: forks itself (forking_functions) */
  uint32_t block;     /* the block being run */
  FC_VEC(struct found) found;
};

static unsigned outcome_bit(uint32_t st) {
  switch (st & S_OUTCOME) {
  case O_CHILD: return FC_CHILD;
  case O_PARENT: return FC_PARENT;
  case O_FAILED: return FC_FAILED;
  default: return 0;
  }
}

/* ---- the hook calls ------------------------------------------------------ */

enum { H_BEFORE = FC_PY_HOOK_BEFORE, H_PARENT = FC_PY_HOOK_PARENT, H_CHILD = FC_PY_HOOK_CHILD };

/* The fork hooks a call makes, itself or through the program's functions
 * (any of them, through a pointer). A function that forks itself makes its
 * hooks for its own fork, not for this one. */
static unsigned hooks_of(const struct fc_python *py, const uint8_t *forking, struct fc_ref call) {
  switch (fc_py_role(py, call)) {
  case FC_PY_BEFORE_FORK: return H_BEFORE;
  case FC_PY_AFTER_PARENT: return H_PARENT;
  case FC_PY_AFTER_CHILD:
  case FC_PY_AFTER_LEGACY: return H_CHILD;
  case FC_PY_NONE: break;
  default: return 0;
  }
  const struct fc_target *t;
  uint32_t n = fc_call_targets(py->prog, call, &t);
  unsigned hooks = 0;
  for (uint32_t i = 0; i < n; i++)
    if (t[i].func >= 0 && !forking[t[i].func])
      hooks |= fc_py_func_hooks(py, (uint32_t)t[i].func);
  return hooks;
}

static const struct fc_reach *reach_for(const struct fc_python *py, unsigned hook) {
  return hook == H_BEFORE ? py->before : hook == H_PARENT ? py->after_parent : py->after_child;
}

/* ---- the path analysis --------------------------------------------------- */

static void record(struct an *a, enum mismatch kind, uint32_t st, struct fc_ref at) {
  struct found *f = NULL;
  for (size_t i = 0; i < a->found.n && !f; i++)
    if (a->found.v[i].kind == kind && a->found.v[i].at.tu == at.tu &&
        a->found.v[i].at.event == at.event)
      f = &a->found.v[i];
  if (!f) {
    struct found nf = {(uint8_t)kind, 0, 0, 0, at};
    fc_vec_push(&a->found, nf);
    f = &a->found.v[a->found.n - 1];
  }
  if (st & S_B_MAY)
    f->may |= (uint8_t)outcome_bit(st);
  else
    f->outcomes |= (uint8_t)outcome_bit(st);
  f->decided |= !(st & S_UNDECIDED);
}

/* The processes a mismatch at an exit is reported for: where BeforeFork
 * came through a pointer, and another path of the same process made its
 * after-fork call through a pointer, the paths that did not are taken to
 * have found the pointer NULL (a loop over plugins' hooks, each behind a
 * NULL test): only a process with no such call at all is judged. */
static unsigned exit_outcomes(const struct an *a, const struct found *f) {
  return f->outcomes | (f->may & ~a->ptr_after);
}

static int flag_index(const struct an *a, int32_t var) {
  for (unsigned k = 0; k < a->n_flags; k++)
    if (a->flags[k] == var)
      return (int)k;
  return -1;
}

static unsigned flag_get(uint32_t st, int k) { return (st >> (FLAG_SHIFT + 2 * k)) & 3u; }

static uint32_t flag_set(uint32_t st, int k, unsigned v) {
  st &= ~(3u << (FLAG_SHIFT + 2 * k));
  return st | (v << (FLAG_SHIFT + 2 * k));
}

/* The variable is overwritten: forget what was known about it. */
static uint32_t kill(const struct an *a, uint32_t st, int32_t var) {
  if (var < 0)
    return st;
  if (var == a->fork_var && (st & S_OUTCOME) != O_PRE)
    st |= S_FORK_DEAD;
  int k = flag_index(a, var);
  return k >= 0 ? flag_set(st, k, K_UNKNOWN) : st;
}

/* At a return, or at the end of the function. */
static void check_exit(struct an *a, uint32_t st, struct fc_ref at) {
  if ((st & S_ASSUMED) || !(st & S_B) || fc_func_fork_source(a->p, a->func))
    return;
  if ((st & S_OUTCOME) == O_PRE)
    /* An error path between PyOS_BeforeFork() and the fork. */
    record(a, M_BEFORE_RETURNS, st, at);
  else if ((st & S_OUTCOME) == O_CHILD && !(st & S_C))
    record(a, M_CHILD_RETURNS, st, at);
  else if ((st & S_OUTCOME) != O_CHILD && !(st & S_P))
    record(a, M_NO_PARENT, st, at);
}

static uint32_t after_hook(struct an *a, uint32_t st, unsigned hook, struct fc_ref at) {
  unsigned o = st & S_OUTCOME;
  uint32_t done = hook == H_PARENT ? S_P : S_C;
  int pointer = !fc_call_is_direct(a->p, at);
  if ((hook == H_PARENT) != (o != O_CHILD))
    record(a, M_WRONG_PROCESS, st, at);
  else if (!(st & S_B) && fc_py_role(a->py, at) == FC_PY_AFTER_LEGACY &&
           !fc_call_py_deprecated(a->p, at))
    ; /* Before Python 3.7, PyOS_AfterFork() alone in the child is the API. */
  else if (!(st & S_B))
    record(a, M_UNMATCHED, st, at);
  else if ((st & done) && !pointer)
    /* Through a pointer in a loop, each plugin's hook is called once. */
    record(a, M_TWICE, st, at);
  if (pointer && (hook == H_PARENT) == (o != O_CHILD))
    a->ptr_after |= outcome_bit(st);
  return st | done;
}

static int forks(const struct fc_program *p, struct fc_ref call) {
  struct fc_target t = fc_call_target(p, call);
  if (t.func >= 0)
    return fc_func_fork_source(p, (uint32_t)t.func);
  return (t.kinds & (FC_K_FORK | FC_K_VFORK | FC_K_DAEMON)) != 0;
}

/* One event on one path; returns 0 when the path ends there (or leaves
 * this fork's pairing). */
static int step(struct an *a, uint32_t *stp, struct fc_ref ref) {
  const struct fc_event *ev = fc_event_at(a->p, ref);
  uint32_t st = *stp;
  if (ev->kind == FC_EV_RETURN) {
    check_exit(a, st, ref);
    *stp = st | S_RETURNED;
    return 1;
  }
  if (ev->kind != FC_EV_CALL) {
    if (ev->kind == FC_EV_ASSIGN)
      *stp = kill(a, st, ev->var);
    return 1;
  }
  unsigned hooks = hooks_of(a->py, a->forking, ref);
  unsigned o = st & S_OUTCOME;
  /* The next fork (or its PyOS_BeforeFork()) starts another pairing. */
  if (o != O_PRE && ((hooks & H_BEFORE) || forks(a->p, ref)))
    return 0;
  if (o == O_PRE && (hooks & H_BEFORE) && !a->to_fork[a->block])
    ; /* For another fork, on a path that cannot reach this one. */
  else if (o == O_PRE && (hooks & H_BEFORE))
    st = fc_call_is_direct(a->p, ref)      ? (st | S_B) & ~(uint32_t)(S_ASSUMED | S_B_MAY)
         : (st & (S_B | S_ASSUMED)) == S_B ? st
                                           : (st | S_B | S_B_MAY) & ~(uint32_t)S_ASSUMED;
  else if (o == O_PRE && (hooks == H_PARENT || fc_fork_of_call(a->p, ref) >= 0))
    /* Undone on an error path before the fork, or spent on another fork. */
    st &= ~(uint32_t)(S_B | S_B_MAY);
  if (o != O_PRE && (hooks & (H_PARENT | H_CHILD)) == (H_PARENT | H_CHILD))
    /* A function that makes the right call in each process. */
    st = after_hook(a, st, o == O_CHILD ? H_CHILD : H_PARENT, ref);
  else if (o != O_PRE && (hooks & (H_PARENT | H_CHILD)))
    st = after_hook(a, st, hooks & (H_PARENT | H_CHILD), ref);
  st = kill(a, st, ev->var);
  *stp = st;
  return !fc_call_noreturn(a->p, ref);
}

/* Can the path take edge e? *out: its state along it. */
static int along(const struct an *a, uint32_t st, const struct fc_edge *e, uint32_t *out) {
  *out = st;
  if (e->test == FC_T_ALWAYS || e->var < 0)
    return 1;
  if (e->var == a->fork_var && (st & S_OUTCOME) != O_PRE && !(st & S_FORK_DEAD))
    return (fc_edge_outcomes(e) & outcome_bit(st)) != 0;
  int k = flag_index(a, e->var);
  if (k < 0)
    return 1;
  unsigned known = flag_get(st, k);
  int zero = e->test == FC_T_DEFAULT ? !(e->value & 1) : fc_test_holds(e->test, 0, e->value);
  int nonzero = fc_test_holds_nonzero(e->test, e->value);
  zero = zero && known != K_NONZERO;
  nonzero = nonzero && known != K_ZERO;
  *out = flag_set(st, k, zero && nonzero ? known : zero ? K_ZERO : K_NONZERO);
  return zero || nonzero;
}

/* Adds st to the set unless it is there: 0 when the set holds `limit`. */
static int add_state(struct pstates *s, uint32_t st, uint32_t limit) {
  for (uint32_t i = 0; i < s->n; i++)
    if (s->v[i] == st)
      return 1;
  if (s->n >= limit)
    return 0;
  if (s->n == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 4;
    s->v = fc_xrealloc(s->v, s->cap * sizeof *s->v);
  }
  s->v[s->n++] = st;
  return 1;
}

/* Runs block b from one path state (the fork splits it, calls can end it)
 * and adds the states at its end to a->end. */
static void run_state(struct an *a, uint32_t b, uint32_t st0) {
  uint32_t cur[3] = {st0};
  unsigned n = 1;
  a->block = b;
  if (b == FC_EXIT && !(st0 & S_RETURNED)) {
    struct fc_ref none = {a->s->call.tu, FC_NO_EVENT};
    check_exit(a, st0, none);
  }
  for (uint32_t i = 0; i < fc_event_count(a->p, a->func, b) && n; i++) {
    struct fc_ref ref = fc_block_event(a->p, a->func, b, i);
    if (b == a->s->block && i == a->s->index) {
      uint32_t base = cur[0] & ~(uint32_t)(S_OUTCOME | S_P | S_C | S_UNDECIDED | S_FORK_DEAD);
      if (a->site_hooks & H_BEFORE)
        base = (base | S_B) & ~(uint32_t)(S_ASSUMED | S_B_MAY);
      if (!(base & S_ASSUMED))
        a->b_at_fork |= (base & S_B ? 2u : 1u) | (base & S_B_MAY ? 4u : 0u);
      uint32_t parent_done = a->site_hooks & H_PARENT ? S_P : 0;
      n = 0;
      cur[n++] = base | O_CHILD | (a->site_hooks & H_CHILD ? S_C : 0);
      if (a->s->kind != FC_SITE_DAEMON)
        cur[n++] = base | O_PARENT | parent_done;
      cur[n++] = base | O_FAILED | parent_done;
      continue;
    }
    unsigned live = 0;
    for (unsigned k = 0; k < n; k++)
      if (step(a, &cur[k], ref))
        cur[live++] = cur[k];
    n = live;
  }
  for (unsigned k = 0; k < n; k++)
    add_state(&a->end, cur[k], 3 * MAX_STATES);
}

/* The flow's block: the path states that entered it since it last ran
 * (the set only grows, and what the others gave is passed on already). The
 * states at its end are a->end's. */
static int run_block(void *ctx, uint32_t b, void *states) {
  struct an *a = ctx;
  struct pstates *s = states;
  if (a->overflow)
    return 0;
  a->end.n = 0;
  for (uint32_t i = a->ran[b]; i < s->n; i++)
    run_state(a, b, s->v[i]);
  a->ran[b] = s->n;
  *s = a->end;
  return s->n > 0;
}

/* The edges of block b that a path in state st can take. */
static unsigned open_edges(const struct an *a, uint32_t b, uint32_t st) {
  unsigned open = 0;
  uint32_t out;
  for (uint32_t e = 0; e < fc_succ_count(a->p, a->func, b); e++)
    open += (unsigned)along(a, st, fc_succ_edge(a->p, a->func, b, e), &out);
  return open;
}

/* The path states that take edge e of block b, as they are along it (in
 * a->along; the block's end states stay for its other edges). */
static int take_edge(void *ctx, uint32_t b, uint32_t e, void *states) {
  struct an *a = ctx;
  struct pstates *s = states;
  const struct fc_edge *ed = fc_succ_edge(a->p, a->func, b, e);
  uint32_t st;
  a->along.n = 0;
  for (uint32_t i = 0; i < s->n; i++) {
    if (!along(a, s->v[i], ed, &st))
      continue;
    if (open_edges(a, b, s->v[i]) > 1)
      st |= S_UNDECIDED;
    add_state(&a->along, st & ~(uint32_t)(ed->target == FC_EXIT ? 0 : S_RETURNED), s->n);
  }
  *s = a->along;
  return s->n > 0;
}

static int join_states(void *ctx, void *into, const void *from) {
  struct an *a = ctx;
  struct pstates *to = into;
  const struct pstates *add = from;
  uint32_t before = to->n;
  for (uint32_t i = 0; i < add->n && !a->overflow; i++)
    a->overflow = !add_state(to, add->v[i], MAX_STATES);
  return to->n != before;
}

/* The flags worth tracking: variables tested on the way into a block that
 * makes a hook call (`if (preexec) PyOS_BeforeFork();`). */
static void choose_flags(struct an *a) {
  for (uint32_t b = 0; b < a->nb; b++) {
    for (uint32_t e = 0; e < fc_succ_count(a->p, a->func, b) && a->n_flags < MAX_FLAGS; e++) {
      const struct fc_edge *ed = fc_succ_edge(a->p, a->func, b, e);
      if (ed->test == FC_T_ALWAYS || ed->var < 0 || ed->var == a->fork_var ||
          flag_index(a, ed->var) >= 0 || ed->target >= a->nb)
        continue;
      for (uint32_t i = 0; i < fc_event_count(a->p, a->func, ed->target); i++) {
        struct fc_ref ref = fc_block_event(a->p, a->func, ed->target, i);
        if (fc_event_at(a->p, ref)->kind == FC_EV_CALL && hooks_of(a->py, a->forking, ref)) {
          a->flags[a->n_flags++] = ed->var;
          break;
        }
      }
    }
  }
}

/* Does the function make a hook call at all? */
static int has_hooks(const struct an *a) {
  FC_FOR_EACH_CALL(a->p, a->func, ref) {
    if (hooks_of(a->py, a->forking, ref))
      return 1;
  }
  return 0;
}

/* Whether BeforeFork may have been called before the function is entered: a
 * caller calls it, other than through this function. */
static int before_from_callers(const struct an *a) {
  const struct fc_program *p = a->p;
  for (uint32_t e = 0; e < fc_caller_count(p, a->func); e++) {
    FC_FOR_EACH_CALL(p, fc_caller_at(p, a->func, e).caller, ref) {
      if (fc_call_target(p, ref).func != (int32_t)a->func && (hooks_of(a->py, a->forking, ref) & H_BEFORE))
        return 1;
    }
  }
  return 0;
}

/* The blocks from which the fork's block can be reached. */
static uint8_t *blocks_to_fork(const struct an *a) {
  uint8_t *to = fc_xcalloc(a->nb, 1);
  uint32_t *stack = fc_xmalloc((size_t)(a->nb + 1) * sizeof *stack), sp = 0;
  to[a->s->block] = 1;
  stack[sp++] = a->s->block;
  while (sp) {
    uint32_t b = stack[--sp];
    for (uint32_t k = 0; k < fc_pred_count(a->p, a->func, b); k++) {
      uint32_t q = fc_pred(a->p, a->func, b, k);
      if (q < a->nb && !to[q]) {
        to[q] = 1;
        stack[sp++] = q;
      }
    }
  }
  free(stack);
  return to;
}

static void analyse(struct an *a) {
  a->nb = fc_block_count(a->p, a->func);
  struct pstates *in = fc_xcalloc(a->nb, sizeof *in);
  a->ran = fc_xcalloc(a->nb, sizeof *a->ran);
  a->to_fork = blocks_to_fork(a);
  choose_flags(a);
  uint32_t entry = FC_ENTRY;
  add_state(&in[entry], O_PRE | (before_from_callers(a) ? S_B | S_ASSUMED : 0), 1);
  struct fc_flow fl = {a->p, a->func, sizeof *in, 0, run_block, take_edge, join_states, a};
  fc_flow_run(&fl, in, &entry, 1);
  for (uint32_t b = 0; b < a->nb; b++)
    free(in[b].v);
  free(a->end.v);
  free(a->along.v);
  free(a->ran);
  free(a->to_fork);
  free(in);
}

/* ---- reporting ----------------------------------------------------------- */

static const char *hook_name(unsigned hook) {
  return hook == H_BEFORE ? "PyOS_BeforeFork" : hook == H_PARENT ? "PyOS_AfterFork_Parent"
                                                                  : "PyOS_AfterFork_Child";
}

/* A call of an external function (the Python API's), not of the program's
 * functions, by name or through a pointer. */
static int api_call(const struct fc_program *p, struct fc_ref call) {
  return fc_call_is_direct(p, call) && fc_call_target(p, call).func < 0;
}

/* "'PyOS_AfterFork_Child' (through 'f')" for the notes. */
static void note_call(const struct an *a, struct fc_finding *f, struct fc_ref call, unsigned hook,
                      const char *what) {
  struct fc_where at = fc_where_event(a->p, call);
  if (api_call(a->p, call)) {
    fc_note(f, at, "'%s' %s here", fc_callee_name(a->p, call), what);
    return;
  }
  fc_note(f, at, "'%s', which calls %s(), %s here", fc_callee_name(a->p, call), hook_name(hook),
          what);
  fc_note_chain(a->p, f, reach_for(a->py, hook), call);
}

/* Notes at the calls that make the BeforeFork of this site. */
static void note_before(const struct an *a, struct fc_finding *f) {
  if (a->site_hooks & H_BEFORE) {
    note_call(a, f, a->s->call, H_BEFORE, "is called");
    return;
  }
  FC_FOR_EACH_CALL(a->p, a->func, ref) {
    if (hooks_of(a->py, a->forking, ref) & H_BEFORE)
      note_call(a, f, ref, H_BEFORE, "is called");
  }
}

/* The hook a recorded after-fork call stands for. */
static unsigned after_hook_of(const struct an *a, const struct found *f) {
  unsigned h = hooks_of(a->py, a->forking, f->at) & (H_PARENT | H_CHILD);
  if (h == (H_PARENT | H_CHILD))
    h = f->kind == M_WRONG_PROCESS ? ((f->outcomes & FC_CHILD) ? H_PARENT : H_CHILD)
                                   : ((f->outcomes & FC_CHILD) ? H_CHILD : H_PARENT);
  return h;
}

/* The name to show for a hook call: the function called when it is the
 * Python API's (PyOS_AfterFork for the legacy call), else the hook's. */
static const char *label(const struct an *a, struct fc_ref call, unsigned hook) {
  return api_call(a->p, call) ? fc_callee_name(a->p, call) : hook_name(hook);
}

static const char *in_process(unsigned outcomes) {
  if (outcomes == FC_CHILD)
    return "in the child";
  if (outcomes == FC_FAILED)
    return "when fork() fails";
  if (outcomes == FC_PARENT)
    return "in the parent";
  return "in the parent (also when fork() fails)";
}

static void report_exits(struct fc_rule_ctx *ctx, const struct an *a, enum mismatch kind,
                         int mixed) {
  unsigned outcomes = 0;
  for (size_t i = 0; i < a->found.n; i++)
    if (a->found.v[i].kind == kind && (a->found.v[i].decided || !mixed))
      outcomes |= exit_outcomes(a, &a->found.v[i]);
  if (!outcomes)
    return;
  const struct fc_program *p = a->p;
  const char *fn = fc_func_name(p, a->func);
  struct fc_where at = fc_where_event(p, a->s->call);
  struct fc_finding *f;
  if (kind == M_NO_PARENT)
    f = fc_report(ctx->out, ctx->id, at,
                  "PyOS_BeforeFork() before this fork is not matched by PyOS_AfterFork_Parent() "
                  "%s",
                  in_process(outcomes));
  else
    f = fc_report(ctx->out, ctx->id, at,
                  "PyOS_BeforeFork() before this fork is not matched by PyOS_AfterFork_Child() in "
                  "the child, which returns from '%s' and goes on running Python",
                  fn);
  note_before(a, f);
  for (size_t i = 0; i < a->found.n; i++) {
    const struct found *r = &a->found.v[i];
    if (r->kind != kind || (mixed && !r->decided) || r->at.event == FC_NO_EVENT ||
        !exit_outcomes(a, r))
      continue;
    fc_note(f, fc_where_event(p, r->at), "'%s' returns here %s without calling %s()", fn,
            in_process(exit_outcomes(a, r)), kind == M_NO_PARENT ? "PyOS_AfterFork_Parent"
                                                         : "PyOS_AfterFork_Child");
  }
  fc_note(f, at,
          kind == M_NO_PARENT
              ? "call PyOS_AfterFork_Parent() in the parent right after fork(), also when it "
                "returned -1: it releases the import lock and runs the after_in_parent "
                "handlers of os.register_at_fork()"
              : "call PyOS_AfterFork_Child() first in the child, or end it with _exit() or exec "
                "before it runs Python");
}

/* Paths that return after PyOS_BeforeFork() without reaching the fork. */
static void report_before_returns(struct fc_rule_ctx *ctx, const struct an *a, int mixed) {
  struct fc_finding *f = NULL;
  const char *fn = fc_func_name(a->p, a->func);
  struct fc_where at = fc_where_event(a->p, a->s->call);
  for (size_t i = 0; i < a->found.n; i++) {
    const struct found *r = &a->found.v[i];
    if (r->kind != M_BEFORE_RETURNS || (mixed && !r->decided))
      continue;
    if (!f) {
      f = fc_report(ctx->out, ctx->id, at,
                    "PyOS_BeforeFork() before this fork is not matched by "
                    "PyOS_AfterFork_Parent() where '%s' returns before the fork: the import lock "
                    "stays held",
                    fn);
      note_before(a, f);
    }
    if (r->at.event != FC_NO_EVENT)
      fc_note(f, fc_where_event(a->p, r->at),
              "'%s' returns here after PyOS_BeforeFork() without forking", fn);
  }
  if (f)
    fc_note(f, at,
            "call PyOS_AfterFork_Parent() before returning, or call PyOS_BeforeFork() only "
            "right before fork(), after the steps that can fail");
}

static void report_call(struct fc_rule_ctx *ctx, const struct an *a, const struct found *r) {
  const struct fc_program *p = a->p;
  unsigned hook = after_hook_of(a, r);
  const char *name = label(a, r->at, hook);
  struct fc_where at = fc_where_event(p, a->s->call);
  struct fc_finding *f;
  const char *fix;
  switch (r->kind) {
  case M_UNMATCHED:
    f = fc_report(ctx->out, ctx->id, at,
                  "%s() is called %s of this fork without PyOS_BeforeFork() before the fork",
                  name, r->outcomes == FC_CHILD ? "in the child" : "in the parent");
    fix = "call PyOS_BeforeFork() right before fork(), with the GIL held: it takes the import "
          "lock and runs the 'before' handlers of os.register_at_fork() that the after-fork "
          "calls complete";
    break;
  case M_WRONG_PROCESS:
    f = fc_report(ctx->out, ctx->id, at, "%s() is called %s", name,
                  hook == H_PARENT                ? "in the child of this fork"
                  : r->outcomes == FC_FAILED      ? "when this fork fails"
                  : r->outcomes & FC_FAILED       ? "in the parent of this fork, and when it fails"
                                                  : "in the parent of this fork");
    fix = "test the fork result first: PyOS_AfterFork_Child() where it is 0, "
          "PyOS_AfterFork_Parent() everywhere else";
    break;
  default:
    if (a->site_hooks & hook)
      f = fc_report(ctx->out, ctx->id, at, "%s() is called after '%s', which calls it already",
                    name, fc_callee_name(p, a->s->call));
    else
      f = fc_report(ctx->out, ctx->id, at, "%s() is called twice %s of this fork", name,
                    in_process(r->outcomes));
    fix = "call each after-fork function once per fork";
    break;
  }
  note_call(a, f, r->at, hook, "is called");
  if (r->kind == M_TWICE && (a->site_hooks & hook))
    fc_note(f, at, "'%s' runs PyOS_BeforeFork() and the after-fork functions itself",
            fc_callee_name(p, a->s->call));
  else if (r->kind != M_WRONG_PROCESS)
    note_before(a, f);
  fc_note(f, fc_where_event(p, r->at), "%s", fix);
}

static void report_site(struct fc_rule_ctx *ctx, const struct an *a) {
  /* A path without a BeforeFork made through a pointer found the pointer
   * NULL: that is not a conditional BeforeFork, and its after-fork calls
   * through the pointers are not unmatched. */
  int mixed = a->b_at_fork == 3;
  int ptr_before = (a->b_at_fork & 4) != 0;
  report_exits(ctx, a, M_NO_PARENT, mixed);
  report_exits(ctx, a, M_CHILD_RETURNS, mixed);
  report_before_returns(ctx, a, mixed);
  for (size_t i = 0; i < a->found.n; i++) {
    const struct found *r = &a->found.v[i];
    if (r->kind == M_UNMATCHED && ptr_before && !fc_call_is_direct(a->p, r->at))
      continue;
    if (r->kind >= M_UNMATCHED && (r->decided || !mixed))
      report_call(ctx, a, r);
  }
}

/* The functions with a fork of their own: a fork site in their body, or a
 * direct call of such a function (not through pointers, whose targets are
 * only what they may be). */
static uint8_t *forking_functions(const struct fc_program *p) {
  uint32_t n = fc_func_count(p), sp = 0;
  uint8_t *forking = fc_xcalloc(n + 1, 1);
  uint32_t *stack = fc_xmalloc((size_t)(n + 1) * sizeof *stack);
  for (uint32_t i = 0; i < fc_fork_count(p); i++)
    if (!forking[fc_fork_at(p, i)->func]) {
      forking[fc_fork_at(p, i)->func] = 1;
      stack[sp++] = fc_fork_at(p, i)->func;
    }
  while (sp) {
    uint32_t g = stack[--sp];
    for (uint32_t k = 0; k < fc_caller_count(p, g); k++) {
      struct fc_caller c = fc_caller_at(p, g, k);
      if (!forking[c.caller] && fc_call_is_direct(p, c.call)) {
        forking[c.caller] = 1;
        stack[sp++] = c.caller;
      }
    }
  }
  free(stack);
  return forking;
}

void fc_rule_python_fork_pairing(struct fc_rule_ctx *ctx) {
  const struct fc_program *p = ctx->prog;
  struct fc_python py;
  fc_python_init(&py, p);
  uint8_t *forking = forking_functions(p);
  for (uint32_t i = 0; i < fc_fork_count(p); i++) {
    const struct fc_fork_site *s = fc_fork_at(p, i);
    if (s->kind == FC_SITE_VFORK || s->role) /* a role call: the fork inside is judged */
      continue;
    struct an a;
    memset(&a, 0, sizeof a);
    a.p = p;
    a.py = &py;
    a.s = s;
    a.func = s->func;
    a.fork_var = fc_event_at(p, s->call)->var;
    a.forking = forking;
    a.site_hooks = fc_py_site_hooks(&py, s);
    if (!a.site_hooks && !has_hooks(&a))
      continue;
    analyse(&a);
    if (!a.overflow)
      report_site(ctx, &a);
    fc_vec_free(&a.found);
  }
  free(forking);
}
