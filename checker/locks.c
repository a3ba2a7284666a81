/*
 * fc_lock_held_at (locks.h): a forward flow over the function's CFG of the
 * "worlds" a path may be in -- whether the lock is held, and whether each of
 * up to GUARDS tested variables is zero -- so that a lock taken under a test
 * and released under the same test is seen as held.
 */
#include "locks.h"

#include <stdlib.h>

#define GUARDS 3
#define WORLDS (2u << GUARDS) /* bit 0 of a world: held; bit 1 + i: guard i is non-zero */
#define NOT_HELD 0x5555u      /* the worlds where the lock is not held */
_Static_assert(WORLDS <= 16, "a set of worlds is 16 bits");

struct lock_id {
  uint8_t kind; /* FC_ARG_VAR: a pointer to it; FC_ARG_ADDR: &it */
  int32_t var;
};

struct held_flow {
  const struct fc_program *p;
  uint32_t f;
  struct lock_id lock;
  int32_t guards[GUARDS];
  uint32_t n_guards;
};

/* The lock a call of a kind in `kinds` takes or releases, or kind 0. */
static struct lock_id lock_of(const struct fc_program *p, struct fc_ref ref, uint32_t kinds) {
  struct lock_id none = {0, -1};
  if (fc_event_at(p, ref)->kind != FC_EV_CALL || !fc_call_is_direct(p, ref))
    return none;
  struct fc_target t = fc_call_target(p, ref);
  const struct fc_arg *a = t.func < 0 && (t.kinds & kinds) && t.arg >= 0
                               ? fc_call_arg(p, ref, (uint32_t)t.arg) : NULL;
  if (!a || a->var < 0 || (a->kind != FC_ARG_VAR && a->kind != FC_ARG_ADDR))
    return none;
  struct lock_id id = {a->kind, a->var};
  return id;
}

static int same_lock(struct lock_id a, struct lock_id b) {
  return a.kind && a.kind == b.kind && a.var == b.var;
}

static int touches_lock(const struct held_flow *h, struct fc_ref ref) {
  return same_lock(lock_of(h->p, ref, FC_K_LOCK | FC_K_UNLOCK), h->lock);
}

static void add_guard(struct held_flow *h, int32_t var) {
  for (uint32_t i = 0; i < h->n_guards; i++)
    if (h->guards[i] == var)
      return;
  if (h->n_guards < GUARDS)
    h->guards[h->n_guards++] = var;
}

/* The variables tested on the edges into block b, or into the chain of
 * single predecessors above it. */
static void guards_of_block(struct held_flow *h, uint32_t b) {
  for (int depth = 0; depth < 8; depth++) {
    uint32_t n = fc_pred_count(h->p, h->f, b), q = b;
    for (uint32_t k = 0; k < n; k++) {
      q = fc_pred(h->p, h->f, b, k);
      for (uint32_t e = 0; e < fc_succ_count(h->p, h->f, q); e++) {
        const struct fc_edge *ed = fc_succ_edge(h->p, h->f, q, e);
        if (ed->target == b && ed->test != FC_T_ALWAYS && ed->var >= 0)
          add_guard(h, ed->var);
      }
    }
    if (n != 1 || q == b)
      return;
    b = q;
  }
}

static void find_guards(struct held_flow *h) {
  for (uint32_t b = 0; b < fc_block_count(h->p, h->f); b++)
    for (uint32_t i = 0; i < fc_event_count(h->p, h->f, b); i++)
      if (touches_lock(h, fc_block_event(h->p, h->f, b, i))) {
        guards_of_block(h, b);
        break;
      }
}

/* Every world, also with guard i the other way. */
static uint16_t forget_guard(uint16_t s, uint32_t i) {
  uint16_t out = s;
  for (uint32_t w = 0; w < WORLDS; w++)
    if (s >> w & 1)
      out |= (uint16_t)(1u << (w ^ (2u << i)));
  return out;
}

