/*
 * The facts of the link (facts.def), computed once when the program is
 * linked, for the rules that declare they read them. Most flow from callees
 * to callers: f has the fact when it makes a call with the property itself,
 * or calls a function of the program that has it.
 */
#ifndef FORKCHECK_FACTS_H
#define FORKCHECK_FACTS_H

#include <stdint.h>

#include "cfg.h"

enum fc_fact {
#define FC_REACH_KINDS(name, kinds, unless, doc) FC_FACT_##name,
#define FC_REACH_HERE(name, kinds, unless, doc) FC_FACT_##name,
#define FC_REACH_OWN(name, kinds, doc) FC_FACT_##name,
#define FC_REACH_USUAL(name, kinds, doc) FC_FACT_##name,
#define FC_REACH_USUAL_HERE(name, kinds, doc) FC_FACT_##name,
#define FC_REACH_ROLES(name, roles, doc) FC_FACT_##name,
#define FC_REACH(name, pred, doc) FC_FACT_##name,
#define FC_REACH_PRED_HERE(name, pred, doc) FC_FACT_##name,
#define FC_REACH_PRED_PROCESS(name, pred, doc) FC_FACT_##name,
#define FC_REACH_SOUND(name, pred, doc) FC_FACT_##name,
#define FC_MUST(name, of, doc) FC_FACT_##name,
#define FC_FACT(name, compute, needs, doc) FC_FACT_##name,
#include "facts.def"
#undef FC_REACH_KINDS
#undef FC_REACH_HERE
#undef FC_REACH_OWN
#undef FC_REACH_USUAL
#undef FC_REACH_USUAL_HERE
#undef FC_REACH_ROLES
#undef FC_REACH
#undef FC_REACH_SOUND
#undef FC_REACH_PRED_HERE
#undef FC_REACH_PRED_PROCESS
#undef FC_MUST
#undef FC_FACT
  FC_FACT_COUNT,
  FC_FACT_NONE = FC_FACT_COUNT
};
_Static_assert(FC_FACT_COUNT <= 64, "a set of facts is a 64-bit mask");

#define FC_FACT_BIT(name) (UINT64_C(1) << FC_FACT_##name)
/* The facts the engine reads itself: whether threads exist at a fork. */
#define FC_FACTS_ENGINE (FC_FACT_BIT(thread_join) | FC_FACT_BIT(thread_start))
/* The facts judged with the constant arguments of calls (fc_fact_call_args):
 * computed with them at link, through any number of calls. */
#define FC_FACTS_ARGS                                                                       \
  (FC_FACT_BIT(exit_cleanup) | FC_FACT_BIT(exit_cleanup_usual) |                            \
   FC_FACT_BIT(exit_cleanup_here) | FC_FACT_BIT(unsafe_not_python_memory) |                 \
   FC_FACT_BIT(unsafe_beyond_python) | FC_FACT_BIT(unsafe_not_reset) |                       \
   FC_FACT_BIT(unsafe_beyond_python_not_reset) | FC_FACT_BIT(env_modify))

/* reaches[f]: function f has the fact; via[f]: the call in f one step
 * closer to the call that gives it (none where f makes that call). */
struct fc_reach {
  uint8_t *reaches;
  struct fc_ref *via;
  /* For the facts of FC_FACTS_ARGS, with the constant arguments of the calls
   * on the way: may_any[f], f may reach it at all; bit i of may[0][f]
   * (may[1][f]), f may reach it when its parameter i is 0 (is not 0).
   * NULL for the other facts. */
  uint8_t *may_any;
  uint64_t *may[2];
};

static inline int fc_reach_has(const struct fc_reach *r, uint32_t f) { return r->reaches[f]; }
static inline struct fc_ref fc_reach_via(const struct fc_reach *r, uint32_t f) {
  return r->via[f];
}

/* An FC_REACH fact. Reading one that was not computed -- a rule that does
 * not declare it -- is an internal error: the process aborts saying which. */
const struct fc_reach *fc_fact(const struct fc_program *p, enum fc_fact id);
/* Does this call give the fact: a program function that has it, or an
 * external call that satisfies its predicate? A call through a pointer
 * gives it when every function it may hold has it (a hook that always calls
 * PyOS_AfterFork_Child(), a pool start that always starts a thread); a rule
 * that asks what it may reach asks fc_reach_target. */
int fc_fact_call(const struct fc_program *p, enum fc_fact id, struct fc_ref call);
/* Does the fact pass up through this call to the function that makes it
 * (not a call made only in a child, of a failed assertion's handler, ...,
 * as the fact's kind says)? */
