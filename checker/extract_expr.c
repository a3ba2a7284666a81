/* Expressions: the events they cause in evaluation order, the variable that
 * holds their value, and conditions lowered to branches. */
#include "extract_impl.h"

#include <stdlib.h>
#include <string.h>

/* A key naming the storage an lvalue expression denotes, when it is a
 * variable, a member of one (a.b, p->b, nested) or what a variable points to
 * (*p); NULL otherwise. Members and pointees are tracked like variables, so
 * `cmd->pid = fork(); if (!cmd->pid)` is followed as `pid` would be. */
static char *lvalue_key(CXCursor c, uint8_t *flags, int depth);

static char *variable_key(CXCursor ref, uint8_t *flags) {
  CXCursor d = clang_getCursorReferenced(ref);
  enum CXCursorKind dk = clang_getCursorKind(d);
  if (dk != CXCursor_VarDecl && dk != CXCursor_ParmDecl)
    return NULL;
  *flags |= fc_storage_flags(d);
  char *usr = fc_cx_take(clang_getCursorUSR(d));
  if (!usr[0]) {
    free(usr);
    usr = fc_cx_take(clang_getCursorSpelling(d));
  }
  return usr;
}

static char *lvalue_key(CXCursor c, uint8_t *flags, int depth) {
  enum CXCursorKind k = clang_getCursorKind(c);
  if (depth > 8)
    return NULL;
  if (k == CXCursor_DeclRefExpr)
    return variable_key(c, flags);
  if (k != CXCursor_MemberRefExpr &&
      !(k == CXCursor_UnaryOperator && clang_getCursorUnaryOperatorKind(c) == CXUnaryOperator_Deref))
    return NULL;
  struct kids kk = fc_kids(c);
  char *base = kk.n == 1 ? lvalue_key(fc_unwrap(kk.v[0]), flags, depth + 1) : NULL;
  free(kk.v);
  if (!base)
    return NULL;
  *flags |= FC_VAR_MEMORY;
  char *field = k == CXCursor_MemberRefExpr ? fc_cx_take(clang_getCursorSpelling(c)) : NULL;
  size_t n = strlen(base) + (field ? strlen(field) : 0) + 4;
  char *key = fc_xmalloc(n);
  if (field)
    snprintf(key, n, "%s.%s", base, field);
  else
    snprintf(key, n, "*%s", base);
  free(base);
  free(field);
  return key;
}

/* The variable (or tracked member or pointee) an expression denotes, or -1. */
static int32_t var_of(struct fb *b, CXCursor ref) {
  uint8_t flags = 0;
  char *key = lvalue_key(ref, &flags, 0);
  if (!key)
    return -1;
  int32_t id = fc_intern_var(b, key, flags);
  free(key);
  return id;
}

void fc_walk_kids(struct fb *b, CXCursor c) {
  struct kids k = fc_kids(c);
  for (size_t i = 0; i < k.n; i++)
    fc_value_of(b, k.v[i]);
  free(k.v);
}

/* A global is named, so that rules can tell stdout from stderr. */
static void name_global(struct fb *b, struct fc_arg *a, CXCursor u) {
  a->value = FC_NO_STR;
  if (clang_getCursorKind(u) == CXCursor_DeclRefExpr && (b->var_flags.v[a->var] & FC_VAR_GLOBAL)) {
    char *name = fc_cx_take(clang_getCursorSpelling(clang_getCursorReferenced(u)));
    a->value = fc_strtab_intern(&b->ex->tu->strs, name);
    free(name);
  }
}

/* Evaluates a call argument and says what it is. */
static struct fc_arg argument(struct fb *b, CXCursor c) {
  struct fc_arg a = {FC_ARG_OTHER, -1, 0};
  CXCursor u = fc_unwrap(c);
  enum CXCursorKind k = clang_getCursorKind(u);
  int64_t value;
  if (k == CXCursor_DeclRefExpr &&
      fc_is_function_kind(clang_getCursorKind(clang_getCursorReferenced(u)))) {
    a.kind = FC_ARG_FUNC;
    a.value = fc_callee_id(b->ex, clang_getCursorReferenced(u));
    fc_value_of(b, c);
  } else if (fc_const_value(u, &value)) {
    a.kind = FC_ARG_CONST;
    a.value = value;
  } else if (k == CXCursor_UnaryOperator &&
             clang_getCursorUnaryOperatorKind(u) == CXUnaryOperator_Minus) {
    struct kids kk = fc_kids(u);
    a.var = kk.n == 1 ? var_of(b, fc_unwrap(kk.v[0])) : -1;
    a.kind = a.var >= 0 ? FC_ARG_NEG_VAR : FC_ARG_OTHER;
    if (a.var < 0)
      fc_value_of(b, c);
    free(kk.v);
  } else {
    a.var = fc_value_of(b, c);
    if (a.var >= 0 && k != CXCursor_CallExpr && k != CXCursor_BinaryOperator)
      a.kind = FC_ARG_VAR;
  }
  if (a.kind == FC_ARG_VAR)
    name_global(b, &a, u);
  return a;
}

