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

static int env_writer(const struct fc_program *p, struct fc_ref ref) {
  return fc_call_is_direct(p, ref) && fc_call_target(p, ref).func < 0 &&
         fc_knowledge_env_lock(p->know, fc_callee_name(p, ref));
}

/* An fc_call_pred (arg: the functions that modify the environment in the
 * calling process): the call modifies it there. */
static int modifies(const struct fc_program *p, struct fc_ref ref, void *arg) {
  const uint8_t *has = arg;
  if (fc_call_in_child(p, ref))
    return 0;
  int32_t g = fc_call_target(p, ref).func;
  return g >= 0 ? has[g] : env_writer(p, ref);
}

/* An fc_call_pred: the call runs in the calling process, not in the child
 * of a fork of its function alone. */
static int outside_child(const struct fc_program *p, struct fc_ref call, void *arg) {
  (void)arg;
  return !fc_call_in_child(p, call);
}

/* Does main m modify the environment while a thread may run: after a call
 * that starts one, or in a function that also starts one? */
static int main_modifies_threaded(const struct fc_program *p, uint32_t m, uint8_t *has) {
  const struct fc_reach *starts = fc_fact(p, FC_FACT_thread_start);
  FC_FOR_EACH_CALL(p, m, ref) {
    int32_t g = fc_call_target(p, ref).func;
    if (modifies(p, ref, has) && g >= 0 && starts->reaches[g])
      return 1;
    if (fc_fact_call(p, FC_FACT_thread_start, ref) &&
        fc_call_followed_by(p, m, ref, modifies, has, NULL))
      return 1;
  }
  return 0;
}

void fc_env_free_compute(struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n, tail = 0;
  uint8_t *has = fc_xcalloc(n + 1, 1), *root = fc_xcalloc(n + 1, 1);
  uint8_t *seen = fc_xcalloc(n + 1, 1), *reached = fc_xcalloc(n + 1, 1);
  uint8_t *bad = fc_xcalloc(n + 1, 1);
  uint32_t *queue = fc_xmalloc((size_t)(n + 1) * sizeof *queue);
  int writers = 0;
  /* has: f modifies the environment in the calling process, by a call of
   * its own or of a function that does, not in a child of its own fork
   * that never returns */
  for (uint32_t f = 0; f < n; f++)
    FC_FOR_EACH_CALL(p, f, ref) {
      if (!env_writer(p, ref))
        continue;
      writers = 1;
      if (!has[f] && !fc_call_in_child(p, ref)) {
        has[f] = 1;
        queue[tail++] = f;
      }
    }
  fc_mark_callers_via(p, queue, tail, has, outside_child, NULL);
  /* root: a function that modifies it and may run beside other threads on
   * its own: a thread's start routine or any function whose address is
   * taken, one no call reaches; a main, once it may have started one */
  int any_root = 0;
  for (uint32_t f = 0; writers && f < n; f++) {
    if (!has[f])
      continue;
    if (fc_func_is_main(p, f))
      root[f] = (uint8_t)main_modifies_threaded(p, f, has);
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
      if (env_writer(p, ref))
        fc_vec_push(&p->env_free_calls, ref);
    }
  }
  if (p->env_free_calls.n > 1)
    qsort(p->env_free_calls.v, p->env_free_calls.n, sizeof *p->env_free_calls.v, fc_ref_order);
  free(has);
  free(root);
  free(seen);
  free(reached);
  free(bad);
  free(queue);
}
