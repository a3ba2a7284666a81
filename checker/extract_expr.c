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

/* Does the member expression c name storage that outlives the function: a
 * member reached through a pointer, or of a variable with global storage? A
 * member of a local struct (or of a struct parameter, a copy) dies when the
 * function returns, so no other function can read what it holds. */
static int member_outlives(CXCursor c, int depth) {
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k == CXCursor_DeclRefExpr)
    return clang_Cursor_hasVarDeclGlobalStorage(clang_getCursorReferenced(c)) == 1;
  if (k != CXCursor_MemberRefExpr || depth > 8)
    return 1;
  struct kids kk = fc_kids(c);
  int outlives = 1;
  if (kk.n == 1) {
    CXCursor base = fc_unwrap(kk.v[0]);
    outlives = clang_getCanonicalType(clang_getCursorType(base)).kind == CXType_Pointer ||
               member_outlives(base, depth + 1);
  }
  free(kk.v);
  return outlives;
}

/* The name of the storage a global or a member denotes (summary.h), or
 * NULL. */
static char *storage_key(CXCursor c, uint8_t flags) {
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k == CXCursor_DeclRefExpr && (flags & FC_VAR_GLOBAL) && !(flags & FC_VAR_MEMORY))
    return fc_cx_take(clang_getCursorUSR(clang_getCursorReferenced(c)));
  if (k != CXCursor_MemberRefExpr || !member_outlives(c, 0))
    return NULL;
  char *field = fc_cx_take(clang_getCursorUSR(clang_getCursorReferenced(c)));
  size_t n = strlen(field) + 3;
  char *key = fc_xmalloc(n);
  snprintf(key, n, "f:%s", field);
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
  char *storage = storage_key(ref, flags);
  if (storage && storage[0] && strcmp(storage, "f:") != 0)
    fc_name_storage(b, id, storage);
  free(storage);
  free(key);
  return id;
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

/* A call being walked: its arguments are evaluated first, then its event. */
struct call {
  CXCursor c, callee;
  int direct;
  uint32_t fn_type;
  int32_t into; /* the variable its result goes to, or -1: a new temporary */
  struct kids k;
  struct fc_arg *vals;
  uint16_t nargs;
};

static void push_call_step(struct fb *b, enum fc_op op, struct call *r, size_t i, CXCursor c) {
  fc_push(b, (struct fc_task){.op = (uint8_t)op, .rec = r, .i = i, .c = c});
}

/* A string literal the analysis asks about (a null device's path, which
 * open() may be given): its string id, or FC_NO_STR. Other literals (format
 * strings above all) are not kept. libclang spells a literal as C source,
 * quoted and escaped (clang_Cursor_Evaluate does not evaluate one). */
static uint32_t asked_literal(struct fb *b, CXCursor u) {
  uint32_t id = FC_NO_STR;
  char *text = fc_cx_take(clang_getCursorSpelling(u));
  size_t n = text ? strlen(text) : 0;
  if (n >= 2 && text[0] == '"' && text[n - 1] == '"') {
    text[n - 1] = '\0';
    if (fc_knowledge_null_device(text + 1))
      id = fc_strtab_intern(&b->ex->tu->strs, text + 1);
  }
  free(text);
  return id;
}

/* Says what argument i is; its value, when it needs one, comes later. */
static void argument(struct fb *b, struct call *r, size_t i) {
  struct fc_arg a = {FC_ARG_OTHER, -1, 0};
  CXCursor c = r->k.v[i], u = fc_unwrap(c);
  enum CXCursorKind k = clang_getCursorKind(u);
  size_t slot = r->nargs++, m = fc_seq(b);
  int64_t value;
  if (k == CXCursor_DeclRefExpr &&
      fc_is_function_kind(clang_getCursorKind(clang_getCursorReferenced(u)))) {
    a.kind = FC_ARG_FUNC;
    a.value = fc_callee_id(b->ex, clang_getCursorReferenced(u));
    fc_push_cursor(b, FC_OP_VALUE, c);
  } else if (fc_const_value(u, &value)) {
    a.kind = FC_ARG_CONST;
    a.value = value;
  } else if (k == CXCursor_StringLiteral && (value = asked_literal(b, u)) != FC_NO_STR) {
    a.kind = FC_ARG_STR;
    a.value = value;
  } else if (k == CXCursor_UnaryOperator &&
             clang_getCursorUnaryOperatorKind(u) == CXUnaryOperator_Minus) {
    struct kids kk = fc_kids(u);
    a.var = kk.n == 1 ? var_of(b, fc_unwrap(kk.v[0])) : -1;
    a.kind = a.var >= 0 ? FC_ARG_NEG_VAR : FC_ARG_OTHER;
    if (a.var < 0)
      fc_push_cursor(b, FC_OP_VALUE, c);
    free(kk.v);
  } else {
    fc_push_cursor(b, FC_OP_VALUE, c);
    push_call_step(b, FC_OP_ARG_DONE, r, slot, u);
  }
  r->vals[slot] = a;
  fc_seq_end(b, m);
}

