/*
 * unchecked-fork-error: fork() returns -1 on failure, and code that tests
 * only for 0 or for > 0 sends that -1 where only a real pid or the child
 * belongs:
 *   - into the child's code (`if (pid > 0) {parent} else {child}`): on
 *     failure the parent itself runs the child's code, and execs or exits;
 *   - into kill(pid, ..) or kill(-pid, ..), killpg(pid, ..): kill(-1, sig)
 *     signals every process the caller may signal, kill(1, sig) is init;
 *   - into waitpid(pid, ..) or wait4(pid, ..): -1 waits for any child.
 *   - into the parent's exit(0) (`if (fork() != 0) exit(0);`, a daemonize):
 *     the process ends reporting success, and no child carries on.
 * One finding at the fork, with a note where -1 does the damage. A failure
 * whose only consequence is that the parent ends with a failure status, or
 * runs the child's code only up to `_exit()`, is not reported, nor -1 handled in a branch of its own that
 * then joins the cleanup of the child's failed set-up.
 *
 * A result stored in a global or a member outlives the function: when the
 * failed parent goes on (calls something, or returns) with -1 still there,
 * another function that passes it to kill() or waitpid() after testing it
 * only for 0 (`if (child_pid) kill(-child_pid, sig)` in a signal handler)
 * does the same damage, in any file.
 */
#include "rules.h"

#include <stdlib.h>

FC_RULE_READS(fc_rule_unchecked_fork_error, FC_FACT_BIT(execs));

enum harm { HARM_CHILD_CODE, HARM_KILL, HARM_KILL_NEG, HARM_KILLPG, HARM_WAIT, HARM_EXIT_OK };

struct damage {
  struct fc_ref at;
  uint32_t block; /* of `at` */
  enum harm harm;
  const char *name;
  unsigned line, col;
};

struct walk {
  const struct fc_program *p;
  int32_t pid;
  FC_VEC(struct damage) v;
  struct fc_ref left; /* where the failed parent goes on with -1 stored */
  int tested;         /* -1 is tested: a branch of its own does something, or a
                         function given the result tests it */
  int failure_named;  /* a test of the result for -1 itself leads into the child's
                         code: the parent runs it on purpose (failure_into_child) */
};

static void add(struct walk *w, struct fc_ref at, uint32_t block, enum harm harm) {
  const struct fc_event *ev = fc_event_at(w->p, at);
  struct damage d = {at, block, harm, ev->kind == FC_EV_CALL ? fc_callee_name(w->p, at) : "return",
                     ev->loc.line, ev->loc.col};
  fc_vec_push(&w->v, d);
}

/* The harm of passing -1 to this call as its pid argument `pid`, or -1. */
static int harm_of(const struct fc_program *p, struct fc_ref ref, const struct fc_arg *pid) {
  struct fc_target t = fc_call_target(p, ref);
  const struct fc_arg *sig = t.arg < 0 ? NULL : fc_call_arg(p, ref, (uint32_t)t.arg + 1);
  int neg = pid->kind == FC_ARG_NEG_VAR;
  if ((t.kinds & FC_K_SIGNAL) && (t.kinds & FC_K_PID_ARG)) {
    if (sig && sig->kind == FC_ARG_CONST && sig->value == 0)
      return -1; /* kill(pid, 0) only probes */
    return neg ? HARM_KILL_NEG : HARM_KILL;
  }
  if ((t.kinds & FC_K_SIGNAL) && !neg)
    return fc_knowledge_rejects_negative_group(fc_program_knowledge(p), fc_callee_name(p, ref))
               ? -1 /* glibc's and musl's killpg(-1) signals nothing */
               : HARM_KILLPG;
  if ((t.kinds & FC_K_WAIT) && (t.kinds & FC_K_PID_ARG) && !neg)
    return HARM_WAIT;
  return -1;
}

/* The pid argument of an external call that takes one, or NULL. */
static const struct fc_arg *pid_arg(const struct fc_program *p, struct fc_ref ref) {
  if (!fc_call_is_direct(p, ref))
    return NULL;
  struct fc_target t = fc_call_target(p, ref);
  const struct fc_arg *pid = t.arg < 0 || t.func >= 0 ? NULL : fc_call_arg(p, ref, (uint32_t)t.arg);
  return pid && (pid->kind == FC_ARG_VAR || pid->kind == FC_ARG_NEG_VAR) ? pid : NULL;
}

