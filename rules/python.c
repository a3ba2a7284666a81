/* The Python C API for the rules: roles by name, and facts over the program. */
#include "python.h"

#include <stdlib.h>

enum fc_py_role fc_py_role(const struct fc_python *py, struct fc_ref call) {
  const struct fc_program *p = py->prog;
  const struct fc_event *ev = fc_event_at(p, call);
  if (ev->kind != FC_EV_CALL || ev->callee < 0)
    return FC_PY_NONE;
  enum fc_py_role r = fc_knowledge_py_role(p->know, fc_callee_name(p, call), NULL);
  if (r != FC_PY_API)
    return r;
  return (p->tus[call.tu]->flags & FC_TU_PYTHON) ? FC_PY_API : FC_PY_NONE;
}

const char *fc_py_hint(const struct fc_python *py, struct fc_ref call) {
  const char *hint;
  fc_knowledge_py_role(py->prog->know, fc_callee_name(py->prog, call), &hint);
  return hint;
}

static int enters_interpreter(enum fc_py_role r) {
  return r == FC_PY_API || r == FC_PY_TAKES_GIL || r == FC_PY_RELEASES_GIL;
}

static int api_pred(const struct fc_program *p, struct fc_ref call, void *arg) {
  (void)p;
  return enters_interpreter(fc_py_role(arg, call));
}

static int before_pred(const struct fc_program *p, struct fc_ref call, void *arg) {
  (void)p;
  return fc_py_role(arg, call) == FC_PY_BEFORE_FORK;
}

static int after_parent_pred(const struct fc_program *p, struct fc_ref call, void *arg) {
  (void)p;
  return fc_py_role(arg, call) == FC_PY_AFTER_PARENT;
}

static int after_child_pred(const struct fc_program *p, struct fc_ref call, void *arg) {
  (void)p;
  enum fc_py_role r = fc_py_role(arg, call);
  return r == FC_PY_AFTER_CHILD || r == FC_PY_AFTER_LEGACY;
}

void fc_python_init(struct fc_python *py, const struct fc_program *p) {
  py->prog = p;
  py->any = 0;
  for (uint32_t t = 0; t < p->n_tus; t++)
    py->any |= (p->tus[t]->flags & FC_TU_PYTHON) != 0;
  py->api = fc_reach_compute(p, api_pred, py);
  py->before = fc_reach_compute(p, before_pred, py);
  py->after_parent = fc_reach_compute(p, after_parent_pred, py);
  py->after_child = fc_reach_compute(p, after_child_pred, py);
}

void fc_python_free(struct fc_python *py) {
  fc_reach_free(&py->api);
  fc_reach_free(&py->before);
  fc_reach_free(&py->after_parent);
  fc_reach_free(&py->after_child);
}

int fc_py_calls_api(const struct fc_python *py, struct fc_ref call) {
  enum fc_py_role r = fc_py_role(py, call);
  if (r != FC_PY_NONE)
    return enters_interpreter(r);
  struct fc_target t = fc_call_target(py->prog, call);
  return t.func >= 0 && py->api.reaches[t.func];
}

int fc_py_after_child_call(const struct fc_program *p, struct fc_ref call, void *arg) {
  return fc_reach_call(p, &((const struct fc_python *)arg)->after_child, after_child_pred, arg,
                       call);
}

unsigned fc_py_site_hooks(const struct fc_python *py, const struct fc_fork_site *s) {
  struct fc_target t = fc_call_target(py->prog, s->call);
  if (t.func < 0)
    return (t.kinds & FC_K_PY_FORK_HOOKS) && !fc_py_gil_released_at(py, s)
               ? FC_PY_HOOK_BEFORE | FC_PY_HOOK_PARENT | FC_PY_HOOK_CHILD
               : 0;
  return (py->before.reaches[t.func] ? FC_PY_HOOK_BEFORE : 0) |
         (py->after_parent.reaches[t.func] ? FC_PY_HOOK_PARENT : 0) |
         (py->after_child.reaches[t.func] ? FC_PY_HOOK_CHILD : 0);
}

/* Runs block b's first `upto` events from `released`: is the GIL released
 * at the end? */
static int run_gil(const struct fc_python *py, const struct fc_pfunc *pf, uint32_t b,
                   uint32_t upto, int released) {
  const struct fc_tu *tu = py->prog->tus[pf->tu];
  const struct fc_block *blk = fc_fn_block(tu, pf->fn, b);
  for (uint32_t i = 0; i < blk->ev_count && i < upto; i++) {
    struct fc_ref ref = {pf->tu, blk->ev_first + i};
    enum fc_py_role r = fc_py_role(py, ref);
    if (r == FC_PY_RELEASES_GIL)
      released = 1;
    else if (r == FC_PY_TAKES_GIL)
      released = 0;
  }
  return released;
}

int fc_py_gil_released_at(const struct fc_python *py, const struct fc_fork_site *s) {
  const struct fc_pfunc *pf = &py->prog->funcs.v[s->func];
  const struct fc_tu *tu = py->prog->tus[pf->tu];
  uint32_t n = pf->fn->block_count;
  if (!(tu->flags & FC_TU_PYTHON))
    return 0;
  /* Forward, may-released: blocks are queued when their entry state rises. */
  uint8_t *in = fc_xcalloc(n, 1), *reached = fc_xcalloc(n, 1);
  uint32_t *stack = fc_xmalloc((size_t)(2 * n + 1) * sizeof *stack);
  uint32_t sp = 0;
  stack[sp++] = FC_ENTRY;
  reached[FC_ENTRY] = 1;
  while (sp) {
    uint32_t b = stack[--sp];
    int out = run_gil(py, pf, b, UINT32_MAX, in[b]);
    const struct fc_block *blk = fc_fn_block(tu, pf->fn, b);
    for (uint32_t e = 0; e < blk->edge_count; e++) {
      uint32_t t = tu->edges.v[blk->edge_first + e].target;
      if (t >= n || (reached[t] && in[t] >= out))
        continue;
      reached[t] = 1;
      in[t] = (uint8_t)(in[t] | out);
      if (sp < 2 * n)
        stack[sp++] = t;
    }
  }
  int released = reached[s->block] && run_gil(py, pf, s->block, s->index, in[s->block]);
  free(in);
  free(reached);
  free(stack);
  return released;
}
