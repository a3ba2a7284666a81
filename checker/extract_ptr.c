/* Function pointers: which pointer an indirect call calls through, and
 * where the program stores functions' addresses, both named by a key
 * (summary.h) so that the link can match them across TUs. */
#include "extract_impl.h"

#include <stdlib.h>
#include <string.h>

static uint32_t intern_key(struct ex *ex, const char *prefix, CXCursor decl) {
  char *usr = fc_cx_take(clang_getCursorUSR(decl));
  uint32_t id = FC_NO_STR;
  if (usr[0]) {
    size_t n = strlen(prefix) + strlen(usr) + 1;
    char *key = fc_xmalloc(n);
    snprintf(key, n, "%s%s", prefix, usr);
    id = fc_strtab_intern(&ex->tu->strs, key);
    free(key);
  }
  free(usr);
  return id;
}

/* "p:N" for parameter N of the function that declares it. */
static uint32_t param_key(struct ex *ex, CXCursor parm) {
  CXCursor fn = clang_getCursorSemanticParent(parm);
  int n = clang_Cursor_getNumArguments(fn);
  for (int i = 0; i < n; i++)
    if (clang_equalCursors(clang_Cursor_getArgument(fn, (unsigned)i), parm)) {
      char key[24];
      snprintf(key, sizeof key, "p:%d", i);
      return fc_strtab_intern(&ex->tu->strs, key);
    }
  return FC_NO_STR;
}

/* Looks through `*` (`(*hook)(x)` calls what hook holds) and `&`. */
static CXCursor through_unary(CXCursor c) {
  c = fc_unwrap(c);
  if (clang_getCursorKind(c) != CXCursor_UnaryOperator)
    return c;
  enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(c);
  if (op != CXUnaryOperator_Deref && op != CXUnaryOperator_AddrOf)
    return c;
  struct kids k = fc_kids(c);
  CXCursor inner = k.n == 1 ? fc_unwrap(k.v[0]) : c;
  free(k.v);
  return inner;
}

/* `table[i]`: the array, whose elements one key names. */
static CXCursor through_subscript(CXCursor c) {
  if (clang_getCursorKind(c) != CXCursor_ArraySubscriptExpr)
    return c;
  struct kids k = fc_kids(c);
  CXCursor base = k.n == 2 ? fc_unwrap(k.v[0]) : c;
  free(k.v);
  return base;
}

struct var_use {
  CXCursor var;
  int changed;
};

/* Is u's variable assigned (`v = ...`, `v += ...`) or its address taken? */
static enum CXChildVisitResult find_change(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  struct var_use *u = d;
  enum CXCursorKind k = clang_getCursorKind(c);
  int assign = k == CXCursor_CompoundAssignOperator ||
               (k == CXCursor_BinaryOperator &&
                clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign);
  int addr = k == CXCursor_UnaryOperator &&
             clang_getCursorUnaryOperatorKind(c) == CXUnaryOperator_AddrOf;
  if (assign || addr) {
    struct kids kk = fc_kids(c);
    CXCursor target = kk.n >= 1 ? fc_unwrap(kk.v[0]) : clang_getNullCursor();
    free(kk.v);
    if (!clang_Cursor_isNull(target) && clang_getCursorKind(target) == CXCursor_DeclRefExpr &&
        clang_equalCursors(clang_getCursorReferenced(target), u->var)) {
      u->changed = 1;
      return CXChildVisit_Break;
    }
  }
  return CXChildVisit_Recurse;
}

static uint32_t key_of(struct ex *ex, CXCursor e, int calls);

/* A local variable that only ever holds its initializer's value, read from
 * a key (`void *(*start)(void *) = t->start_routine; ... start(arg)`,
 * collectd's thread trampoline): that key. */
static uint32_t local_key(struct ex *ex, CXCursor var) {
  struct kids k = fc_kids(var);
  CXCursor init = k.n > 0 && clang_isExpression(clang_getCursorKind(k.v[k.n - 1]))
                      ? fc_unwrap(k.v[k.n - 1])
                      : clang_getNullCursor();
  free(k.v);
  if (clang_Cursor_isNull(init))
    return FC_NO_STR;
  uint32_t key = key_of(ex, init, 0);
  if (key == FC_NO_STR)
    return FC_NO_STR;
  struct var_use u = {var, 0};
  clang_visitChildren(clang_getCursorSemanticParent(var), find_change, &u);
  return u.changed ? FC_NO_STR : key;
}

static uint32_t key_of(struct ex *ex, CXCursor e, int calls) {
  e = through_subscript(through_unary(e));
  CXCursor d = clang_getCursorReferenced(e);
  enum CXCursorKind k = clang_getCursorKind(e), dk = clang_getCursorKind(d);
  if (k == CXCursor_MemberRefExpr && dk == CXCursor_FieldDecl)
    return intern_key(ex, "f:", d);
  if (k != CXCursor_DeclRefExpr)
    return FC_NO_STR;
  if (dk == CXCursor_VarDecl && (fc_storage_flags(d) & FC_VAR_GLOBAL))
    return intern_key(ex, "g:", d);
  if (dk == CXCursor_VarDecl && calls)
    return local_key(ex, d);
  return dk == CXCursor_ParmDecl && calls ? param_key(ex, d) : FC_NO_STR;
}

