/* The CFG of one function under construction: blocks of events, edges that
 * may test a variable against a constant, and the function's variables. */
#include "extract_impl.h"

#include <stdlib.h>

void fc_fb_init(struct fb *b, struct ex *ex) {
  *b = (struct fb){0};
  b->kept_var = -1;
  b->ex = ex;
  fc_strtab_init(&b->vars);
  fc_new_block(b); /* FC_ENTRY */
  fc_new_block(b); /* FC_EXIT */
  b->cur = FC_ENTRY;
}

/* `goto *p` may go to any label whose address the function takes. */
static void computed_goto_edges(struct fb *b) {
  for (size_t g = 0; g < b->computed_gotos.n; g++)
    for (size_t l = 0; l < b->label_addrs.n; l++) {
      size_t seen = 0;
      while (seen < l && b->label_addrs.v[seen] != b->label_addrs.v[l])
        seen++;
      if (seen == l)
        fc_add_edge(b, b->computed_gotos.v[g], b->label_addrs.v[l], -1, FC_T_ALWAYS, 0);
    }
  fc_vec_free(&b->computed_gotos);
  fc_vec_free(&b->label_addrs);
}

void fc_fb_finish(struct fb *b, struct fc_function *f) {
  struct fc_tu *tu = b->ex->tu;
  computed_goto_edges(b);
  f->block_first = (uint32_t)tu->blocks.n;
  f->block_count = (uint32_t)b->blocks.n;
  f->n_vars = b->vars.n;
  f->var_first = (uint32_t)tu->var_flags.n;
  for (uint32_t v = 0; v < f->n_vars; v++) {
    fc_vec_push(&tu->var_flags, v < b->var_flags.n ? b->var_flags.v[v] : 0);
    fc_vec_push(&tu->var_storage, v < b->var_storage.n ? b->var_storage.v[v] : FC_NO_STR);
  }
  for (size_t i = 0; i < b->blocks.n; i++) {
    struct lblock *lb = &b->blocks.v[i];
    struct fc_block blk = {(uint32_t)tu->events.n, (uint32_t)lb->ev.n, (uint32_t)tu->edges.n,
                           (uint32_t)lb->ed.n, lb->end};
    for (size_t j = 0; j < lb->ev.n; j++)
      fc_vec_push(&tu->events, lb->ev.v[j]);
    for (size_t j = 0; j < lb->ed.n; j++)
      fc_vec_push(&tu->edges, lb->ed.v[j]);
    fc_vec_push(&tu->blocks, blk);
    fc_vec_free(&lb->ev);
    fc_vec_free(&lb->ed);
  }
  fc_vec_free(&b->blocks);
  fc_vec_free(&b->brk);
  fc_vec_free(&b->cont);
  fc_vec_free(&b->sw);
  fc_vec_free(&b->labels);
  fc_vec_free(&b->var_flags);
  fc_vec_free(&b->var_storage);
  fc_strtab_free(&b->vars);
}

uint32_t fc_new_block(struct fb *b) {
  struct lblock z = {0};
  z.end.file = FC_NO_STR;
  fc_vec_push(&b->blocks, z);
  return (uint32_t)b->blocks.n - 1;
}

void fc_add_edge(struct fb *b, uint32_t from, uint32_t to, int32_t var, int test, int64_t value) {
  struct fc_edge e = {to, var, (uint8_t)test, value};
  if (test == FC_T_ALWAYS)
    e.var = -1;
  fc_vec_push(&b->blocks.v[from].ed, e);
}

void fc_jump(struct fb *b, uint32_t to) { fc_add_edge(b, b->cur, to, -1, FC_T_ALWAYS, 0); }

void fc_add_event(struct fb *b, struct fc_event ev) {
  fc_vec_push(&b->blocks.v[b->cur].ev, ev);
  b->n_events++;
}

struct fc_event fc_simple_event(enum fc_event_kind kind, int32_t var, struct fc_loc loc) {
  struct fc_event ev = {0};
  ev.kind = (uint8_t)kind;
  ev.var = var;
  ev.callee = -1;
  ev.loc = loc;
  ev.fn_type = FC_NO_STR;
  ev.via = FC_NO_STR;
  return ev;
}

void fc_add_valued_event(struct fb *b, enum fc_event_kind kind, int32_t var, struct fc_arg value,
                         struct fc_loc loc) {
  struct fc_event ev = fc_simple_event(kind, var, loc);
  ev.n_args = 1;
  ev.args = (uint32_t)b->ex->tu->args.n;
  fc_vec_push(&b->ex->tu->args, value);
  fc_add_event(b, ev);
}

int32_t fc_intern_var(struct fb *b, const char *key, uint8_t flags) {
  int32_t id = (int32_t)fc_strtab_intern(&b->vars, key);
  while (b->var_flags.n <= (size_t)id)
    fc_vec_push(&b->var_flags, 0);
  b->var_flags.v[id] |= flags;
  return id;
}

void fc_name_storage(struct fb *b, int32_t id, const char *storage) {
  while (b->var_storage.n <= (size_t)id)
    fc_vec_push(&b->var_storage, FC_NO_STR);
  b->var_storage.v[id] = fc_strtab_intern(&b->ex->tu->strs, storage);
}

int32_t fc_temp_var(struct fb *b) {
  char key[32];
  snprintf(key, sizeof key, "$%u", b->n_temps++);
  return fc_intern_var(b, key, 0);
}

