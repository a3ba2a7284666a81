/*
 * The linked program: every TU's summary, functions resolved by USR across
 * TUs, and the facts of the link (program.c). Only the engine includes this
 * header; the rules read the program through the query layer (cfg.h).
 */
#ifndef FORKCHECK_PROGRAM_H
#define FORKCHECK_PROGRAM_H

#include <stdint.h>

#include "cfg.h"
#include "facts.h"
#include "knowledge.h"
#include "summary.h"

struct fc_site_vec {
  struct fc_fork_site *v;
  size_t n, cap;
};

struct fc_pfunc {
  uint32_t tu;
  const struct fc_function *fn;
  uint8_t noreturn, fork_source;
  uint16_t noret_param[2];   /* bit i of [k]: it never returns when its parameter
                                i is 0 (k 0) or is not 0 (k 1): fc_call_ends_with */
  uint8_t role, role_outcomes, role_daemon; /* fc_func_role, fc_func_role_daemon */
  uint8_t param_fork;        /* N + 1: returns in the child what a call through its
                                parameter N returns when that call forks */
  struct fc_value role_ret[FC_OUTCOMES];
  uint8_t address_taken;
  uint8_t release_only;      /* fc_call_releases_only: it calls nothing but functions
                                that give back what the process holds */
  uint8_t return_ends;       /* fc_func_return_ends */
  uint8_t drains;            /* waits until a thread pool's threads have counted
                                themselves out (fc_pool_drains_compute) */
  struct fc_ref registered;  /* a call that hands its address to an external function */
  uint32_t type;             /* in fc_program.fn_types, when address_taken */
  struct fc_evidence entry_evidence;
  struct fc_evidence *block_threads; /* per block: threads may exist at entry */
  uint8_t *child_depth;      /* with a fork: per block, how many forks' child alone runs it */
  uint32_t calls_first, calls_count;  /* its call events, in fc_program.calls */
  uint32_t *pred_first;      /* per block (+1): into preds */
  uint32_t *preds;           /* the source block of each edge, by target */
  uint32_t alloc_returns;    /* FC_K_ALLOC_*: it returns an allocation's result (alloc.c) */
  uint8_t *alloc_failed;     /* per block: runs only when an allocation failed; NULL: none */
};