/* `&x`, `&s->lock`: the variable (or tracked member) whose address it is,
 * or -1. Which lock a call takes is named so. */
static int32_t address_of(struct fb *b, CXCursor u) {
  if (clang_getCursorKind(u) != CXCursor_UnaryOperator ||
      clang_getCursorUnaryOperatorKind(u) != CXUnaryOperator_AddrOf)
    return -1;
  struct kids kk = fc_kids(u);
  int32_t v = kk.n == 1 ? var_of(b, fc_unwrap(kk.v[0])) : -1;
  free(kk.v);
  return v;
}

/* An argument that is a value: a variable, unless a call or an operator
 * computed it; or the address of one. */
static void argument_done(struct fb *b, struct call *r, size_t slot, CXCursor u) {
  struct fc_arg *a = &r->vals[slot];
  enum CXCursorKind k = clang_getCursorKind(u);
  a->var = b->ret;
  int32_t addressed = a->var < 0 ? address_of(b, u) : -1;
  if (addressed >= 0) {
    a->kind = FC_ARG_ADDR;
    a->var = addressed;
    return;
  }
  if (a->var >= 0 && k != CXCursor_CallExpr && k != CXCursor_BinaryOperator) {
    a->kind = FC_ARG_VAR;
    name_global(b, a, u);
  }
}

static void call_event(struct fb *b, struct call *r) {
  struct ex *ex = b->ex;
  uint32_t args = (uint32_t)ex->tu->args.n;
  for (uint16_t i = 0; i < r->nargs; i++)
    fc_vec_push(&ex->tu->args, r->vals[i]);
  int32_t into = r->into >= 0 ? r->into : fc_temp_var(b);
  struct fc_event ev = {FC_EV_CALL, r->nargs, into, -1, args, fc_loc_of(ex, r->c), r->fn_type,
                        r->direct ? FC_NO_STR : fc_pointer_key(ex, r->k.n ? r->k.v[0] : r->c)};
  if (r->direct)
    ev.callee = fc_callee_id(ex, r->callee);
  fc_add_event(b, ev);
  b->ret = into;
  free(r->vals);
  free(r->k.v);
  free(r);
}

