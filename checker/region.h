/*
 * The child region of a fork site: a forward dataflow over the function's
 * CFG of what the fork result may be on each path -- the child (== 0), the
 * parent (> 0), failure (== -1) -- refined by the edges that test the
 * variable holding it, or a flag or copy made from it (`child = 1` in the
 * child's branch, `is_child = (pid == 0)`), and ended by calls that do not
 * return.
 */
#ifndef FORKCHECK_REGION_H
#define FORKCHECK_REGION_H

#include <stdint.h>

#include "cfg.h"

/* FC_UNMARKED: on some path to here, no marker call was made since the fork
 * (only when the region is computed with a marker). FC_UNMARKED_IN(outcome):
 * the same, on some path where the fork result is that outcome, so that a
 * marker called only in the child is not undone by a parent path merging. */
enum { FC_CHILD = 1, FC_PARENT = 2, FC_FAILED = 4, FC_ALL = 7, FC_DEAD = 8, FC_UNMARKED = 16 };
/* The variables a region follows: the fork's result and a few more. */
enum { FC_REGION_SLOTS = 6 };
#define FC_UNMARKED_SHIFT 5
#define FC_UNMARKED_IN(outcomes) ((unsigned)(outcomes) << FC_UNMARKED_SHIFT)
_Static_assert(FC_UNMARKED_IN(FC_ALL) <= 0xff, "a region state fits in a byte");
/* In fc_region.ret_outcomes: returns without having forked. */
#define FC_BEFORE 8u
_Static_assert(FC_UNMARKED_IN(1) > FC_UNMARKED, "the outcome marks follow FC_UNMARKED");

struct fc_region {
  const struct fc_fork_site *site;
  uint32_t func;            /* the function whose blocks `in` covers: the site's,
                               or the function a clone() child runs (site->child),
                               entered in the child alone */
  fc_call_pred marker;      /* optional: calls that clear FC_UNMARKED */
  void *marker_arg;
  uint8_t *in;              /* per block: state at entry (FC_CHILD|... |FC_DEAD) */
  void *states;             /* per block: the same, with the variables followed */
  uint8_t parent_exits;     /* the parent's every path ends the process */
  uint8_t parent_stays;     /* ... after waiting for a child or forking again */
  uint8_t child_returns;    /* the child returns the fork result (a wrapper) */
  uint8_t child_unmarked;   /* with a marker: the child returns on a path without one */
  uint8_t ret_outcomes;     /* the outcomes in which the function returns, and
                               FC_BEFORE when it returns on a path without the fork */
  struct fc_value ret[FC_IN_BEFORE + 1]; /* what it returns in each */
  int32_t slot_var[FC_REGION_SLOTS];     /* the variables followed, chosen once */
  uint32_t n_slots;
};

void fc_region_compute(const struct fc_program *p, const struct fc_fork_site *s,
                       struct fc_region *r);
/* The same, tracking FC_UNMARKED for calls that satisfy marker. */
void fc_region_compute_marked(const struct fc_program *p, const struct fc_fork_site *s,
                              fc_call_pred marker, void *arg, struct fc_region *r);
void fc_region_free(struct fc_region *r);
/* With r computed with a marker: has the child made a marker call on every
 * path from the fork to event `ref` of block b (b's events before it
 * included)? */
int fc_region_marked_before(const struct fc_program *p, const struct fc_region *r, uint32_t b,
                            struct fc_ref ref);
/* Is the call an exec (execve(), execvp() ...), which returns only when it
 * fails, and then -1? An fc_call_pred, for a region's marker. */
int fc_call_is_exec(const struct fc_program *p, struct fc_ref ref, void *arg);
/* Does fork s's child come to event `ref` of block b only after a failed
 * exec: an exec on every path from the fork (`AZ(execl(...))`: the
 * assertion fails whenever the exec returns)? `ex` is a zeroed region the
 * first call computes, with exec as its marker; fc_region_free() it. */
int fc_region_after_exec(const struct fc_program *p, const struct fc_fork_site *s,
                         struct fc_region *ex, uint32_t b, struct fc_ref ref);
/* checker/childexec.c. The depth of the blocks (fc_block_child_depth) that
 * only the child of a fork r's child makes runs: that grandchild's, with
 * its own region (UINT32_MAX for a clone() child's function). */
uint32_t fc_region_grandchild_depth(const struct fc_program *p, const struct fc_region *r);
/* Does a call of r's function exec, or call a function that can, in a state
 * with `in` and without `not_in`, above depth `deeper`? */