/* The function a call names: `f(x)`, or in parentheses, `(f)(x)` (which
 * bypasses a macro named f); a null cursor for a call through a pointer. */
static CXCursor called_function(CXCursor c, const struct kids *k) {
  CXCursor callee = clang_getCursorReferenced(c);
  if (fc_is_function_kind(clang_getCursorKind(callee)) || k->n == 0)
    return callee;
  CXCursor fe = fc_unwrap(k->v[0]);
  if (clang_getCursorKind(fe) == CXCursor_DeclRefExpr &&
      fc_is_function_kind(clang_getCursorKind(clang_getCursorReferenced(fe))))
    return clang_getCursorReferenced(fe);
  return callee;
}

/* A call: arguments first, then the call event, its result stored in `into`
 * (or a fresh temporary, so that a test of the result can be tracked). */
static int32_t call(struct fb *b, CXCursor c, int32_t into) {
  struct ex *ex = b->ex;
  struct kids k = fc_kids(c);
  CXCursor callee = called_function(c, &k);
  enum CXCursorKind ck = clang_getCursorKind(callee);
  int direct = fc_is_function_kind(ck);
  size_t first_arg = 0;
  uint32_t fn_type = FC_NO_STR;
  if (!direct && k.n > 0)
    fn_type = fc_function_type(ex, clang_getCursorType(k.v[0]));
  if (ck != CXCursor_Constructor && k.n > 0) {
    CXCursor fe = fc_unwrap(k.v[0]);
    /* The callee expression: a plain function name is not an address-taken
     * use; anything else (a pointer, a member's object) is evaluated. */
    if (!(direct && clang_getCursorKind(fe) == CXCursor_DeclRefExpr))
      fc_value_of(b, k.v[0]);
    first_arg = 1;
  }
  struct fc_arg *vals = fc_xcalloc(k.n + 1, sizeof *vals);
  uint16_t nargs = 0;
  for (size_t i = first_arg; i < k.n; i++)
    vals[nargs++] = argument(b, k.v[i]);
  uint32_t args = (uint32_t)ex->tu->args.n;
  for (uint16_t i = 0; i < nargs; i++)
    fc_vec_push(&ex->tu->args, vals[i]);
  free(vals);
  free(k.v);
  if (into < 0)
    into = fc_temp_var(b);
  struct fc_event ev = {FC_EV_CALL, nargs, into, -1, args, fc_loc_of(ex, c), fn_type};
  if (direct)
    ev.callee = fc_callee_id(ex, callee);
  fc_add_event(b, ev);
  return into;
}

static void assign(struct fb *b, int32_t var, CXCursor at) {
  if (var < 0)
    return;
  fc_add_event(b, fc_simple_event(FC_EV_ASSIGN, var, fc_loc_of(b->ex, at)));
}

void fc_store(struct fb *b, int32_t var, CXCursor rhs, CXCursor at) {
  CXCursor u = fc_unwrap(rhs);
  if (var >= 0 && clang_getCursorKind(u) == CXCursor_CallExpr) {
    call(b, u, var);
    return;
  }
  fc_value_of(b, rhs);
  assign(b, var, at);
}

/* `lhs = rhs`; lhs is the tracked variable assigned, or -1. */
static int32_t assignment(struct fb *b, CXCursor u, const struct kids *kk, int32_t lhs) {
  if (lhs < 0) {
    /* A store into memory: what is stored may escape the function. */
    fc_value_of(b, kk->v[0]);
    int32_t v = fc_value_of(b, kk->v[1]);
    fc_add_event(b, fc_simple_event(FC_EV_STORE, v, fc_loc_of(b->ex, u)));
    return -1;
  }
  int32_t from = var_of(b, fc_unwrap(kk->v[1]));
  if (from >= 0 && (b->var_flags.v[lhs] & (FC_VAR_GLOBAL | FC_VAR_MEMORY)))
    fc_add_event(b, fc_simple_event(FC_EV_STORE, from, fc_loc_of(b->ex, u)));
  fc_store(b, lhs, kk->v[1], u);
  return lhs;
}

/* `a && b`, `a || b` as a value: the right side runs only on one outcome
 * of the left, as in `ok || die()`. */
static void logical_value(struct fb *b, const struct kids *kk, int is_and) {
  uint32_t rhs = fc_new_block(b), out = fc_new_block(b);
  if (is_and)
    fc_cond(b, kk->v[0], rhs, out);
  else
    fc_cond(b, kk->v[0], out, rhs);
  b->cur = rhs;
  fc_value_of(b, kk->v[1]);
  fc_jump(b, out);
  b->cur = out;
}

