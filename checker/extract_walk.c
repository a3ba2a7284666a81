/* The walk over a function body, iterative: a stack of tasks, each a step
 * that acts on the CFG at once or pushes the steps it is made of, so any
 * nesting depth is walked with heap memory, not the C stack. */
#include "extract_impl.h"

#include <stdlib.h>

/* Sequences nest (a helper may open one inside another's): the outermost
 * one puts everything pushed in it in order, once. */
size_t fc_seq(struct fb *b) {
  if (b->seq_open++ == 0)
    b->seq_mark = b->tasks.n;
  return b->seq_mark;
}

void fc_seq_end(struct fb *b, size_t mark) {
  if (--b->seq_open != 0)
    return;
  for (size_t i = mark, j = b->tasks.n; i + 1 < j; i++, j--) {
    struct fc_task t = b->tasks.v[i];
    b->tasks.v[i] = b->tasks.v[j - 1];
    b->tasks.v[j - 1] = t;
  }
}

void fc_push(struct fb *b, struct fc_task t) {
  t.depth = b->depth + 1;
  fc_vec_push(&b->tasks, t);
}

void fc_push_op(struct fb *b, enum fc_op op, uint32_t t) {
  fc_push(b, (struct fc_task){.op = (uint8_t)op, .t = t});
}

void fc_push_cursor(struct fb *b, enum fc_op op, CXCursor c) {
  fc_push(b, (struct fc_task){.op = (uint8_t)op, .c = c});
}

void fc_push_cond(struct fb *b, CXCursor c, uint32_t t, uint32_t f) {
  fc_push(b, (struct fc_task){.op = FC_OP_COND, .c = c, .t = t, .f = f});
}

void fc_push_ret(struct fb *b, int32_t var) {
  fc_push(b, (struct fc_task){.op = FC_OP_RET, .var = var});
}

void fc_push_kids(struct fb *b, CXCursor c) {
  struct kids k = fc_kids(c);
  for (size_t i = 0; i < k.n; i++)
    fc_push_cursor(b, FC_OP_VALUE, k.v[i]);
  fc_push_ret(b, -1);
  free(k.v);
}

void fc_jump_away(struct fb *b, uint32_t target) {
  if (target != UINT32_MAX)
    fc_jump(b, target);
  b->cur = fc_new_block(b);
}

/* Past FC_MAX_DEPTH a step is skipped as the old depth guard did, and the
 * place is kept for the warning. */
static void too_deep(struct fb *b, const struct fc_task *t) {
  if (!b->too_deep) {
    b->too_deep = 1;
    b->too_deep_at = fc_loc_of(b->ex, t->c);
  }
  if (t->op == FC_OP_VALUE)
    b->ret = -1;
  else if (t->op == FC_OP_COND)
    fc_branch(b, -1, FC_T_ALWAYS, 0, t->t, t->f);
}

/* An assignment: with its value when it is a constant or a copy. */
static void assign(struct fb *b, const struct fc_task *t) {
  struct fc_loc at = fc_loc_of(b->ex, t->c);
  if (t->var < 0)
    return;
  if (t->flags & FC_ASSIGN_CONST)
    fc_add_valued_event(b, FC_EV_ASSIGN, t->var, (struct fc_arg){FC_ARG_CONST, -1, t->value}, at);
  else if ((t->flags & FC_ASSIGN_COPY) && b->ret >= 0)
    fc_add_valued_event(b, FC_EV_ASSIGN, t->var, (struct fc_arg){FC_ARG_VAR, b->ret, FC_NO_STR}, at);
  else
    fc_add_event(b, fc_simple_event(FC_EV_ASSIGN, t->var, at));
}

/* The steps that only glue the others together. */
static void glue(struct fb *b, const struct fc_task *t) {
  switch (t->op) {
  case FC_OP_CUR: b->cur = t->t; break;
  case FC_OP_JUMP: fc_jump(b, t->t); break;
  case FC_OP_RET: b->ret = t->var; break;
  case FC_OP_BRANCH:
    fc_branch(b, t->flags ? b->ret : -1, t->test, t->value, t->t, t->f);
    break;
  case FC_OP_EVENT:
    if (!(t->flags & FC_EVENT_IF_VAR) || b->ret >= 0)
      fc_add_event(b, fc_simple_event((enum fc_event_kind)t->test, b->ret, fc_loc_of(b->ex, t->c)));
    if ((t->flags & FC_EVENT_KEEP) && b->ret >= 0) {
      struct kids k = fc_kids(t->c);
      if (k.n == 2) {
        b->kept_lhs = k.v[0];
        b->kept_var = b->ret;
        b->kept_at = b->n_events;
        b->kept_block = b->cur;
      }
      free(k.v);
    }
    break;
  case FC_OP_ASSIGN: assign(b, t); break;
  case FC_OP_LOOP:
    fc_vec_push(&b->brk, t->t);
    fc_vec_push(&b->cont, t->f);
    break;
  case FC_OP_LOOP_END:
    b->brk.n--;
    b->cont.n--;
    break;
  default: break;
  }
}

static void step(struct fb *b, const struct fc_task *t) {
  int nested = t->op == FC_OP_STMT || t->op == FC_OP_VALUE || t->op == FC_OP_COND;
  if (nested && t->depth > FC_MAX_DEPTH) {
    too_deep(b, t);
    return;
  }
  switch (t->op) {
  case FC_OP_STMT: fc_expand_stmt(b, t->c); break;
  case FC_OP_VALUE: fc_expand_value(b, t->c); break;
  case FC_OP_COND: fc_expand_cond(b, t->c, t->t, t->f); break;
  case FC_OP_STORE: fc_expand_store(b, t->var, t->c, t->at); break;
  case FC_OP_ARG:
  case FC_OP_ARG_DONE:
  case FC_OP_CALL_EVENT: fc_call_step(b, t); break;
  case FC_OP_DECL:
  case FC_OP_FOR_HEAD:
  case FC_OP_SWITCH:
  case FC_OP_SWITCH_END:
  case FC_OP_END_LOC:
  case FC_OP_RETURN:
  case FC_OP_COMPUTED_GOTO: fc_stmt_step(b, t); break;
  default: glue(b, t); break;
  }
}

void fc_walk(struct fb *b, CXCursor body) {
  b->depth = 0;
  fc_push_cursor(b, FC_OP_STMT, body);
  while (b->tasks.n) {
    struct fc_task t = b->tasks.v[--b->tasks.n];
    b->depth = t.depth;
    step(b, &t);
  }
  fc_vec_free(&b->tasks);
}