/* Does function g test its parameter i (never assigned) against -1: a
 * test that -1 satisfies and neither 0 nor a pid does, or the reverse
 * (`if (pid == -1)`, `pid < 0`)? */
static int tests_failure(const struct fc_program *p, uint32_t g, uint32_t i) {
  if (i >= fc_var_count(p, g) || !(fc_var_flags(p, g, (int32_t)i) & FC_VAR_PARAM))
    return 0;
  int tested = 0;
  for (uint32_t b = 0; b < fc_block_count(p, g); b++) {
    for (uint32_t k = 0; k < fc_event_count(p, g, b); k++) {
      const struct fc_event *ev = fc_event_at(p, fc_block_event(p, g, b, k));
      if (ev->var == (int32_t)i && (ev->kind == FC_EV_ASSIGN || ev->kind == FC_EV_CALL))
        return 0;
    }
    for (uint32_t e = 0; e < fc_succ_count(p, g, b); e++) {
      const struct fc_edge *ed = fc_succ_edge(p, g, b, e);
      int fails = ed->var == (int32_t)i && ed->test != FC_T_ALWAYS && ed->test != FC_T_DEFAULT
                      ? fc_test_holds(ed->test, -1, ed->value)
                      : -1;
      tested |= fails >= 0 && fails != fc_test_holds(ed->test, 0, ed->value) &&
                fails != fc_test_holds(ed->test, 1, ed->value);
    }
  }
  return tested;
}

/* A call on the failed parent's path that passes the result to a function
 * of the program that tests it against -1 (procmail's forkerr(pid)). */
static int failure_helper(const struct walk *w, struct fc_ref ref) {
  int32_t g = fc_call_target(w->p, ref).func;
  const struct fc_arg *a;
  for (uint32_t i = 0; g >= 0 && (a = fc_call_arg(w->p, ref, i)); i++)
    if (a->kind == FC_ARG_VAR && a->var == w->pid && tests_failure(w->p, (uint32_t)g, i))
      return 1;
  return 0;
}

/* Does the call end the process with status 0 (exit(0), _exit(0),
 * _Exit(0), exit(EXIT_SUCCESS))? */
static int exits_ok(const struct fc_program *p, struct fc_ref ref) {
  struct fc_target t = fc_call_target(p, ref);
  const struct fc_arg *status = fc_call_arg(p, ref, 0);
  return t.func < 0 && (t.kinds & FC_K_NORETURN) &&
         (t.kinds & (FC_K_EXIT_CLEANUP | FC_K_VFORK_ALLOWED)) && !(t.kinds & FC_K_EXEC) &&
         status && status->kind == FC_ARG_CONST && status->value == 0;
}

static int visit(void *arg, struct fc_ref ref, uint32_t block, unsigned state) {
  struct walk *w = arg;
  const struct fc_program *p = w->p;
  if (!(state & FC_FAILED))
    return 0;
  const struct fc_event *ev = fc_event_at(p, ref);
  if (ev->kind == FC_EV_CALL && !(state & FC_DEAD) &&
      ((state & FC_ALL) == FC_FAILED || (fc_call_is_direct(p, ref) && failure_helper(w, ref))))
    w->tested = 1;
  if (w->left.event == FC_NO_EVENT && !(state & FC_DEAD) && !(state & FC_CHILD) &&
      (ev->kind == FC_EV_RETURN || (ev->kind == FC_EV_CALL && !fc_call_noreturn(p, ref))))
    w->left = ref;
  int child_only = (state & FC_CHILD) && !(state & FC_PARENT) && !w->failure_named;
  /* `return pid;`, the child's and the failure's alike (auditd's
   * auditd_fork_child() frees its record on -1, then returns what fork()
   * gave): -1 goes back to the callers, whose tests of it are the check
   * (failing_wrappers), not into the child's code. */
  if (ev->kind == FC_EV_RETURN && child_only && !(w->pid >= 0 && ev->var == w->pid)) {
    add(w, ref, block, HARM_CHILD_CODE);
    return 0;
  }
  if (!fc_call_is_direct(p, ref))
    return 0;
  if (child_only && !fc_call_noreturn(p, ref))
    add(w, ref, block, HARM_CHILD_CODE);
  if ((state & (FC_ALL | FC_DEAD)) == (FC_PARENT | FC_FAILED) && exits_ok(p, ref))
    add(w, ref, block, HARM_EXIT_OK);
  const struct fc_arg *pid = pid_arg(p, ref);
  if (!pid || (state & FC_DEAD) || pid->var != w->pid)
    return 0;
  int harm = harm_of(p, ref, pid);
  if (harm >= 0)
    add(w, ref, block, (enum harm)harm);
  return 0;
}