uint32_t fc_pointer_key(struct ex *ex, CXCursor callee) { return key_of(ex, callee, 1); }

/* The function whose address expression e is, or -1. */
static int32_t function_named(struct ex *ex, CXCursor e) {
  e = through_unary(e);
  CXCursor d = clang_getCursorReferenced(e);
  if (clang_getCursorKind(e) != CXCursor_DeclRefExpr ||
      !fc_is_function_kind(clang_getCursorKind(d)))
    return -1;
  return fc_callee_id(ex, d);
}

/* "p:" USR ":N" when e names parameter N of a function, else FC_NO_STR. */
static uint32_t param_source(struct ex *ex, CXCursor e) {
  e = fc_unwrap(e);
  CXCursor d = clang_getCursorReferenced(e);
  if (clang_getCursorKind(e) != CXCursor_DeclRefExpr || clang_getCursorKind(d) != CXCursor_ParmDecl)
    return FC_NO_STR;
  CXCursor fn = clang_getCursorSemanticParent(d);
  int n = clang_Cursor_getNumArguments(fn);
  uint32_t id = FC_NO_STR;
  for (int i = 0; i < n && id == FC_NO_STR; i++)
    if (clang_equalCursors(clang_Cursor_getArgument(fn, (unsigned)i), d)) {
      char *usr = fc_cx_take(clang_getCursorUSR(fn));
      size_t len = strlen(usr) + 32;
      char *key = fc_xmalloc(len);
      snprintf(key, len, "p:%s:%d", usr, i);
      id = usr[0] ? fc_strtab_intern(&ex->tu->strs, key) : FC_NO_STR;
      free(key);
      free(usr);
    }
  return id;
}

static void store(struct ex *ex, uint32_t key, CXCursor value) {
  int32_t callee = function_named(ex, value);
  uint32_t from;
  if (key != FC_NO_STR && callee >= 0) {
    struct fc_fn_store s = {key, (uint32_t)callee};
    fc_vec_push(&ex->tu->fn_stores, s);
  } else if (key != FC_NO_STR && (from = param_source(ex, value)) != FC_NO_STR) {
    struct fc_fn_alias a = {key, from};
    fc_vec_push(&ex->tu->fn_aliases, a);
  }
}

void fc_note_fn_store(struct ex *ex, CXCursor lhs, CXCursor rhs) {
  store(ex, key_of(ex, lhs, 0), rhs);
}

static enum CXVisitorResult add_field(CXCursor field, CXClientData d) {
  struct kids *fields = d;
  fc_vec_push(fields, field);
  return CXVisit_Continue;
}

static void init_list(struct ex *ex, CXCursor list, int depth, uint32_t elem_key);

/* One member's initializer: a function stored in field (or, in a global
 * array, under the array's key), or a nested list. */
static void member_init(struct ex *ex, CXCursor field, CXCursor value, int depth,
                        uint32_t elem_key) {
  CXCursor u = fc_unwrap(value);
  if (clang_getCursorKind(u) == CXCursor_InitListExpr)
    init_list(ex, u, depth + 1, elem_key);
  else if (!clang_Cursor_isNull(field))
    store(ex, intern_key(ex, "f:", field), u);
  else
    store(ex, elem_key, u);
}

/* `{f1, .field = f2, {...}}`: positional members in declaration order,
 * designated ones by their designator (a MemberRef before the value); the
 * elements of a global array of function pointers (a table of handlers,
 * `int (*const mains[])(int, char **) = {a_main, b_main}`) under the
 * array's key, which calls through `mains[i]` name. */
static void init_list(struct ex *ex, CXCursor list, int depth, uint32_t elem_key) {
  if (depth > 8)
    return;
  struct kids fields = {0};
  CXType t = clang_getCanonicalType(clang_getCursorType(list));
  if (t.kind == CXType_Record)
    clang_Type_visitFields(t, add_field, &fields);
  uint32_t key = t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray
                     ? elem_key
                     : FC_NO_STR;
  struct kids k = fc_kids(list);
  for (size_t i = 0; i < k.n; i++) {
    struct kids dk = fc_kids(k.v[i]);
    if (dk.n == 2 && clang_getCursorKind(dk.v[0]) == CXCursor_MemberRef)
      member_init(ex, clang_getCursorReferenced(dk.v[0]), dk.v[1], depth, key);
    else
      member_init(ex, i < fields.n ? fields.v[i] : clang_getNullCursor(), k.v[i], depth, key);
    free(dk.v);
  }
  free(k.v);
  free(fields.v);
}

void fc_note_initializer(struct ex *ex, CXCursor var_decl) {
  struct kids k = fc_kids(var_decl);
  if (k.n > 0 && clang_isExpression(clang_getCursorKind(k.v[k.n - 1]))) {
    CXCursor init = fc_unwrap(k.v[k.n - 1]);
    if (clang_getCursorKind(init) == CXCursor_InitListExpr)
      init_list(ex, init, 0,
                fc_storage_flags(var_decl) & FC_VAR_GLOBAL ? intern_key(ex, "g:", var_decl)
                                                           : FC_NO_STR);
    else if (fc_storage_flags(var_decl) & FC_VAR_GLOBAL)
      store(ex, intern_key(ex, "g:", var_decl), init);
  }
  free(k.v);
}
