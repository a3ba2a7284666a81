/*
 * The cycles of the call graph: its strongly connected components, so that
 * a query can tell whether a call may lead back into a function (a shell
 * whose child runs the command interpreter that forked it). Tarjan's
 * algorithm on an explicit stack of (function, next call edge): linear in
 * the calls, whatever the depth of the call graph. The edges are those of
 * the facts (program.c's callers): a call through a parameter does not make
 * its function a caller of what the parameter may hold. The same algorithm
 * finds the loops of a function's CFG (fc_block_loops).
 */
#include "program.h"

#include <stdlib.h>

#define NONE UINT32_MAX

struct frame {
  uint32_t f, edge;
};

struct tarjan {
  uint32_t *first, *succ;        /* per function: its callees (by callers_first) */
  uint32_t *index, *low, *comp;  /* NONE: not seen yet */
  uint32_t *stack, top, next_index, next_comp;
  uint8_t *on_stack;
};

/* Each function's callees, from the callers arrays read backwards; not
 * one that never returns: it ends the process, and a way back into the
 * program through it (w3m's quit() runs a cleanup that redraws, which
 * forks again) is not the program running again in a child. */
static void build_callees(const struct fc_program *p, struct tarjan *t) {
  uint32_t n = (uint32_t)p->funcs.n, edges = p->callers_first[n];
  t->first = fc_xcalloc(n + 2, sizeof *t->first);
  t->succ = fc_xcalloc(edges + 1, sizeof *t->succ);
  for (uint32_t callee = 0; callee < n; callee++)
    for (uint32_t e = p->callers_first[callee];
         !p->funcs.v[callee].noreturn && e < p->callers_first[callee + 1]; e++)
      t->first[p->callers[e].caller + 1]++;
  for (uint32_t f = 0; f < n; f++)
    t->first[f + 1] += t->first[f];
  uint32_t *fill = fc_xcalloc(n + 1, sizeof *fill);
  for (uint32_t callee = 0; callee < n; callee++)
    for (uint32_t e = p->callers_first[callee];
         !p->funcs.v[callee].noreturn && e < p->callers_first[callee + 1]; e++) {
      uint32_t c = p->callers[e].caller;
      t->succ[t->first[c] + fill[c]++] = callee;
    }
  free(fill);
}

static void enter(struct tarjan *t, struct frame *frames, uint32_t *depth, uint32_t f) {
  t->index[f] = t->low[f] = t->next_index++;
  t->stack[t->top++] = f;
  t->on_stack[f] = 1;
  frames[(*depth)++] = (struct frame){f, t->first[f]};
}

/* f's component is complete: pop it off the stack. */
static void close_component(struct tarjan *t, uint32_t f) {
  uint32_t g;
  do {
    g = t->stack[--t->top];
    t->on_stack[g] = 0;
    t->comp[g] = t->next_comp;
  } while (g != f);
  t->next_comp++;
}

static void visit_from(struct tarjan *t, struct frame *frames, uint32_t root) {
  uint32_t depth = 0;
  enter(t, frames, &depth, root);
  while (depth > 0) {
    struct frame *fr = &frames[depth - 1];
    if (fr->edge < t->first[fr->f + 1]) {
      uint32_t g = t->succ[fr->edge++];
      if (t->index[g] == NONE)
        enter(t, frames, &depth, g);
      else if (t->on_stack[g] && t->index[g] < t->low[fr->f])
        t->low[fr->f] = t->index[g];
      continue;
    }
    uint32_t f = fr->f;
    if (t->low[f] == t->index[f])
      close_component(t, f);
    if (--depth > 0 && t->low[f] < t->low[frames[depth - 1].f])
      t->low[frames[depth - 1].f] = t->low[f];
  }
}

/* The strongly connected components of the graph of n nodes whose edges
 * are succ[first[v]..first[v + 1]): per node, its component's number. */
static uint32_t *components(uint32_t n, uint32_t *first, uint32_t *succ) {
  struct tarjan t = {0};
  t.first = first;
  t.succ = succ;
  t.index = fc_xmalloc((n + 1) * sizeof *t.index);
  t.low = fc_xcalloc(n + 1, sizeof *t.low);
  t.comp = fc_xcalloc(n + 1, sizeof *t.comp);
  t.stack = fc_xcalloc(n + 1, sizeof *t.stack);
  t.on_stack = fc_xcalloc(n + 1, 1);
  for (uint32_t f = 0; f <= n; f++)
    t.index[f] = NONE;
  struct frame *frames = fc_xcalloc(n + 1, sizeof *frames);
  for (uint32_t f = 0; f < n; f++)
    if (t.index[f] == NONE)
      visit_from(&t, frames, f);
  free(frames);
  free(t.index);
  free(t.low);
  free(t.stack);
  free(t.on_stack);
  return t.comp;
}

void fc_cycles_compute(struct fc_program *p) {
  struct tarjan t = {0};
  build_callees(p, &t);
  p->cycle = components((uint32_t)p->funcs.n, t.first, t.succ);
  free(t.first);
  free(t.succ);
}

uint32_t *fc_block_loops(const struct fc_program *p, uint32_t f) {
  uint32_t n = fc_block_count(p, f), edges = 0;
  uint32_t *first = fc_xcalloc(n + 2, sizeof *first);
  for (uint32_t b = 0; b < n; b++)
    first[b + 1] = edges += fc_succ_count(p, f, b);
  uint32_t *succ = fc_xcalloc(edges + 1, sizeof *succ);
  for (uint32_t b = 0; b < n; b++)
    for (uint32_t e = 0; e < fc_succ_count(p, f, b); e++)
      succ[first[b] + e] = fc_succ(p, f, b, e);
  uint32_t *comp = components(n, first, succ);
  /* A component is a loop when it has two blocks, or one with an edge to itself. */
  uint32_t *size = fc_xcalloc(n + 1, sizeof *size);
  uint8_t *self = fc_xcalloc(n + 1, 1);
  for (uint32_t b = 0; b < n; b++) {
    size[comp[b]]++;
    for (uint32_t e = first[b]; e < first[b + 1]; e++)
      self[comp[b]] |= succ[e] == b;
  }
  for (uint32_t b = 0; b < n; b++)
    if (size[comp[b]] < 2 && !self[comp[b]])
      comp[b] = FC_NO_LOOP;
  free(size);
  free(self);
  free(first);
  free(succ);
  return comp;
}
