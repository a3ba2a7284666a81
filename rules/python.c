/* The Python C API for the rules: roles by name, and facts over the program. */
#include "python.h"

#include <stdlib.h>

enum fc_py_role fc_py_role(const struct fc_python *py, struct fc_ref call) {
  return fc_call_py_role(py->prog, call);
}

const char *fc_py_hint(const struct fc_python *py, struct fc_ref call) {
  const char *hint;
  fc_knowledge_py_role(fc_program_knowledge(py->prog), fc_callee_name(py->prog, call), &hint);
  return hint;
}

static int enters_interpreter(enum fc_py_role r) {
  return r == FC_PY_API || r == FC_PY_TAKES_GIL || r == FC_PY_RELEASES_GIL;
}

void fc_python_init(struct fc_python *py, const struct fc_program *p) {
  py->prog = p;
  py->any = fc_any_python(p);
  py->api = fc_fact(p, FC_FACT_python_api);
  py->api_always = fc_fact(p, FC_FACT_python_api_always);
  py->before = fc_fact(p, FC_FACT_python_before_fork);
  py->after_parent = fc_fact(p, FC_FACT_python_after_parent);
  py->after_child = fc_fact(p, FC_FACT_python_after_child);
}

int fc_py_calls_api(const struct fc_python *py, struct fc_ref call) {
  enum fc_py_role r = fc_py_role(py, call);
  if (r != FC_PY_NONE)
    return enters_interpreter(r);
  return fc_reach_target(py->prog, py->api, call) >= 0;
}

int fc_py_calls_api_always(const struct fc_python *py, struct fc_ref call) {
  enum fc_py_role r = fc_py_role(py, call);
  if (r != FC_PY_NONE)
    return enters_interpreter(r);
  const struct fc_target *t;
  uint32_t n = fc_call_targets(py->prog, call, &t), have = 0;
  for (uint32_t i = 0; i < n; i++)
    have += t[i].func >= 0 && fc_reach_has(py->api_always, (uint32_t)t[i].func);
  return n > 0 && have == n;
}

int fc_py_after_child_call(const struct fc_program *p, struct fc_ref call, void *arg) {
  const struct fc_python *py = arg;
  return fc_fact_call(p, FC_FACT_python_after_child, call) ||
         fc_reach_target(p, py->after_child, call) >= 0;
}

unsigned fc_py_site_hooks(const struct fc_python *py, const struct fc_fork_site *s) {
  struct fc_target t = fc_call_target(py->prog, s->call);
  if (t.func < 0)
    return (t.kinds & FC_K_PY_FORK_HOOKS) && !fc_py_gil_released_at(py, s)
               ? FC_PY_HOOK_BEFORE | FC_PY_HOOK_PARENT | FC_PY_HOOK_CHILD
               : 0;
  return fc_py_func_hooks(py, (uint32_t)t.func);
}

unsigned fc_py_func_hooks(const struct fc_python *py, uint32_t f) {
  return (fc_reach_has(py->before, f) ? FC_PY_HOOK_BEFORE : 0) |
         (fc_reach_has(py->after_parent, f) ? FC_PY_HOOK_PARENT : 0) |
         (fc_reach_has(py->after_child, f) ? FC_PY_HOOK_CHILD : 0);
}

/* Runs block b's first `upto` events from `released`: is the GIL released
 * at the end? */
static int run_gil(const struct fc_python *py, uint32_t f, uint32_t b, uint32_t upto,
                   int released) {
  for (uint32_t i = 0; i < fc_event_count(py->prog, f, b) && i < upto; i++) {
    enum fc_py_role r = fc_py_role(py, fc_block_event(py->prog, f, b, i));
    if (r == FC_PY_RELEASES_GIL)
      released = 1;
    else if (r == FC_PY_TAKES_GIL)
      released = 0;
  }
  return released;
}

struct gil {
  uint8_t reached, released;
};

struct gil_flow {
  const struct fc_python *py;
  uint32_t func;
};

static int gil_run(void *ctx, uint32_t b, void *s) {
  const struct gil_flow *c = ctx;
  struct gil *g = s;
  g->released = (uint8_t)run_gil(c->py, c->func, b, UINT32_MAX, g->released);
  return 1;
}

/* May-released: the state rises when a block is first reached or the GIL
 * may be released on a new path into it. */
static int gil_join(void *ctx, void *into, const void *from) {
  (void)ctx;
  struct gil *to = into;
  const struct gil *in = from;
  if (to->reached && to->released >= in->released)
    return 0;
  to->reached = 1;
  to->released |= in->released;
  return 1;
}

int fc_py_gil_released_at(const struct fc_python *py, const struct fc_fork_site *s) {
  if (!fc_in_python_tu(py->prog, s->call))
    return 0;
  struct gil *in = fc_xcalloc(fc_block_count(py->prog, s->func), sizeof *in);
  uint32_t entry = FC_ENTRY;
  in[FC_ENTRY].reached = 1;
  struct gil_flow c = {py, s->func};
  struct fc_flow fl = {py->prog, s->func, sizeof *in, 1, gil_run, NULL, gil_join, &c};
  fc_flow_run(&fl, in, &entry, 1);
  int released = in[s->block].reached &&
                 run_gil(py, s->func, s->block, s->index, in[s->block].released);
  free(in);
  return released;
}