/* ---- -1 left in a global or a member ------------------------------------ */

/* A flow over a function that reads the storage: may it still hold -1
 * here? Tests that -1 fails (> 0, != -1, >= 0), stores of its own, and a
 * call of the function that forks (whose result it tests instead) clear
 * it. */
struct reader {
  const struct fc_program *p;
  uint32_t f;
  const char *storage;
  uint32_t forks; /* the function that stores the fork's result */
};

static int names_storage(const struct reader *r, int32_t var) {
  return fc_var_in_storage(r->p, r->f, var, r->storage);
}

static uint8_t read_block(const struct reader *r, uint32_t b, uint8_t s, uint32_t upto) {
  for (uint32_t i = 0; i < fc_event_count(r->p, r->f, b) && i < upto && s; i++) {
    struct fc_ref ref = fc_block_event(r->p, r->f, b, i);
    const struct fc_event *ev = fc_event_at(r->p, ref);
    if ((ev->kind == FC_EV_ASSIGN || ev->kind == FC_EV_CALL) && names_storage(r, ev->var))
      s = 0;
    else if (ev->kind == FC_EV_CALL &&
             (fc_call_noreturn(r->p, ref) || fc_call_target(r->p, ref).func == (int32_t)r->forks))
      s = 0;
  }
  return s;
}

static int read_run(void *ctx, uint32_t b, void *s) {
  uint8_t *st = s;
  *st = read_block(ctx, b, *st, UINT32_MAX);
  return *st;
}

static int read_along(void *ctx, uint32_t b, uint32_t e, void *s) {
  const struct reader *r = ctx;
  const struct fc_edge *ed = fc_succ_edge(r->p, r->f, b, e);
  uint8_t *st = s;
  if (ed->test != FC_T_ALWAYS && ed->test != FC_T_DEFAULT && names_storage(r, ed->var) &&
      !fc_test_holds(ed->test, -1, ed->value))
    *st = 0;
  return *st;
}

static int read_join(void *ctx, void *into, const void *from) {
  (void)ctx;
  uint8_t *a = into, old = *a;
  *a |= *(const uint8_t *)from;
  return *a != old;
}

/* Can call `use` (in block b of f) get -1 from the storage? */
static int may_read_failure(const struct reader *r, uint32_t b, struct fc_ref use) {
  uint32_t n = fc_block_count(r->p, r->f), entry = FC_ENTRY, i = 0;
  uint8_t *in = fc_xcalloc(n, 1);
  in[FC_ENTRY] = 1;
  struct fc_flow df = {r->p, r->f, 1, 0, read_run, read_along, read_join, (void *)r};
  fc_flow_run(&df, in, &entry, 1);
  while (i < fc_event_count(r->p, r->f, b) && fc_block_event(r->p, r->f, b, i).event != use.event)
    i++;
  uint8_t at = read_block(r, b, in[b], i);
  free(in);
  return at;
}

/* ---- a failure its callers end on --------------------------------------- */

/* After a call in function f (event `index` of `block`), on the paths where
 * its result (variable `result`) is `fail`: does the process go on -- call
 * a function of the program, return, loop back, or lose the result --
 * before a call that does not return? */
struct after_call {
  const struct fc_program *p;
  uint32_t f, block, index;
  int32_t result;
  int64_t fail;
};

static int after_enter(void *ctx, uint32_t b) {
  const struct after_call *a = ctx;
  const struct fc_program *p = a->p;
  if (b == FC_EXIT)
    return FC_DFS_STOP;
  for (uint32_t i = b == a->block ? a->index + 1 : 0; i < fc_event_count(p, a->f, b); i++) {
    struct fc_ref ref = fc_block_event(p, a->f, b, i);
    const struct fc_event *ev = fc_event_at(p, ref);
    if (ev->kind == FC_EV_CALL && fc_call_noreturn(p, ref))
      return FC_DFS_SKIP;
    if (ev->kind == FC_EV_RETURN ||
        (ev->var == a->result && (ev->kind == FC_EV_ASSIGN || ev->kind == FC_EV_CALL)) ||
        (ev->kind == FC_EV_CALL &&
         (!fc_call_is_direct(p, ref) || fc_call_target(p, ref).func >= 0)))
      return FC_DFS_STOP;
  }
  return FC_DFS_FOLLOW;
}

