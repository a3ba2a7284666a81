/*
 * The linked program: every TU's summary, functions resolved by USR across
 * TUs, and the per-function facts the rules read (computed to a fixpoint
 * with worklists, never by recursion):
 *   noreturn          every path ends in a call that does not return
 *   fork_source       returns the result of a fork to its caller in the child
 *   reaches_unsafe    can call a function that is not async-signal-safe
 *   starts_thread     can start a thread
 *   entry_evidence    why another thread may exist when it is entered
 */
#ifndef FORKCHECK_PROGRAM_H
#define FORKCHECK_PROGRAM_H

#include <stdint.h>

#include "knowledge.h"
#include "summary.h"

struct fc_program;

enum fc_threads_mode { FC_THREADS_AUTO, FC_THREADS_YES, FC_THREADS_NO };

/* A call event, named by its TU and its index in that TU's events. */
struct fc_ref {
  uint32_t tu;
  uint32_t event; /* UINT32_MAX: none */
};

#define FC_NO_EVENT UINT32_MAX

/* Why another thread may exist at a point. */
enum fc_evidence_kind {
  FC_EVID_NONE,
  FC_EVID_THREAD_START, /* at: the call that starts (or leads to) a thread */
  FC_EVID_CALLBACK,     /* func may run at any time: registered with a library
                           (at: the registration) or never called (at: none) */
  FC_EVID_NO_MAIN,      /* a library: threads may exist everywhere */
  FC_EVID_PYTHON,       /* the TU includes Python.h */
  FC_EVID_ASSUMED,      /* --threads=yes */
};

struct fc_evidence {
  uint8_t kind;
  struct fc_ref at;
  int32_t func; /* FC_EVID_CALLBACK: the function */
};

/* What a call resolves to. */
struct fc_target {
  int32_t func;   /* program function index, or -1 for an external */
  uint32_t kinds; /* FC_K_* of the external (plus FC_K_NORETURN if declared so) */
  int arg;        /* the argument the kinds are about, or -1 (data/functions.def) */
};

struct fc_pfunc {
  uint32_t tu;
  const struct fc_function *fn;
  uint8_t noreturn, fork_source;
  uint8_t address_taken, called;
  struct fc_ref registered;  /* a call that hands its address to an external function */
  uint32_t type;             /* in fc_program.fn_types, when address_taken */
  struct fc_evidence entry_evidence;
  struct fc_evidence *block_threads; /* per block: threads may exist at entry */
  uint32_t calls_first, calls_count;  /* its call events, in fc_program.calls */
};

enum fc_site_kind { FC_SITE_FORK, FC_SITE_VFORK, FC_SITE_DAEMON };

struct fc_fork_site {
  uint32_t func;   /* program function containing the call */
  uint32_t block;  /* within the function */
  uint32_t index;  /* event index within the block */
  struct fc_ref call;
  uint8_t kind;
};

/* A fact that flows from callees to callers: reaches[f] says function f can
 * make a call with the property (itself or through the functions it calls);
 * via[f] is the call in f one step closer to it (none where f makes it). */
struct fc_reach {
  uint8_t *reaches;
  struct fc_ref *via;
};

typedef int (*fc_call_pred)(const struct fc_program *p, struct fc_ref call, void *arg);

struct fc_program {
  struct fc_tu **tus;
  uint32_t n_tus;
  const struct fc_knowledge *know;
  enum fc_threads_mode threads;
  FC_VEC(struct fc_pfunc) funcs;
  struct fc_target **targets; /* per TU, per callee */
  FC_VEC(struct fc_fork_site) forks;
  FC_VEC(struct fc_ref) calls;
  uint32_t *callers_first;        /* per function: into callers */
  struct fc_caller { uint32_t caller; struct fc_ref call; } *callers;
  struct fc_reach unsafe;         /* reaches a function not async-signal-safe */
  struct fc_reach thread_start;   /* reaches a thread start */
  int has_main;
  struct fc_strtab fn_types;  /* function types of address-taken functions */
  uint8_t *type_threads;      /* per type: a call through a pointer of that type may
                                 run while threads exist */
};