uint8_t fc_storage_flags(CXCursor var_decl) {
  if (clang_Cursor_hasVarDeclGlobalStorage(var_decl) != 1)
    return 0;
  CXType t = clang_getCanonicalType(clang_getCursorType(var_decl));
  return FC_VAR_GLOBAL | (clang_isVolatileQualifiedType(t) ? FC_VAR_VOLATILE : 0);
}

static int negate_test(int t) {
  switch (t) {
  case FC_T_EQ: return FC_T_NE;
  case FC_T_NE: return FC_T_EQ;
  case FC_T_LT: return FC_T_GE;
  case FC_T_GE: return FC_T_LT;
  case FC_T_GT: return FC_T_LE;
  case FC_T_LE: return FC_T_GT;
  default: return t;
  }
}

int fc_swap_test(int t) {
  switch (t) {
  case FC_T_LT: return FC_T_GT;
  case FC_T_GT: return FC_T_LT;
  case FC_T_LE: return FC_T_GE;
  case FC_T_GE: return FC_T_LE;
  default: return t;
  }
}

int fc_comparison_test(enum CXBinaryOperatorKind op) {
  switch (op) {
  case CXBinaryOperator_EQ: return FC_T_EQ;
  case CXBinaryOperator_NE: return FC_T_NE;
  case CXBinaryOperator_LT: return FC_T_LT;
  case CXBinaryOperator_GT: return FC_T_GT;
  case CXBinaryOperator_LE: return FC_T_LE;
  case CXBinaryOperator_GE: return FC_T_GE;
  default: return FC_T_ALWAYS;
  }
}

/* The call that ends the current block, when var is its result: its
 * event, and the name it calls in *name; else NULL. */
static const struct fc_event *tested_call(struct fb *b, int32_t var, const char **name) {
  const struct lblock *lb = &b->blocks.v[b->cur];
  if (lb->ev.n == 0)
    return NULL;
  const struct fc_event *ev = &lb->ev.v[lb->ev.n - 1];
  if (ev->kind != FC_EV_CALL || ev->var != var || ev->callee < 0)
    return NULL;
  const struct fc_tu *tu = b->ex->tu;
  *name = fc_str(&tu->strs, tu->callees.v[ev->callee].name);
  return ev;
}

/* Is var the result of the exec call that ends the current block? */
static int exec_result(struct fb *b, int32_t var) {
  const char *name;
  return tested_call(b, var, &name) &&
         (fc_knowledge_of(b->ex->know, name).kinds & FC_K_EXEC) != 0;
}

/* Is var the result of a call that ends the current block and cannot fail
 * with its constant arguments (data/cannot-fail.def)? What it returns
 * then: FC_CF_ZERO or FC_CF_NOT_MINUS_ONE; 0 when it may fail. */
static int cannot_fail_result(struct fb *b, int32_t var) {
  const char *name;
  const struct fc_event *ev = tested_call(b, var, &name);
  int arg, sure = ev ? fc_knowledge_cannot_fail(name, &arg) : 0;
  if (!sure || arg < 0)
    return sure;
  const struct fc_tu *tu = b->ex->tu;
  const struct fc_arg *a = (uint32_t)arg < ev->n_args ? &tu->args.v[ev->args + (uint32_t)arg] : NULL;
  if (a && a->kind == FC_ARG_STR)
    return fc_knowledge_cannot_fail_with_str(name, fc_str(&tu->strs, (uint32_t)a->value)) ? sure
                                                                                           : 0;
  return a && a->kind == FC_ARG_CONST && fc_knowledge_cannot_fail_with(name, a->value) ? sure : 0;
}

/* Is `x TEST value` decided for every x >= 0: 1 when it holds for all of
 * them, 0 when for none, -1 when it depends on x? */
static int holds_not_negative(int test, int64_t value) {
  if (value < 0)
    return test == FC_T_NE || test == FC_T_GT || test == FC_T_GE;
  if (value == 0 && (test == FC_T_LT || test == FC_T_GE))
    return test == FC_T_GE;
  return -1;
}

void fc_branch(struct fb *b, int32_t var, int test, int64_t value, uint32_t t, uint32_t f) {
  if (var < 0 || test == FC_T_ALWAYS) {
    fc_jump(b, t);
    fc_jump(b, f);
    return;
  }
  if (exec_result(b, var)) {
    /* exec returns only when it fails, and then -1: a test of its result
     * has one outcome. */
    fc_jump(b, fc_test_holds(test, -1, value) ? t : f);
    return;
  }
  /* A call that cannot fail: its failure's branch does not exist. */
  int sure = cannot_fail_result(b, var);
  if (sure == FC_CF_ZERO) {
    fc_jump(b, fc_test_holds(test, 0, value) ? t : f);
    return;
  }
  if (sure == FC_CF_NOT_MINUS_ONE && value == -1 && (test == FC_T_EQ || test == FC_T_NE)) {
    fc_jump(b, test == FC_T_NE ? t : f);
    return;
  }
  int holds = sure == FC_CF_NOT_NEGATIVE ? holds_not_negative(test, value) : -1;
  if (holds >= 0) {
    fc_jump(b, holds ? t : f);
    return;
  }
  fc_add_edge(b, b->cur, t, var, test, value);
  fc_add_edge(b, b->cur, f, var, negate_test(test), value);
}

uint32_t fc_label_block(struct fb *b, CXCursor label_stmt) {
  for (size_t i = 0; i < b->labels.n; i++)
    if (clang_equalLocations(clang_getCursorLocation(b->labels.v[i].stmt),
                             clang_getCursorLocation(label_stmt)))
      return b->labels.v[i].block;
  struct label l = {label_stmt, fc_new_block(b)};
  fc_vec_push(&b->labels, l);
  return l.block;
}