static int after_edge(void *ctx, uint32_t b, uint32_t e, uint32_t t, int seen) {
  (void)seen;
  const struct after_call *a = ctx;
  const struct fc_edge *ed = fc_succ_edge(a->p, a->f, b, e);
  if (t == a->block)
    return FC_DFS_STOP;
  if (ed->var == a->result && ed->test != FC_T_ALWAYS && ed->test != FC_T_DEFAULT &&
      !fc_test_holds(ed->test, a->fail, ed->value))
    return FC_DFS_SKIP;
  return FC_DFS_FOLLOW;
}

/* Does the process end at once in caller c wherever the call returned
 * `fail`? */
static int caller_ends(const struct fc_program *p, struct fc_caller c, int64_t fail) {
  struct after_call a = {p, c.caller, 0, 0, fc_event_at(p, c.call)->var, fail};
  if (a.result < 0)
    return 0;
  if (fc_event_place(p, c.caller, c.call, &a.block, &a.index)) {
    struct fc_dfs d = {p, c.caller, after_enter, after_edge, &a};
    return !fc_dfs_run(&d, a.block);
  }
  return 0;
}

/* The fork's function returns a constant on failure (`return -1;`), and
 * each of its callers, all known, ends the process where it gets that
 * constant: the -1 left in storage is never read (dtach's init_pty). */
static int callers_end_on_failure(const struct fc_program *p, const struct fc_region *r) {
  uint32_t f = r->site->func;
  const struct fc_value *v = &r->ret[FC_IN_FAILED];
  if (!(r->ret_outcomes & FC_FAILED) || v->cls != FC_V_CONST || fc_func_address_taken(p, f) ||
      !fc_caller_count(p, f))
    return 0;
  for (uint32_t k = 0; k < fc_caller_count(p, f); k++)
    if (!caller_ends(p, fc_caller_at(p, f, k), v->c))
      return 0;
  return 1;
}

/* Does the failed parent go on with the result still stored: return (to
 * a caller that goes on), or loop back to the fork to try again? A failure
 * that ends the process does not leave -1 for anyone. */
static int failure_goes_on(const struct fc_program *p, const struct fc_region *r) {
  uint32_t f = r->site->func;
  unsigned again = fc_region_in(r, r->site->block);
  if ((again & FC_FAILED) && !(again & FC_DEAD))
    return 1;
  for (uint32_t b = 0; b < fc_block_count(p, f); b++)
    for (uint32_t e = 0; e < fc_succ_count(p, f, b); e++) {
      unsigned st = fc_succ(p, f, b, e) == FC_EXIT ? fc_region_edge_state(p, r, b, e) : 0;
      if ((st & FC_FAILED) && !(st & FC_DEAD))
        return !callers_end_on_failure(p, r);
    }
  return 0;
}

/* Does edge ed test the storage against -1: a test that -1 passes and
 * neither 0 nor a pid does, or the reverse (`if (cmd->pid != -1)`)? */
static int tests_storage_failure(const struct fc_program *p, uint32_t f, const struct fc_edge *ed,
                                 const char *storage) {
  if (ed->var < 0 || ed->test == FC_T_ALWAYS || ed->test == FC_T_DEFAULT ||
      !fc_var_in_storage(p, f, ed->var, storage))
    return 0;
  int fails = fc_test_holds(ed->test, -1, ed->value);
  return fails != fc_test_holds(ed->test, 0, ed->value) &&
         fails != fc_test_holds(ed->test, 1, ed->value);
}

/* Does the block end, after event `from`, in a test of the storage against
 * -1, with no call between? */
static int block_tests_failure(const struct fc_program *p, uint32_t f, uint32_t b, uint32_t from,
                               const char *storage) {
  for (uint32_t i = from; i < fc_event_count(p, f, b); i++)
    if (fc_event_at(p, fc_block_event(p, f, b, i))->kind == FC_EV_CALL)
      return 0;
  for (uint32_t e = 0; e < fc_succ_count(p, f, b); e++)
    if (tests_storage_failure(p, f, fc_succ_edge(p, f, b, e), storage))
      return 1;
  return 0;
}