/* Links the summaries (which stay owned by the caller) and computes facts. */
struct fc_program *fc_program_link(struct fc_tu **tus, uint32_t n_tus,
                                   const struct fc_knowledge *know,
                                   enum fc_threads_mode threads);
void fc_program_free(struct fc_program *p);

static inline const struct fc_event *fc_event_at(const struct fc_program *p, struct fc_ref r) {
  return &p->tus[r.tu]->events.v[r.event];
}
static inline const char *fc_pstr(const struct fc_program *p, uint32_t tu, uint32_t id) {
  return fc_str(&p->tus[tu]->strs, id);
}
/* The target of a call event (func -1 and kinds 0 for indirect calls). */
struct fc_target fc_call_target(const struct fc_program *p, struct fc_ref call);
/* The called function's name ("<indirect>" for pointers). */
const char *fc_callee_name(const struct fc_program *p, struct fc_ref call);
int fc_call_noreturn(const struct fc_program *p, struct fc_ref call);
/* Is the external target async-signal-safe? (program functions: see facts) */
int fc_target_is_unsafe_external(const struct fc_program *p, struct fc_ref call);

/* Computes a fact that flows from callees to callers: breadth-first from the
 * functions that make a call satisfying pred themselves, so chains are short
 * and cycles end. Free with fc_reach_free. */
struct fc_reach fc_reach_compute(const struct fc_program *p, fc_call_pred pred, void *arg);
void fc_reach_free(struct fc_reach *r);
/* Does this call satisfy the fact, directly or through the callee? */
int fc_reach_call(const struct fc_program *p, const struct fc_reach *r, fc_call_pred pred,
                  void *arg, struct fc_ref call);

/* Threads at a fork site: returns 1 with the evidence when another thread
 * may exist when the call runs. */
int fc_threads_at(const struct fc_program *p, const struct fc_fork_site *s,
                  struct fc_evidence *why);

/* ---- the child region of a fork site (region.c) ------------------------ */

/* FC_UNMARKED: on some path to here, no marker call was made since the fork
 * (only when the region is computed with a marker). FC_UNMARKED_IN(outcome):
 * the same, on some path where the fork result is that outcome, so that a
 * marker called only in the child is not undone by a parent path merging. */
enum { FC_CHILD = 1, FC_PARENT = 2, FC_FAILED = 4, FC_ALL = 7, FC_DEAD = 8, FC_UNMARKED = 16 };
#define FC_UNMARKED_SHIFT 5
#define FC_UNMARKED_IN(outcomes) ((unsigned)(outcomes) << FC_UNMARKED_SHIFT)

struct fc_region {
  const struct fc_fork_site *site;
  fc_call_pred marker;      /* optional: calls that clear FC_UNMARKED */
  void *marker_arg;
  uint8_t *in;              /* per block: state at entry (FC_CHILD|... |FC_DEAD) */
  uint8_t parent_exits;     /* the parent's every path ends the process */
  uint8_t child_returns;    /* the child returns the fork result (a wrapper) */
};

void fc_region_compute(const struct fc_program *p, const struct fc_fork_site *s,
                       struct fc_region *r);
/* The same, tracking FC_UNMARKED for calls that satisfy marker. */
void fc_region_compute_marked(const struct fc_program *p, const struct fc_fork_site *s,
                              fc_call_pred marker, void *arg, struct fc_region *r);
void fc_region_free(struct fc_region *r);
/* The fork outcomes (FC_CHILD|FC_PARENT|FC_FAILED) for which edge e's test
 * can hold when it tests the fork result. */
unsigned fc_edge_outcomes(const struct fc_edge *e);

/* Calls fn for each event the region reaches, with the state before it.
 * Returns early when fn returns non-zero. */
typedef int (*fc_region_visit)(void *ctx, struct fc_ref ev, uint32_t block, unsigned state);
void fc_region_walk(const struct fc_program *p, const struct fc_region *r, fc_region_visit fn,
                    void *ctx);
/* The state that leaves block b along its e-th edge: b's events run from
 * r->in[b], then the edge's test applies (0 when the region does not take the
 * edge). Where one outcome's path joins another's shows on the edges. */
unsigned fc_region_edge_state(const struct fc_program *p, const struct fc_region *r, uint32_t b,
                              uint32_t e);

#endif