int fc_fact_passes(const struct fc_program *p, enum fc_fact id, struct fc_ref call);
/* fc_fact_call, with the call's constant arguments: a direct call of a
 * function that has the fact does not give it when every path from the
 * function's entry to a call that may give it takes an edge testing a
 * parameter (never assigned in the function) that the constant the call
 * passes for it makes false: acquire_lock(1) where the exit() is under
 * `if (!flag)`, log_to(NULL) where it is under `if (path != NULL)`; an
 * address (&buf, a function's name) is taken for a value not 0. Calls
 * on the way are judged the same, with their own constant arguments and
 * with the parameters they pass on, as far as whether each is 0 (facts of
 * FC_FACTS_ARGS, computed at link). Costs the called function's size. */
int fc_fact_call_args(const struct fc_program *p, enum fc_fact id, struct fc_ref call);
/* Can the call return, with its constant arguments: a direct call of a
 * function of the program that returns only where a test of a parameter
 * holds, which the constant makes false (sxiv's `error(EXIT_FAILURE, ...)`
 * returns only for status 0, else exit()s), or an external one that never
 * returns with that argument (raise(SIGKILL): data/noreturn-with.def)? 1
 * when it may, or is not judged (through a pointer, no constant, a large
 * function). */
int fc_call_returns_args(const struct fc_program *p, struct fc_ref call);
/* The function the call runs that has the fact: a direct call's target,
 * the first such target of a call through a pointer; -1 when none has. */
int32_t fc_reach_target(const struct fc_program *p, const struct fc_reach *r, struct fc_ref call);
/* The set `facts` with the facts they are computed from. */
uint64_t fc_facts_closure(uint64_t facts);

/* Threads at a fork site: returns 1 with the evidence when another thread
 * may exist when the call runs. A callback is evidence only when the
 * program the fork is in starts a thread (fc_thread_start_for). */
int fc_threads_at(const struct fc_program *p, const struct fc_fork_site *s,
                  struct fc_evidence *why);

/* The exit-time work of the program function f is in (fact exit_work):
 * what exit() runs there besides ending the process. */
enum fc_exit_work_kind {
  FC_EXITW_NONE,
  FC_EXITW_CALL,       /* at: a call that registers a handler (atexit()) */
  FC_EXITW_DESTRUCTOR, /* func: declared __attribute__((destructor)) */
  FC_EXITW_STATIC_OBJECTS, /* func: in a C++ file with objects of static storage
                              whose classes have destructors, which exit() runs */
  FC_EXITW_PYTHON,     /* func: in a file that includes Python.h (the interpreter's
                          own exit-time work) */
};
struct fc_exit_work {
  uint8_t kind;
  struct fc_ref at;
  int32_t func;
};
struct fc_exit_work fc_exit_work_for(const struct fc_program *p, uint32_t f);
/* The exit-time work the child of fork s inherits: fc_exit_work_for(), but
 * a handler counts only where its registration may run before the fork in
 * the forking process -- in a call that may come before the fork in its
 * function or in a caller's, in what such a call runs, or in a constructor.
 * One the child registers after the fork for itself (inn's nnrpd session
 * child: SetupDaemon() -> SMinit() -> atexit(SMshutdown)), or that another
 * command of the program registers (uftrace live's, not recv's), is not
 * inherited. A fork reached from a function that runs at any time (its
 * address is taken) takes the program's. */
struct fc_exit_work fc_exit_work_at(const struct fc_program *p, const struct fc_fork_site *s);
/* When w is a registration whose handler does nothing unless a global (or
 * a member) is non-zero -- its body is `if (G) { ... }`, the other way
 * goes straight to its end -- and the program registers no other exit-time
 * work: the storage of G (summary.h), else NULL. A child that sets G to 0
 * has disarmed the handler (arachsys init: `pidfile.path = NULL;` before
 * its exec, for `pidfile_close()`'s `if (pidfile.path) unlink(...)`). */
const char *fc_exit_work_guard(const struct fc_program *p, const struct fc_exit_work *w);

/* A call that starts a thread in the program function f is in, nearest
 * its root first (event FC_NO_EVENT if none): the root is a main whose
 * direct calls reach f's file, else the nearest function above f that
 * nothing calls; a compile database often holds several programs. With
 * reaches_also: whether that root reaches the call `also`. */
struct fc_ref fc_thread_start_for(const struct fc_program *p, uint32_t f, struct fc_ref also,
                                  int *reaches_also);

#endif