/* Does the code handle the -1 it left in the storage: the failed parent
 * tests the storage against -1 again once the failure is known (fdm's
 * error path: `if (cmd->pid != -1) kill(cmd->pid, SIGTERM);`, then it
 * frees the command), or every caller tests it against -1 right after the
 * call (irssi: `process_exec(rec, args); if (rec->pid == -1) { g_free(rec);
 * ... }`)? Then the record with -1 is the failure's to dispose of, as the
 * code shows it knows. */
static int failure_handled(const struct fc_program *p, const struct fc_region *r,
                           const char *storage) {
  uint32_t f = r->site->func;
  for (uint32_t b = 0; b < fc_block_count(p, f); b++)
    if ((fc_region_in(r, b) & FC_ALL) == FC_FAILED && block_tests_failure(p, f, b, 0, storage))
      return 1;
  if (fc_func_address_taken(p, f) || !fc_caller_count(p, f))
    return 0;
  for (uint32_t k = 0; k < fc_caller_count(p, f); k++) {
    struct fc_caller c = fc_caller_at(p, f, k);
    uint32_t b, i;
    if (!fc_event_place(p, c.caller, c.call, &b, &i) ||
        !block_tests_failure(p, c.caller, b, i + 1, storage))
      return 0;
  }
  return 1;
}

/* Does the program itself store -1 in the storage (dwmblocks-async:
 * `block->fork_pid = -1;` once the child is reaped, and -1 before the first
 * fork)? Then -1 is its own "no child" value, which every reader already
 * meets when there is no child: a failed fork leaves the storage as the
 * program keeps it between children. */
static int minus_one_is_idle(const struct fc_program *p, const char *storage) {
  for (uint32_t f = 0; f < fc_func_count(p); f++)
    for (uint32_t b = 0; b < fc_block_count(p, f); b++)
      for (uint32_t i = 0; i < fc_event_count(p, f, b); i++) {
        struct fc_ref ref = fc_block_event(p, f, b, i);
        const struct fc_event *ev = fc_event_at(p, ref);
        struct fc_arg v;
        if (ev->kind == FC_EV_ASSIGN && ev->var >= 0 && fc_event_value(p, ref, &v) &&
            v.kind == FC_ARG_CONST && v.value == -1 && fc_var_in_storage(p, f, ev->var, storage))
          return 1;
      }
  return 0;
}

/* Calls in other functions that pass the storage, untested for -1, where
 * -1 does damage. */
static void reads_elsewhere(struct walk *w, uint32_t fork_func, const char *storage) {
  const struct fc_program *p = w->p;
  for (uint32_t f = 0; f < fc_func_count(p); f++) {
    /* Another program's reader names a member of its own struct of the
     * same name (lmbench's benchmarks each define `struct _state`). */
    if (f == fork_func || !fc_funcs_share_program(p, f, fork_func))
      continue;
    struct reader r = {p, f, storage, fork_func};
    for (uint32_t b = 0; b < fc_block_count(p, f); b++)
      for (uint32_t i = 0; i < fc_event_count(p, f, b); i++) {
        struct fc_ref ref = fc_block_event(p, f, b, i);
        const struct fc_arg *pid = fc_event_at(p, ref)->kind == FC_EV_CALL ? pid_arg(p, ref) : NULL;
        int harm = pid && names_storage(&r, pid->var) ? harm_of(p, ref, pid) : -1;
        if (harm >= 0 && may_read_failure(&r, b, ref))
          add(w, ref, b, (enum harm)harm);
      }
  }
}

static int by_place(const void *a, const void *b) {
  const struct damage *x = a, *y = b;
  if (x->at.tu != y->at.tu)
    return x->at.tu < y->at.tu ? -1 : 1;
  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  return (x->col > y->col) - (x->col < y->col);
}

/* What -1 does where it first arrives, for the message. */
static const char *what(const struct damage *d) {
  switch (d->harm) {
  case HARM_CHILD_CODE: return "the child's code, which the parent then runs";
  case HARM_KILL: return "kill(): kill(-1, ...) signals every process the caller may signal";
  case HARM_KILL_NEG: return "kill(-pid, ...): kill(1, ...) signals init";
  case HARM_KILLPG: return "killpg(), whose behaviour with -1 is undefined (the BSDs signal init)";
  case HARM_EXIT_OK:
    return "the parent's exit with status 0: the process reports success, and no child runs";
  default: return "the wait: waitpid(-1, ...) waits for any child";
  }
}