int fc_region_execs(const struct fc_program *p, const struct fc_region *r, uint32_t deeper,
                    unsigned in, unsigned not_in);
/* May r's child exec: a call in its code execs or leads to one (not in a
 * grandchild's blocks), or it returns to a caller (not main's) that can
 * exec after the call? */
int fc_child_may_exec(const struct fc_program *p, const struct fc_region *r);
/* Is the call exit() (or another exit-time cleanup call) with the constant
 * status 0: a success? */
int fc_exit_success(const struct fc_program *p, struct fc_ref ref);
/* May r's child have called an exec (or a function that can exec) before
 * event `ref` of block b, on a way back from it to the fork in its own
 * blocks? Or is the way there a call's failure (`if (ChangeUser(user) <
 * 0) exit(0);`: dcron's status 0 on a set-up failure)? */
int fc_child_exec_before(const struct fc_program *p, const struct fc_region *r, uint32_t b,
                         struct fc_ref ref);
/* In a child that may exec, is the exit at event `ref` of block b the
 * failure of the exec or of its set-up (all but an exit(0) with no exec
 * before it, and not on a call's failure: the designed end of a way that
 * does the child's own work)? */
int fc_exit_on_exec_failure(const struct fc_program *p, const struct fc_region *r, uint32_t b,
                            struct fc_ref ref);
/* The state at the entry of block b. */
static inline unsigned fc_region_in(const struct fc_region *r, uint32_t b) { return r->in[b]; }
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
/* Does a path that did not fork (the fork is on a branch) reach block b? */
int fc_region_unforked(const struct fc_region *r, uint32_t b);
/* Values of a variable on two paths joined; does a test of a value tell
 * the child's from the parent's (one 0 and the other not, or two
 * constants)? */
struct fc_value fc_value_join(struct fc_value a, struct fc_value b);
int fc_tells_apart(const struct fc_value *child, const struct fc_value *parent);
/* Does the function return, after the fork, a value that tells the child
 * from the parent (`return 0` in the child and the pid or 1 in the parent),
 * so that its callers can branch on it? */
int fc_region_returns_role(const struct fc_region *r);
/* Does block b run in the child alone: no parent, no failed fork, and not
 * the process before the fork coming round a loop? */
int fc_region_child_only(const struct fc_region *r, uint32_t b);
/* Does fork s make a daemon that carries on the caller's program: its
 * child returns 0 to the callers of its function, and nothing else, and
 * its parent ends at once, or the child does so through such a fork of its
 * own (libdaemon's daemon_fork(): the grandchild returns 0 and becomes the
 * daemon, the middle process _exit()s, the first parent returns the
 * daemon's pid)? A fork wrapper whose parent goes on is no daemon. */
int fc_region_makes_daemon(const struct fc_program *p, const struct fc_fork_site *s);
/* Does block b run, before the fork, in no process that forks here: only
 * in the child, which never returns from the function, or in a process
 * that did not fork because a settled global (fc_var_settled) said so, one
 * that says otherwise at the fork (`if (!dontfork) fork();` then code both
 * the child and the no-fork mode run)? A thread such a block starts never
 * exists in the process that forks (fc_threads_at). */
int fc_region_mode_only(const struct fc_program *p, const struct fc_region *r, uint32_t b);
/* Do the child and the parent reach block b only in different modes of
 * the program: a settled global (fc_var_settled) holds there, by the tests
 * on the way, values in the child that it cannot hold in the parent (`if
 * ((pid != 0 && daemonized) || (pid == 0 && !daemonized)) exec_or_die();`:
 * with -D the parent execs and the child goes on, without it the other way
 * round)? Then in any one run only one of them runs b. */
int fc_region_modes_apart(const struct fc_program *p, const struct fc_region *r, uint32_t b);
/* Does the function leave, in a global or a member that a caller of it
 * tests, a value that tells the child from the parent when both return
 * (`if (pid > 0) { is_master = 1; return; }`, `proc->is_child = 1`)? */
int fc_region_role_flag(const struct fc_program *p, const struct fc_region *r);
/* Does some block of the region run in the child alone? When no test of the
 * fork result is followed (it went into an array element, say), child and
 * parent are never told apart and the region says nothing of the child. */
int fc_child_separated(const struct fc_program *p, const struct fc_region *r);

#endif