static int32_t binary_value(struct fb *b, CXCursor u) {
  struct kids kk = fc_kids(u);
  int32_t result = -1;
  if (kk.n != 2) {
    fc_walk_kids(b, u);
    free(kk.v);
    return -1;
  }
  enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(u);
  int32_t lhs = var_of(b, fc_unwrap(kk.v[0]));
  if (op == CXBinaryOperator_Assign) {
    result = assignment(b, u, &kk, lhs);
  } else if (op >= CXBinaryOperator_MulAssign && op <= CXBinaryOperator_OrAssign) {
    fc_value_of(b, kk.v[1]);
    if (lhs < 0)
      fc_value_of(b, kk.v[0]);
    assign(b, lhs, u);
    result = lhs;
  } else if (op == CXBinaryOperator_Comma) {
    fc_value_of(b, kk.v[0]);
    result = fc_value_of(b, kk.v[1]);
  } else if (op == CXBinaryOperator_LAnd || op == CXBinaryOperator_LOr) {
    logical_value(b, &kk, op == CXBinaryOperator_LAnd);
  } else {
    fc_value_of(b, kk.v[0]);
    fc_value_of(b, kk.v[1]);
  }
  free(kk.v);
  return result;
}

static int32_t unary_value(struct fb *b, CXCursor u) {
  enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(u);
  struct kids kk = fc_kids(u);
  int32_t result = -1;
  if (kk.n == 1) {
    int32_t v = var_of(b, fc_unwrap(kk.v[0]));
    if (v >= 0 && op >= CXUnaryOperator_PostInc && op <= CXUnaryOperator_PreDec)
      assign(b, v, u);
    else if (op == CXUnaryOperator_Deref && (result = var_of(b, u)) >= 0)
      ;
    else
      fc_value_of(b, kk.v[0]);
  }
  free(kk.v);
  return result;
}

/* Each arm runs on its own path: `ok ? (void)0 : fail()`, as in assert
 * macros, must not make the failure unconditional. */
static void conditional_value(struct fb *b, CXCursor u) {
  struct kids kk = fc_kids(u);
  if (kk.n == 3) {
    uint32_t yes = fc_new_block(b), no = fc_new_block(b), out = fc_new_block(b);
    fc_cond(b, kk.v[0], yes, no);
    b->cur = yes;
    fc_value_of(b, kk.v[1]);
    fc_jump(b, out);
    b->cur = no;
    fc_value_of(b, kk.v[2]);
    fc_jump(b, out);
    b->cur = out;
  } else {
    fc_walk_kids(b, u);
  }
  free(kk.v);
}

/* Variables placed in an aggregate escape with it. */
static void init_list_value(struct fb *b, CXCursor u) {
  struct kids kk = fc_kids(u);
  for (size_t i = 0; i < kk.n; i++) {
    int32_t v = fc_value_of(b, kk.v[i]);
    if (v >= 0)
      fc_add_event(b, fc_simple_event(FC_EV_STORE, v, fc_loc_of(b->ex, kk.v[i])));
  }
  free(kk.v);
}

/* `&&label`: a computed goto may go there. */
static void label_address(struct fb *b, CXCursor u) {
  struct kids kk = fc_kids(u);
  if (kk.n == 1)
    fc_vec_push(&b->label_addrs, fc_label_block(b, clang_getCursorReferenced(kk.v[0])));
  free(kk.v);
}

static int32_t expression(struct fb *b, CXCursor u) {
  int32_t result = -1;
  switch (clang_getCursorKind(u)) {
  case CXCursor_DeclRefExpr: {
    CXCursor d = clang_getCursorReferenced(u);
    if (fc_is_function_kind(clang_getCursorKind(d)))
      fc_vec_push(&b->ex->tu->addr_taken, (uint32_t)fc_callee_id(b->ex, d));
    else
      result = var_of(b, u);
    break;
  }
  case CXCursor_CallExpr: result = call(b, u, -1); break;
  case CXCursor_MemberRefExpr:
    result = var_of(b, u);
    if (result < 0)
      fc_walk_kids(b, u);
    break;
  case CXCursor_BinaryOperator:
  case CXCursor_CompoundAssignOperator: result = binary_value(b, u); break;
  case CXCursor_UnaryOperator: result = unary_value(b, u); break;
  case CXCursor_StmtExpr: {
    struct kids kk = fc_kids(u);
    for (size_t i = 0; i < kk.n; i++)
      fc_stmt(b, kk.v[i]);
    free(kk.v);
    break;
  }
  case CXCursor_ConditionalOperator: conditional_value(b, u); break;
  case CXCursor_InitListExpr: init_list_value(b, u); break;
  case CXCursor_AddrLabelExpr: label_address(b, u); break;
  case CXCursor_LambdaExpr:
  case CXCursor_BlockExpr: break; /* the body runs later, not here */
  default: fc_walk_kids(b, u); break;
  }
  return result;
}