static void note(const struct fc_program *p, struct fc_finding *f, const struct damage *d) {
  struct fc_where at = fc_where_event(p, d->at);
  switch (d->harm) {
  case HARM_CHILD_CODE:
    fc_note(f, at, "on failure (-1) the parent takes the child's path: it runs the child's code "
                   "from here");
    break;
  case HARM_KILL:
    fc_note(f, at, "with -1, '%s' sends the signal to every process the caller may signal",
            d->name);
    break;
  case HARM_KILL_NEG:
    fc_note(f, at, "with -1, '%s(-pid, ...)' sends the signal to process 1 (init)", d->name);
    break;
  case HARM_KILLPG:
    fc_note(f, at, "with -1, '%s' is undefined: POSIX leaves a group <= 1 undefined, and the "
                   "BSDs' killpg(-1, sig) is kill(1, sig), which signals init",
            d->name);
    break;
  case HARM_WAIT:
    fc_note(f, at, "with -1, '%s' waits for any child, not this one", d->name);
    break;
  case HARM_EXIT_OK:
    fc_note(f, at, "on failure (-1) the parent takes its own way and '%s' ends the process "
                   "with status 0, as if the child had been made: nothing reports the error",
            d->name);
    break;
  }
}

/* The damages of one kind dropped. */
static void drop_harm(struct walk *w, enum harm harm) {
  size_t n = 0;
  for (size_t k = 0; k < w->v.n; k++)
    if (w->v.v[k].harm != harm)
      w->v.v[n++] = w->v.v[k];
  w->v.n = n;
}

/* -1 tested in a branch of its own, which then joins the child's error
 * path: the cleanup after a label that the child reaches only when a
 * call of its set-up failed, or its exec did (selinux's newrole: `if
 * (childPid < 0) { ...; goto err_close_pam; }`, where the child's failed
 * set-up goes too). That code is shared, not the child's: -1 is handled.
 * Where -1 also falls into the child's own code (`if (pid < 0)
 * perror("fork");` then the child's set-up), it stays reported there. */
static void drop_shared_error_path(struct walk *w, const struct fc_region *r) {
  size_t n = 0;
  for (size_t k = 0; k < w->v.n; k++)
    if (w->v.v[k].harm != HARM_CHILD_CODE ||
        !fc_child_exec_before(w->p, r, w->v.v[k].block, w->v.v[k].at))
      w->v.v[n++] = w->v.v[k];
  w->v.n = n;
}

/* Does the function of fork site s return the fork's result on a path
 * where it is -1? */
static int returns_failure(const struct fc_program *p, const struct fc_fork_site *s) {
  struct fc_region r;
  fc_region_compute(p, s, &r);
  int32_t pid = fc_event_at(p, s->call)->var;
  int fails = 0;
  for (uint32_t b = 0; b < fc_block_count(p, s->func) && !fails; b++) {
    uint32_t n = fc_event_count(p, s->func, b);
    const struct fc_event *last = n ? fc_event_at(p, fc_block_event(p, s->func, b, n - 1)) : NULL;
    for (uint32_t e = 0; e < fc_succ_count(p, s->func, b); e++) {
      if (fc_succ(p, s->func, b, e) != FC_EXIT || !last)
        continue;
      unsigned st = fc_region_edge_state(p, &r, b, e);
      if (last->kind == FC_EV_RETURN && last->var == pid && (st & FC_FAILED) && !(st & FC_DEAD))
        fails = 1;
    }
  }
  fc_region_free(&r);
  return fails;
}

/* fail[f]: f, a function of the program that returns a fork's result, may
 * return its -1. A call to one that cannot (it handles failure itself, say
 * by exiting) is a fork that does not fail. */
static uint8_t *failing_wrappers(const struct fc_program *p) {
  uint8_t *fail = fc_xcalloc(fc_func_count(p) + 1, 1);
  for (int changed = 1; changed;) {
    changed = 0;
    for (uint32_t i = 0; i < fc_fork_count(p); i++) {
      const struct fc_fork_site *s = fc_fork_at(p, i);
      struct fc_target t = fc_call_target(p, s->call);
      if (s->kind != FC_SITE_FORK || !fc_func_fork_source(p, s->func) || fail[s->func] ||
          (t.func >= 0 && !fail[t.func]))
        continue;
      fail[s->func] = returns_failure(p, s);
      changed |= fail[s->func];
    }
  }
  return fail;
}