struct fc_program {
  struct fc_tu **tus;
  uint32_t n_tus;
  const struct fc_knowledge *know;
  enum fc_threads_mode threads;
  FC_VEC(struct fc_pfunc) funcs;
  struct fc_target **targets; /* per TU, per callee */
  struct fc_site_vec forks;
  struct fc_site_vec clones; /* clone() calls whose child runs a function */
  struct fc_fork_key { struct fc_ref call; uint32_t site; } *fork_by_call; /* by call */
  FC_VEC(struct fc_ref) calls;
  uint32_t *callers_first;        /* per function: into callers */
  struct fc_caller *callers;
  struct fc_reach facts[FC_FACT_COUNT]; /* the FC_REACH facts computed */
  uint64_t facts_computed;        /* FC_FACT_BIT()s */
  struct fc_unflushed *unflushed; /* the stdout_unflushed fact */
  struct fc_exit_work *exit_work; /* the exit_work fact, per function */
  struct fc_exit_work *exit_by_tu; /* exitwork.c's tu_work(), per TU */
  int has_main;
  struct fc_ref thread_start; /* a call that starts a thread, if the program makes one */
  struct fc_strtab fn_types;  /* function types of address-taken functions */
  /* Calls through pointers (pointers.c): per TU, per event (+1), the first
   * of its targets in ptr_targets. */
  uint32_t **ptr_first;
  FC_VEC(struct fc_target) ptr_targets;
  int32_t *tu_main;           /* per TU: the first main whose direct calls reach it, or -1 */
  struct fc_ref *main_start;  /* per function: for a main, fc_thread_start_for its program */
  uint8_t *tu_threads;        /* per TU: a main whose direct calls reach it may start a
                                 thread in its own program (not only through another
                                 program's files) */
  uint8_t **child_event;      /* per TU, per event: fc_call_in_child */
  uint64_t *prog_mask;        /* per function: the programs that run it, a bit per main
                                 (the 64th and later share the last); 0: none known, or
                                 one program only (threads.c, program_masks) */
  uint64_t *start_mask;       /* per function: the programs in which it may start a
                                 thread, with prog_mask (threads.c, start_masks) */
  /* The storages a function with a fork site gives a value (flags that may
   * tell the child from the parent), and per storage, per function: it may
   * change the storage (fc_call_may_write). */
  struct fc_strtab flag_storages;
  uint8_t **may_write;
  uint8_t *settled;           /* per flag storage: fc_var_settled */
  uint8_t *site_main;         /* per fork site: 1, a main's process forks there (its
                                 direct calls reach the fork's function, not in a
                                 child); 2, and may have started a thread (threads.c) */
  uint8_t *site_mode_single;  /* per fork site: its threads run only in a mode that does
                                 not fork there (threads.c, only_mode_threads) */
  uint8_t **alloc_failed;     /* per TU, per event: fc_call_alloc_failed */
  uint32_t *cycle;            /* per function: its strongly connected component of
                                 the call graph (cycles.c) */
  uint8_t *crash_only;        /* per function: every call of it is fc_call_crash_only */
  FC_VEC(struct fc_ref) crash_calls; /* calls the program declares not to return, of
                                        functions whose way out is a crash, by ref
                                        (cfg.c, fc_crash_compute) */
  uint8_t **returns_after;    /* per TU, per event: fc_call_returns_after */
  FC_VEC(struct fc_ref) null_fd_calls; /* dup2() calls putting a null device's
                                          descriptor in place, and close() calls
                                          leaving it closed, by ref (fds.c) */
  FC_VEC(struct fc_ref) env_free_calls; /* calls of the environment's writers where
                                           its lock is never held at a fork, by ref
                                           (envlock.c, the env_free fact) */
};

/* Links the summaries (which stay owned by the caller) and computes the
 * facts in the mask `facts` (FC_FACT_BIT()s), with those they need and the
 * engine's own. */
struct fc_program *fc_program_link(struct fc_tu **tus, uint32_t n_tus,
                                   const struct fc_knowledge *know,
                                   enum fc_threads_mode threads, uint64_t facts);
void fc_program_free(struct fc_program *p);

/* The steps of the link that compute facts: facts.c, threads.c. */
void fc_facts_compute(struct fc_program *p, uint64_t facts);
void fc_facts_free(struct fc_program *p);
void fc_unflushed_compute(struct fc_program *p);
void fc_unflushed_free(struct fc_program *p);
void fc_exit_work_compute(struct fc_program *p);
void fc_exit_work_free(struct fc_program *p);
void fc_alloc_compute(struct fc_program *p);
void fc_alloc_free(struct fc_program *p);
void fc_env_free_compute(struct fc_program *p); /* env_free_calls (envlock.c) */
/* An fc_call_pred: a call of one of the environment's writers (envlock.c). */
int fc_call_modifies_env(const struct fc_program *p, struct fc_ref ref, void *arg);
/* Aborts, naming the fact, when it was not computed. */
void fc_fact_check(const struct fc_program *p, enum fc_fact id);
void fc_threads_compute(struct fc_program *p);
void fc_pool_drains_compute(struct fc_program *p); /* fc_pfunc.drains */
void fc_threads_modes_compute(struct fc_program *p); /* site_mode_single */
void fc_children_compute(struct fc_program *p); /* child_depth, child_event */
void fc_pointers_resolve(struct fc_program *p);
void fc_crash_compute(struct fc_program *p); /* crash_only (cfg.c) */
void fc_cycles_compute(struct fc_program *p);
void fc_fds_compute(struct fc_program *p); /* null_fd_calls (fds.c) */
void fc_return_ends_compute(struct fc_program *p); /* ends.c */
void fc_pointers_free(struct fc_program *p);

static inline const char *fc_pstr(const struct fc_program *p, uint32_t tu, uint32_t id) {
  return fc_str(&p->tus[tu]->strs, id);
}

#endif