/* One level of the walk: an expression's value, or a condition's branch. */
struct expr_step {
  struct fb *b;
  CXCursor c;
  int32_t result;
  uint32_t t, f;
};

static void value_step(void *arg) {
  struct expr_step *s = arg;
  s->result = expression(s->b, fc_unwrap(s->c));
}

int32_t fc_value_of(struct fb *b, CXCursor c) {
  struct expr_step s = {b, c, -1, 0, 0};
  fc_descend(b, c, value_step, &s);
  return s.result;
}

/* __builtin_expect(cond, hint), behind likely()/unlikely(): a test of cond. */
static int is_expect(CXCursor call_expr) {
  char *name = fc_cx_take(clang_getCursorSpelling(clang_getCursorReferenced(call_expr)));
  int yes = !strcmp(name, "__builtin_expect") || !strcmp(name, "__builtin_expect_with_probability");
  free(name);
  return yes;
}

/* A comparison with a constant on either side is a test of the other side. */
static void comparison_cond(struct fb *b, CXCursor u, const struct kids *kk, int test,
                            uint32_t t, uint32_t f) {
  int64_t value;
  if (test != FC_T_ALWAYS && fc_const_value(fc_unwrap(kk->v[1]), &value)) {
    int32_t v = fc_value_of(b, kk->v[0]);
    fc_branch(b, v, test, value, t, f);
  } else if (test != FC_T_ALWAYS && fc_const_value(fc_unwrap(kk->v[0]), &value)) {
    int32_t v = fc_value_of(b, kk->v[1]);
    fc_branch(b, v, fc_swap_test(test), value, t, f);
  } else {
    int32_t v = fc_value_of(b, u);
    fc_branch(b, v, FC_T_NE, 0, t, f);
  }
}

static void binary_cond(struct fb *b, CXCursor u, uint32_t t, uint32_t f) {
  enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(u);
  struct kids kk = fc_kids(u);
  if (kk.n != 2) {
    fc_walk_kids(b, u);
    fc_branch(b, -1, FC_T_ALWAYS, 0, t, f);
  } else if (op == CXBinaryOperator_LAnd || op == CXBinaryOperator_LOr) {
    uint32_t mid = fc_new_block(b);
    if (op == CXBinaryOperator_LAnd)
      fc_cond(b, kk.v[0], mid, f);
    else
      fc_cond(b, kk.v[0], t, mid);
    b->cur = mid;
    fc_cond(b, kk.v[1], t, f);
  } else if (op == CXBinaryOperator_Comma) {
    fc_value_of(b, kk.v[0]);
    fc_cond(b, kk.v[1], t, f);
  } else {
    comparison_cond(b, u, &kk, fc_comparison_test(op), t, f);
  }
  free(kk.v);
}

/* A condition with one child to look through: `!c`, __builtin_expect(c, h). */
static void inner_cond(struct fb *b, CXCursor u, size_t n, size_t i, uint32_t t, uint32_t f) {
  struct kids kk = fc_kids(u);
  if (kk.n == n)
    fc_cond(b, kk.v[i], t, f);
  else if (n == 1)
    fc_branch(b, -1, FC_T_ALWAYS, 0, t, f);
  else
    fc_branch(b, fc_value_of(b, u), FC_T_NE, 0, t, f);
  free(kk.v);
}

static void condition(struct fb *b, CXCursor c, uint32_t t, uint32_t f) {
  CXCursor u = fc_unwrap(c);
  enum CXCursorKind k = clang_getCursorKind(u);
  int64_t value;
  if (k == CXCursor_CallExpr && is_expect(u))
    inner_cond(b, u, 3, 1, t, f);
  else if (fc_const_value(u, &value))
    fc_jump(b, value ? t : f);
  else if (k == CXCursor_UnaryOperator &&
           clang_getCursorUnaryOperatorKind(u) == CXUnaryOperator_LNot)
    inner_cond(b, u, 1, 0, f, t);
  else if (k == CXCursor_BinaryOperator)
    binary_cond(b, u, t, f);
  else
    fc_branch(b, fc_value_of(b, u), FC_T_NE, 0, t, f);
}

static void cond_step(void *arg) {
  struct expr_step *s = arg;
  condition(s->b, s->c, s->t, s->f);
}

void fc_cond(struct fb *b, CXCursor c, uint32_t t, uint32_t f) {
  struct expr_step s = {b, c, -1, t, f};
  if (!fc_descend(b, c, cond_step, &s))
    fc_branch(b, -1, FC_T_ALWAYS, 0, t, f);
}