/* Does an edge that tests the fork's result for -1 itself lead into the
 * child's code (runit's `case 0: case -1:` before the reboot, which pid 1
 * runs itself when it cannot fork)? Then the parent runs that code by
 * design. `if (pid <= 0)`, which takes -1 for the child without naming it,
 * is not. */
static int failure_into_child(const struct fc_program *p, const struct fc_region *r,
                              int32_t pid) {
  uint32_t f = r->site->func;
  for (uint32_t b = 0; pid >= 0 && b < fc_block_count(p, f); b++)
    for (uint32_t e = 0; e < fc_succ_count(p, f, b); e++) {
      const struct fc_edge *ed = fc_succ_edge(p, f, b, e);
      uint32_t t = fc_succ(p, f, b, e);
      if (ed->var == pid && ed->test == FC_T_EQ && ed->value == -1 && t < fc_block_count(p, f) &&
          (fc_region_in(r, t) & FC_CHILD))
        return 1;
    }
  return 0;
}

void fc_rule_unchecked_fork_error(struct fc_rule_ctx *ctx) {
  const struct fc_program *p = ctx->prog;
  uint8_t *fail = failing_wrappers(p);
  for (uint32_t i = 0; i < fc_fork_count(p); i++) {
    const struct fc_fork_site *s = fc_fork_at(p, i);
    struct fc_target t = fc_call_target(p, s->call);
    if (s->kind == FC_SITE_DAEMON || (t.func >= 0 && !fail[t.func]))
      continue;
    struct fc_region r;
    fc_region_compute(p, s, &r);
    struct walk w = {p, fc_event_at(p, s->call)->var, {0}, {0, FC_NO_EVENT}, 0, 0};
    w.failure_named = failure_into_child(p, &r, w.pid);
    fc_region_walk(p, &r, visit, &w);
    /* The exit(0) hides the failure when it is the parent's every end, in
     * a process that is no other fork's child (a middle process's status
     * is its parent's to read, which may learn the failure another way:
     * lighttpd's daemonize(), whose grandchild's pipe stays silent), and
     * -1 is not tested in a branch of its own that reports it (dnsmasq's
     * `send_event(-1, EVENT_FORK_ERR, ...)`, which dies). */
    if (!r.parent_exits || w.tested || fc_block_child_depth(p, s->func, s->block) > 0)
      drop_harm(&w, HARM_EXIT_OK);
    /* -1 tested, and the parent ends at once: the failed parent goes on as
     * the process, as it would without the fork (the optional second fork
     * of a daemonize that logs its failure). The child's code is its own. */
    if (w.tested && r.parent_exits)
      drop_harm(&w, HARM_CHILD_CODE);
    else if (w.tested)
      drop_shared_error_path(&w, &r);
    const char *storage = fc_var_storage(p, s->func, w.pid);
    size_t local = w.v.n;
    if (storage && w.left.event != FC_NO_EVENT && failure_goes_on(p, &r) &&
        !failure_handled(p, &r, storage) && !minus_one_is_idle(p, storage))
      reads_elsewhere(&w, s->func, storage);
    fc_region_free(&r);
    if (!w.v.n) { /* every damage dropped: the vector may hold its storage */
      fc_vec_free(&w.v);
      continue;
    }
    qsort(w.v.v, w.v.n, sizeof *w.v.v, by_place);
    const char *fork_name = fc_callee_name(p, s->call);
    struct fc_finding *f =
        fc_report(ctx->out, ctx->id, fc_where_event(p, s->call),
                  "'%s' returns -1 on failure, and -1 reaches %s", fork_name, what(&w.v.v[0]));
    int child_noted = 0;
    if (w.v.n > local)
      fc_note(f, fc_where_event(p, w.left),
              "on failure the parent goes on from here with -1 left in the global or member "
              "that holds the result, where other functions read it");
    for (size_t k = 0; k < w.v.n; k++) {
      if (w.v.v[k].harm == HARM_CHILD_CODE && child_noted++)
        continue;
      note(p, f, &w.v.v[k]);
    }
    fc_note(f, fc_where_event(p, s->call),
            "handle -1 first: if (pid < 0) { report the error; return or exit }");
    fc_vec_free(&w.v);
  }
  free(fail);
}