void fc_call_step(struct fb *b, const struct fc_task *t) {
  if (t->op == FC_OP_ARG)
    argument(b, t->rec, t->i);
  else if (t->op == FC_OP_ARG_DONE)
    argument_done(b, t->rec, t->i, t->c);
  else
    call_event(b, t->rec);
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
static void call(struct fb *b, CXCursor c, int32_t into) {
  struct call *r = fc_xcalloc(1, sizeof *r);
  r->c = c;
  r->into = into;
  r->k = fc_kids(c);
  r->callee = called_function(c, &r->k);
  enum CXCursorKind ck = clang_getCursorKind(r->callee);
  r->direct = fc_is_function_kind(ck);
  r->fn_type = FC_NO_STR;
  r->vals = fc_xcalloc(r->k.n + 1, sizeof *r->vals);
  if (!r->direct && r->k.n > 0)
    r->fn_type = fc_function_type(b->ex, clang_getCursorType(r->k.v[0]));
  size_t first_arg = 0, m = fc_seq(b);
  if (ck != CXCursor_Constructor && r->k.n > 0) {
    CXCursor fe = fc_unwrap(r->k.v[0]);
    /* The callee expression: a plain function name is not an address-taken
     * use; anything else (a pointer, a member's object) is evaluated. */
    if (!(r->direct && clang_getCursorKind(fe) == CXCursor_DeclRefExpr))
      fc_push_cursor(b, FC_OP_VALUE, r->k.v[0]);
    first_arg = 1;
  }
  for (size_t i = first_arg; i < r->k.n; i++)
    push_call_step(b, FC_OP_ARG, r, i, r->k.v[i]);
  push_call_step(b, FC_OP_CALL_EVENT, r, 0, c);
  fc_seq_end(b, m);
}

static void push_assign(struct fb *b, int32_t var, CXCursor at, uint16_t flags, int64_t value) {
  fc_push(b, (struct fc_task){.op = FC_OP_ASSIGN, .var = var, .c = at, .flags = flags,
                              .value = value});
}

/* A comparison or a negation: a truth value. */
int fc_is_truth_value(CXCursor u) {
  enum CXCursorKind k = clang_getCursorKind(u);
  if (k == CXCursor_UnaryOperator)
    return clang_getCursorUnaryOperatorKind(u) == CXUnaryOperator_LNot;
  if (k != CXCursor_BinaryOperator)
    return 0;
  enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(u);
  return fc_comparison_test(op) != FC_T_ALWAYS || op == CXBinaryOperator_LAnd ||
         op == CXBinaryOperator_LOr;
}

/* `var = (pid == 0)`: the test branches, and each side stores its constant,
 * so that a later test of var is a test of what was compared. */
static void store_truth(struct fb *b, int32_t var, CXCursor rhs, CXCursor at) {
  uint32_t yes = fc_new_block(b), no = fc_new_block(b), out = fc_new_block(b);
  fc_push_cond(b, rhs, yes, no);
  fc_push_op(b, FC_OP_CUR, yes);
  push_assign(b, var, at, FC_ASSIGN_CONST, 1);
  fc_push_op(b, FC_OP_JUMP, out);
  fc_push_op(b, FC_OP_CUR, no);
  push_assign(b, var, at, FC_ASSIGN_CONST, 0);
  fc_push_op(b, FC_OP_JUMP, out);
  fc_push_op(b, FC_OP_CUR, out);
}

/* `var = c ? x : y`: each side stores its own value, so that in
 * `child = nofork ? 0 : fork();` the fork's result is followed on its side. */
static void store_choice(struct fb *b, int32_t var, CXCursor u, CXCursor at) {
  struct kids kk = fc_kids(u);
  uint32_t yes = fc_new_block(b), no = fc_new_block(b), out = fc_new_block(b);
  fc_push_cond(b, kk.v[0], yes, no);
  fc_push_op(b, FC_OP_CUR, yes);
  fc_push(b, (struct fc_task){.op = FC_OP_STORE, .var = var, .c = kk.v[1], .at = at});
  fc_push_op(b, FC_OP_JUMP, out);
  fc_push_op(b, FC_OP_CUR, no);
  fc_push(b, (struct fc_task){.op = FC_OP_STORE, .var = var, .c = kk.v[2], .at = at});
  fc_push_op(b, FC_OP_JUMP, out);
  fc_push_op(b, FC_OP_CUR, out);
  free(kk.v);
}

int fc_is_choice(CXCursor u) {
  if (clang_getCursorKind(u) != CXCursor_ConditionalOperator)
    return 0;
  struct kids kk = fc_kids(u);
  free(kk.v);
  return kk.n == 3;
}

void fc_expand_store(struct fb *b, int32_t var, CXCursor rhs, CXCursor at) {
  CXCursor u = fc_unwrap(rhs);
  int64_t value;
  size_t m = fc_seq(b);
  if (var >= 0 && fc_is_choice(u)) {
    store_choice(b, var, u, at);
  } else if (var >= 0 && clang_getCursorKind(u) == CXCursor_CallExpr) {
    call(b, u, var);
  } else if (var >= 0 && fc_const_value(u, &value)) {
    push_assign(b, var, at, FC_ASSIGN_CONST, value);
  } else if (var >= 0 && fc_is_truth_value(u)) {
    store_truth(b, var, rhs, at);
  } else {
    fc_push_cursor(b, FC_OP_VALUE, rhs);
    push_assign(b, var, at, FC_ASSIGN_COPY, 0);
  }
  fc_seq_end(b, m);
}

static void push_event(struct fb *b, enum fc_event_kind kind, CXCursor at, uint16_t flags) {
  fc_push(b, (struct fc_task){.op = FC_OP_EVENT, .test = (uint8_t)kind, .c = at, .flags = flags});
}

/* Do a and b denote the same place: the same variables, members and
 * constant or variable indices, with nothing evaluated on the way? */
static int same_place(CXCursor a, CXCursor b, int depth) {
  a = fc_unwrap(a);
  b = fc_unwrap(b);
  enum CXCursorKind k = clang_getCursorKind(a);
  int64_t x, y;
  if (depth > 8 || k != clang_getCursorKind(b))
    return 0;
  if (fc_const_value(a, &x))
    return fc_const_value(b, &y) && x == y;
  if (k == CXCursor_DeclRefExpr)
    return clang_equalCursors(clang_getCursorReferenced(a), clang_getCursorReferenced(b));
  if (k == CXCursor_UnaryOperator &&
      (clang_getCursorUnaryOperatorKind(a) != CXUnaryOperator_Deref ||
       clang_getCursorUnaryOperatorKind(b) != CXUnaryOperator_Deref))
    return 0;
  if (k == CXCursor_MemberRefExpr &&
      !clang_equalCursors(clang_getCursorReferenced(a), clang_getCursorReferenced(b)))
    return 0;
  if (k != CXCursor_MemberRefExpr && k != CXCursor_ArraySubscriptExpr &&
      k != CXCursor_UnaryOperator)
    return 0;
  struct kids ka = fc_kids(a), kb = fc_kids(b);
  int same = ka.n == kb.n && ka.n > 0;
  for (size_t i = 0; same && i < ka.n; i++)
    same = same_place(ka.v[i], kb.v[i], depth + 1);
  free(ka.v);
  free(kb.v);
  return same;
}

/* A read of the place the last store wrote, with nothing done since in the
 * same block: what was stored (`kids[i].pid = fork(); if (kids[i].pid ==
 * 0)` tests fork()'s result). */
static int kept_value(struct fb *b, CXCursor u) {
  if (b->kept_var < 0 || b->kept_at != b->n_events || b->kept_block != b->cur ||
      !same_place(u, b->kept_lhs, 0))
    return 0;
  b->ret = b->kept_var;
  return 1;
}

/* `lhs = rhs`; lhs is the tracked variable assigned, or -1. */
static void assignment(struct fb *b, CXCursor u, const struct kids *kk, int32_t lhs) {
  fc_note_fn_store(b->ex, kk->v[0], kk->v[1]);
  if (lhs < 0) {
    /* A store into memory: what is stored may escape the function. The
     * assignment's value is what it stores: `(args[i] = strdup(s)) ==
     * NULL` tests strdup()'s result. */
    fc_push_cursor(b, FC_OP_VALUE, kk->v[0]);
    fc_push_cursor(b, FC_OP_VALUE, kk->v[1]);
    push_event(b, FC_EV_STORE, u, FC_EVENT_KEEP);
    return;
  }
  int32_t from = var_of(b, fc_unwrap(kk->v[1]));
  if (from >= 0 && (b->var_flags.v[lhs] & (FC_VAR_GLOBAL | FC_VAR_MEMORY)))
    fc_add_event(b, fc_simple_event(FC_EV_STORE, from, fc_loc_of(b->ex, u)));
  fc_push(b, (struct fc_task){.op = FC_OP_STORE, .var = lhs, .c = kk->v[1], .at = u});
  fc_push_ret(b, lhs);
}

/* `a && b`, `a || b` as a value: the right side runs only on one outcome
 * of the left, as in `ok || die()`. */
static void logical_value(struct fb *b, const struct kids *kk, int is_and) {
  uint32_t rhs = fc_new_block(b), out = fc_new_block(b);
  if (is_and)
    fc_push_cond(b, kk->v[0], rhs, out);
  else
    fc_push_cond(b, kk->v[0], out, rhs);
  fc_push_op(b, FC_OP_CUR, rhs);
  fc_push_cursor(b, FC_OP_VALUE, kk->v[1]);
  fc_push_op(b, FC_OP_JUMP, out);
  fc_push_op(b, FC_OP_CUR, out);
  fc_push_ret(b, -1);
}

static void binary_value(struct fb *b, CXCursor u) {
  struct kids kk = fc_kids(u);
  enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(u);
  int32_t lhs = kk.n == 2 ? var_of(b, fc_unwrap(kk.v[0])) : -1;
  if (kk.n != 2) {
    fc_push_kids(b, u);
  } else if (op == CXBinaryOperator_Assign) {
    assignment(b, u, &kk, lhs);
  } else if (op >= CXBinaryOperator_MulAssign && op <= CXBinaryOperator_OrAssign) {
    fc_push_cursor(b, FC_OP_VALUE, kk.v[1]);
    if (lhs < 0)
      fc_push_cursor(b, FC_OP_VALUE, kk.v[0]);
    push_assign(b, lhs, u, 0, 0);
    fc_push_ret(b, lhs);
  } else if (op == CXBinaryOperator_Comma) {
    fc_push_cursor(b, FC_OP_VALUE, kk.v[0]);
    fc_push_cursor(b, FC_OP_VALUE, kk.v[1]);
  } else if (op == CXBinaryOperator_LAnd || op == CXBinaryOperator_LOr) {
    logical_value(b, &kk, op == CXBinaryOperator_LAnd);
  } else {
    fc_push_cursor(b, FC_OP_VALUE, kk.v[0]);
    fc_push_cursor(b, FC_OP_VALUE, kk.v[1]);
    fc_push_ret(b, -1);
  }
  free(kk.v);
}

static void unary_value(struct fb *b, CXCursor u) {
  enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(u);
  struct kids kk = fc_kids(u);
  int32_t result = -1;
  if (kk.n == 1) {
    int32_t v = var_of(b, fc_unwrap(kk.v[0]));
    if (v >= 0 && op >= CXUnaryOperator_PostInc && op <= CXUnaryOperator_PreDec) {
      /* x++: x takes x + 1, a value where x's own is known (a flag set
       * with `forked++` in a child). */
      int up = op == CXUnaryOperator_PostInc || op == CXUnaryOperator_PreInc;
      fc_add_valued_event(b, FC_EV_ASSIGN, v, (struct fc_arg){FC_ARG_VAR_PLUS, v, up ? 1 : -1},
                          fc_loc_of(b->ex, u));
    } else if (op == CXUnaryOperator_Deref && (result = var_of(b, u)) >= 0) {
      b->ret = result;
    } else {
      fc_push_cursor(b, FC_OP_VALUE, kk.v[0]);
      fc_push_ret(b, -1);
    }
  }
  free(kk.v);
}

/* Each arm runs on its own path: `ok ? (void)0 : fail()`, as in assert
 * macros, must not make the failure unconditional. */
static void conditional_value(struct fb *b, CXCursor u) {
  struct kids kk = fc_kids(u);
  if (kk.n == 3) {
    uint32_t yes = fc_new_block(b), no = fc_new_block(b), out = fc_new_block(b);
    fc_push_cond(b, kk.v[0], yes, no);
    fc_push_op(b, FC_OP_CUR, yes);
    fc_push_cursor(b, FC_OP_VALUE, kk.v[1]);
    fc_push_op(b, FC_OP_JUMP, out);
    fc_push_op(b, FC_OP_CUR, no);
    fc_push_cursor(b, FC_OP_VALUE, kk.v[2]);
    fc_push_op(b, FC_OP_JUMP, out);
    fc_push_op(b, FC_OP_CUR, out);
    fc_push_ret(b, -1);
  } else {
    fc_push_kids(b, u);
  }
  free(kk.v);
}

/* Variables placed in an aggregate escape with it; a statement expression's
 * statements run in turn. Either way the value is none. */
static void each_kid(struct fb *b, CXCursor u, enum fc_op op) {
  struct kids kk = fc_kids(u);
  for (size_t i = 0; i < kk.n; i++) {
    fc_push_cursor(b, op, kk.v[i]);
    if (op == FC_OP_VALUE)
      push_event(b, FC_EV_STORE, kk.v[i], FC_EVENT_IF_VAR);
  }
  fc_push_ret(b, -1);
  free(kk.v);
}

/* `&&label`: a computed goto may go there. */
static void label_address(struct fb *b, CXCursor u) {
  struct kids kk = fc_kids(u);
  if (kk.n == 1)
    fc_vec_push(&b->label_addrs, fc_label_block(b, clang_getCursorReferenced(kk.v[0])));
  free(kk.v);
}

static void member_value(struct fb *b, CXCursor u) {
  b->ret = var_of(b, u);
  if (b->ret < 0)
    fc_push_kids(b, u);
}

void fc_expand_value(struct fb *b, CXCursor c) {
  CXCursor u = fc_unwrap(c);
  size_t m = fc_seq(b);
  b->ret = -1;
  enum CXCursorKind k = clang_getCursorKind(u);
  if ((k == CXCursor_ArraySubscriptExpr || k == CXCursor_MemberRefExpr ||
       k == CXCursor_UnaryOperator) && kept_value(b, u)) {
    fc_seq_end(b, m);
    return;
  }
  switch (k) {
  case CXCursor_DeclRefExpr: {
    CXCursor d = clang_getCursorReferenced(u);
    if (fc_is_function_kind(clang_getCursorKind(d)))
      fc_vec_push(&b->ex->tu->addr_taken, (uint32_t)fc_callee_id(b->ex, d));
    else
      b->ret = var_of(b, u);
    break;
  }
  case CXCursor_CallExpr: call(b, u, -1); break;
  case CXCursor_MemberRefExpr: member_value(b, u); break;
  case CXCursor_BinaryOperator:
  case CXCursor_CompoundAssignOperator: binary_value(b, u); break;
  case CXCursor_UnaryOperator: unary_value(b, u); break;
  case CXCursor_StmtExpr: each_kid(b, u, FC_OP_STMT); break;
  case CXCursor_ConditionalOperator: conditional_value(b, u); break;
  case CXCursor_InitListExpr: each_kid(b, u, FC_OP_VALUE); break;
  case CXCursor_AddrLabelExpr: label_address(b, u); break;
  case CXCursor_LambdaExpr:
  case CXCursor_BlockExpr: break; /* the body runs later, not here */
  default: fc_push_kids(b, u); break;
  }
  fc_seq_end(b, m);
}

/* __builtin_expect(cond, hint), behind likely()/unlikely(): a test of cond. */
static int is_expect(CXCursor call_expr) {
  char *name = fc_cx_take(clang_getCursorSpelling(clang_getCursorReferenced(call_expr)));
  int yes = !strcmp(name, "__builtin_expect") || !strcmp(name, "__builtin_expect_with_probability");
  free(name);
  return yes;
}

/* A test of c's value: `test value` holds on the edge to t. */
static void push_test(struct fb *b, CXCursor c, int test, int64_t value, uint32_t t, uint32_t f) {
  fc_push_cursor(b, FC_OP_VALUE, c);
  fc_push(b, (struct fc_task){.op = FC_OP_BRANCH, .flags = 1, .test = (uint8_t)test,
                              .value = value, .t = t, .f = f});
}

/* A comparison with a constant on either side is a test of the other side. */
static void comparison_cond(struct fb *b, CXCursor u, const struct kids *kk, int test,
                            uint32_t t, uint32_t f) {
  int64_t value;
  if (test != FC_T_ALWAYS && fc_const_value(fc_unwrap(kk->v[1]), &value))
    push_test(b, kk->v[0], test, value, t, f);
  else if (test != FC_T_ALWAYS && fc_const_value(fc_unwrap(kk->v[0]), &value))
    push_test(b, kk->v[1], fc_swap_test(test), value, t, f);
  else
    push_test(b, u, FC_T_NE, 0, t, f);
}

static void binary_cond(struct fb *b, CXCursor u, uint32_t t, uint32_t f) {
  enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(u);
  struct kids kk = fc_kids(u);
  if (kk.n != 2) {
    fc_push_kids(b, u);
    fc_push(b, (struct fc_task){.op = FC_OP_BRANCH, .test = FC_T_ALWAYS, .t = t, .f = f});
  } else if (op == CXBinaryOperator_LAnd || op == CXBinaryOperator_LOr) {
    uint32_t mid = fc_new_block(b);
    if (op == CXBinaryOperator_LAnd)
      fc_push_cond(b, kk.v[0], mid, f);
    else
      fc_push_cond(b, kk.v[0], t, mid);
    fc_push_op(b, FC_OP_CUR, mid);
    fc_push_cond(b, kk.v[1], t, f);
  } else if (op == CXBinaryOperator_Comma) {
    fc_push_cursor(b, FC_OP_VALUE, kk.v[0]);
    fc_push_cond(b, kk.v[1], t, f);
  } else {
    comparison_cond(b, u, &kk, fc_comparison_test(op), t, f);
  }
  free(kk.v);
}

/* A condition with one child to look through: `!c`, __builtin_expect(c, h). */
static void inner_cond(struct fb *b, CXCursor u, size_t n, size_t i, uint32_t t, uint32_t f) {
  struct kids kk = fc_kids(u);
  if (kk.n == n)
    fc_push_cond(b, kk.v[i], t, f);
  else if (n == 1)
    fc_branch(b, -1, FC_T_ALWAYS, 0, t, f);
  else
    push_test(b, u, FC_T_NE, 0, t, f);
  free(kk.v);
}

void fc_expand_cond(struct fb *b, CXCursor c, uint32_t t, uint32_t f) {
  CXCursor u = fc_unwrap(c);
  enum CXCursorKind k = clang_getCursorKind(u);
  int64_t value;
  size_t m = fc_seq(b);
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
    push_test(b, u, FC_T_NE, 0, t, f);
  fc_seq_end(b, m);
}