static uint16_t step(const struct held_flow *h, struct fc_ref ref, uint16_t s) {
  const struct fc_event *ev = fc_event_at(h->p, ref);
  struct lock_id taken = lock_of(h->p, ref, FC_K_LOCK);
  struct lock_id released = lock_of(h->p, ref, FC_K_UNLOCK);
  uint16_t out = 0;
  for (uint32_t w = 0; w < WORLDS; w++)
    if (s >> w & 1)
      out |= (uint16_t)(1u << (same_lock(taken, h->lock) ? w | 1u
                               : same_lock(released, h->lock) ? w & ~1u : w));
  if (ev->kind == FC_EV_ASSIGN || ev->kind == FC_EV_CALL) {
    if (h->lock.kind == FC_ARG_VAR && ev->var == h->lock.var)
      out = (uint16_t)((out & NOT_HELD) | (out & ~NOT_HELD) >> 1);
    for (uint32_t i = 0; i < h->n_guards; i++)
      if (ev->var == h->guards[i])
        out = forget_guard(out, i);
  }
  return ev->kind == FC_EV_CALL && fc_call_noreturn(h->p, ref) ? 0 : out;
}

/* The worlds before event `upto` of block b (all of them: UINT32_MAX). */
static uint16_t run_block(const struct held_flow *h, uint32_t b, uint16_t s, uint32_t upto) {
  for (uint32_t i = 0; i < fc_event_count(h->p, h->f, b) && i < upto && s; i++)
    s = step(h, fc_block_event(h->p, h->f, b, i), s);
  return s;
}

static int run(void *ctx, uint32_t b, void *s) {
  uint16_t *worlds = s;
  *worlds = run_block(ctx, b, *worlds, UINT32_MAX);
  return *worlds != 0;
}

/* Keeps the worlds whose guard values the edge's test allows. */
static int along(void *ctx, uint32_t b, uint32_t e, void *s) {
  const struct held_flow *h = ctx;
  const struct fc_edge *ed = fc_succ_edge(h->p, h->f, b, e);
  uint16_t *worlds = s;
  for (uint32_t i = 0; i < h->n_guards; i++) {
    if (ed->test == FC_T_ALWAYS || ed->test == FC_T_DEFAULT || ed->var != h->guards[i])
      continue;
    int zero_ok = fc_test_holds(ed->test, 0, ed->value);
    int nonzero_ok = fc_test_holds_nonzero(ed->test, ed->value);
    for (uint32_t w = 0; w < WORLDS; w++)
      if (!((w >> (i + 1) & 1) ? nonzero_ok : zero_ok))
        *worlds &= (uint16_t)~(1u << w);
  }
  return *worlds != 0;
}

static int join(void *ctx, void *into, const void *from) {
  (void)ctx;
  uint16_t *a = into, old = *a;
  *a |= *(const uint16_t *)from;
  return *a != old;
}

static uint32_t index_in_block(const struct fc_program *p, uint32_t f, uint32_t b,
                               struct fc_ref ref) {
  uint32_t i = 0;
  for (; i < fc_event_count(p, f, b); i++) {
    struct fc_ref at = fc_block_event(p, f, b, i);
    if (at.tu == ref.tu && at.event == ref.event)
      break;
  }
  return i;
}

int fc_lock_held_at(const struct fc_program *p, uint32_t f, uint32_t block, struct fc_ref release) {
  struct held_flow h = {p, f, lock_of(p, release, FC_K_UNLOCK), {-1, -1, -1}, 0};
  if (!h.lock.kind || block >= fc_block_count(p, f))
    return 0;
  find_guards(&h);
  uint16_t *in = fc_xcalloc(fc_block_count(p, f), sizeof *in);
  uint32_t entry = FC_ENTRY;
  in[FC_ENTRY] = NOT_HELD;
  struct fc_flow df = {p, f, sizeof *in, 0, run, along, join, &h};
  fc_flow_run(&df, in, &entry, 1);
  uint16_t at = run_block(&h, block, in[block], index_in_block(p, f, block, release));
  free(in);
  return at != 0 && (at & NOT_HELD) == 0;
}
