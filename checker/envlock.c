/*
 * The environment lock at a fork: which calls of the environment's writers
 * (setenv(), unsetenv(), putenv(), clearenv(): the C library's envlock,
 * data/async-signal-unsafe.def's "environment") run where that lock is
 * never held when the program forks. Another thread holds it at a fork
 * only while it modifies the environment; a program that modifies it only
 * in children (alone in their process), or in main before it starts any
 * thread, never has it held. The calls found are env_free_calls, which
 * fc_call_fork_resets() counts with the state glibc's fork() resets.
 */
#include "program.h"

#include <stdlib.h>
#include <string.h>

int fc_call_modifies_env(const struct fc_program *p, struct fc_ref ref, void *arg) {
  (void)arg;
  return fc_call_is_direct(p, ref) && fc_call_target(p, ref).func < 0 &&
         fc_knowledge_env_lock(p->know, fc_callee_name(p, ref));
}

/* An fc_call_pred: the call modifies the environment in the calling
 * process, with the constant arguments and addresses it passes: hiawatha's
 * set_environment(session, &fcgi_buffer) fills a buffer and never reaches
 * the setenv() under `if (fcgi_buffer == NULL)`. */
static int modifies(const struct fc_program *p, struct fc_ref ref, void *arg) {
  (void)arg;
  if (fc_call_in_child(p, ref))
    return 0;
  if (!fc_call_is_direct(p, ref))
    return fc_reach_target(p, fc_fact(p, FC_FACT_env_modify), ref) >= 0;
  return fc_fact_call_args(p, FC_FACT_env_modify, ref);
}

/* Does function f (main, or a function main runs that both modifies the
 * environment and starts a thread) modify it while a thread may run: after
 * a call that starts one, or in a callee of that kind that does so itself?
 * hiawatha's run_webserver() calls clearenv() before it starts its
 * threads. state[f]: 1 while f is judged (a cycle counts as yes), 2 no, 3
 * yes. */
static int modifies_threaded(const struct fc_program *p, uint32_t f, uint8_t *state) {
  if (state[f])
    return state[f] != 2;
  state[f] = 1;
  const struct fc_reach *starts = fc_fact(p, FC_FACT_thread_start);
  int yes = 0;
  FC_FOR_EACH_CALL(p, f, ref) {
    if (yes)
      break;
    int32_t g = fc_call_target(p, ref).func;
    if (modifies(p, ref, NULL) && g >= 0 && starts->reaches[g])
      yes = !fc_call_is_direct(p, ref) || modifies_threaded(p, (uint32_t)g, state);
    else if (fc_fact_call(p, FC_FACT_thread_start, ref) &&
             fc_call_followed_by(p, f, ref, modifies, NULL, NULL))
      yes = 1;
  }
  state[f] = yes ? 3 : 2;
  return yes;
}

void fc_env_free_compute(struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n;
  uint8_t *root = fc_xcalloc(n + 1, 1);
  uint8_t *seen = fc_xcalloc(n + 1, 1), *reached = fc_xcalloc(n + 1, 1);
  uint8_t *bad = fc_xcalloc(n + 1, 1), *state = fc_xcalloc(n + 1, 1);
  uint32_t *queue = fc_xmalloc((size_t)(n + 1) * sizeof *queue);
  /* has[f]: f may modify the environment in the calling process, by a call
   * of its own or of a function that does, with the constant arguments and
   * addresses its calls pass (env_modify's may_any) */
  const uint8_t *has = fc_fact(p, FC_FACT_env_modify)->may_any;
  int writers = 0;
  for (uint32_t f = 0; f < n && !writers; f++)
    FC_FOR_EACH_CALL(p, f, ref) {
      writers |= fc_call_modifies_env(p, ref, NULL);
    }
  /* root: a function that modifies it and may run beside other threads on
   * its own: a thread's start routine or any function whose address is
   * taken, one no call reaches; a main, once it may have started one */
  int any_root = 0;
  for (uint32_t f = 0; writers && f < n; f++) {
    if (!has[f])
      continue;
    if (fc_func_is_main(p, f))
      root[f] = (uint8_t)modifies_threaded(p, f, state);
    else
      root[f] = p->funcs.v[f].address_taken || p->callers_first[f] == p->callers_first[f + 1];
    any_root |= root[f];
  }
  /* per main: every function it runs is bad when its program has a root */
  for (uint32_t m = 0; any_root && m < n; m++) {
    if (!fc_func_is_main(p, m))
      continue;
    memset(seen, 0, n);
    queue[0] = m;
    seen[m] = 1;
    uint32_t end = fc_mark_run(p, queue, 1, seen);
    int program_modifies = 0;
    for (uint32_t k = 0; k < end && !program_modifies; k++)
      program_modifies = root[queue[k]];
    for (uint32_t k = 0; k < end; k++) {
      reached[queue[k]] = 1;
      bad[queue[k]] |= (uint8_t)program_modifies;
    }
  }
  /* a function no main runs (a library's) counts every program's */
  for (uint32_t f = 0; writers && f < n; f++) {
    if (reached[f] ? bad[f] : any_root)
      continue;
    FC_FOR_EACH_CALL(p, f, ref) {
      if (fc_call_modifies_env(p, ref, NULL))
        fc_vec_push(&p->env_free_calls, ref);
    }
  }
  if (p->env_free_calls.n > 1)
    qsort(p->env_free_calls.v, p->env_free_calls.n, sizeof *p->env_free_calls.v, fc_ref_order);
  free(root);
  free(seen);
  free(reached);
  free(bad);
  free(state);
  free(queue);
}
