/*
 * Extraction: walk what a TU defines and build, per function, a control-flow
 * graph of calls, assignments and returns, with edges that test a variable
 * against a constant. Bodies of functions from system headers are not visited.
 *
 * The walk follows the AST, so its depth is the source's nesting depth; a
 * guard stops descending past FC_MAX_DEPTH so hostile input cannot exhaust
 * the stack.
 */
#include "extract.h"
#include "pyconfig.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FC_MAX_DEPTH 400

/* Every libclang string goes through here: copied, then disposed. */
static char *cx_take(CXString s) {
  const char *c = clang_getCString(s);
  char *r = fc_xstrdup(c ? c : "");
  clang_disposeString(s);
  return r;
}

struct kids {
  CXCursor *v;
  size_t n, cap;
};

static enum CXChildVisitResult collect_kid(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  struct kids *k = d;
  fc_vec_push(k, c);
  return CXChildVisit_Continue;
}

static struct kids kids_of(CXCursor c) {
  struct kids k = {0};
  clang_visitChildren(c, collect_kid, &k);
  return k;
}

struct lblock {
  FC_VEC(struct fc_event) ev;
  FC_VEC(struct fc_edge) ed;
  struct fc_loc end;
};

struct label {
  CXCursor stmt;
  uint32_t block;
};

struct switch_ctx {
  uint32_t head;
  int32_t var;
  unsigned case_bits;
  int64_t default_edge; /* index in head's edges, -1 when no default */
};

struct ex {
  struct fc_tu *tu;
  CXTranslationUnit ctu;
  struct fc_strtab callee_usrs; /* id == callee index */
  CXFile last_file;
  uint32_t last_file_id;
};

struct fb {
  struct ex *ex;
  FC_VEC(struct lblock) blocks;
  uint32_t cur;
  FC_VEC(uint32_t) brk;
  FC_VEC(uint32_t) cont;
  FC_VEC(struct switch_ctx) sw;
  FC_VEC(struct label) labels;
  struct fc_strtab vars; /* key -> variable id */
  FC_VEC(uint8_t) var_flags;
  uint32_t n_temps;
  int depth;
};

/* ---- locations and names ---------------------------------------------- */

/* An expansion location as an fc_loc, the file's name interned once per run
 * of locations in the same file. */
static struct fc_loc loc_at(struct ex *ex, CXSourceLocation where) {
  CXFile f = NULL;
  unsigned line = 0, col = 0;
  clang_getExpansionLocation(where, &f, &line, &col, NULL);
  struct fc_loc l = {FC_NO_STR, line, col};
  if (!f)
    return l;
  if (f != ex->last_file || !ex->last_file) {
    char *name = cx_take(clang_getFileName(f));
    ex->last_file_id = fc_strtab_intern(&ex->tu->strs, name);
    ex->last_file = f;
    free(name);
  }
  l.file = ex->last_file_id;
  return l;
}

static struct fc_loc loc_of(struct ex *ex, CXCursor c) {
  return loc_at(ex, clang_getCursorLocation(c));
}

/* The location of the last character of c: a compound statement's '}'. */
static struct fc_loc end_loc(struct ex *ex, CXCursor c) {
  struct fc_loc l = loc_at(ex, clang_getRangeEnd(clang_getCursorExtent(c)));
  if (l.col > 1)
    l.col--; /* the range ends past the last character */
  return l;
}

static int in_system_header(CXCursor c) {
  return clang_Location_isInSystemHeader(clang_getCursorLocation(c));
}

static int is_function_kind(enum CXCursorKind k) {
  return k == CXCursor_FunctionDecl || k == CXCursor_CXXMethod || k == CXCursor_Constructor ||
         k == CXCursor_Destructor || k == CXCursor_ConversionFunction ||
         k == CXCursor_FunctionTemplate;
}

/* "std::thread::thread" for C++ members; the plain name in C. */
static char *qualified_name(CXCursor c) {
  char *name = cx_take(clang_getCursorSpelling(c));
  for (CXCursor p = clang_getCursorSemanticParent(c); !clang_Cursor_isNull(p);
       p = clang_getCursorSemanticParent(p)) {
    enum CXCursorKind k = clang_getCursorKind(p);
    if (k != CXCursor_Namespace && k != CXCursor_ClassDecl && k != CXCursor_StructDecl &&
        k != CXCursor_ClassTemplate)
      break;
    if (k == CXCursor_Namespace && clang_Cursor_isInlineNamespace(p))
      continue;
    char *pn = cx_take(clang_getCursorSpelling(p));
    size_t n = strlen(pn) + strlen(name) + 3;
    char *q = fc_xmalloc(n);
    snprintf(q, n, "%s::%s", pn, name);
    free(pn);
    free(name);
    name = q;
  }
  return name;
}

/* noreturn through the type (__attribute__((noreturn))) or a specifier
 * before the name (_Noreturn, [[noreturn]], the noreturn macro). */
static int declared_noreturn(struct ex *ex, CXCursor decl) {
  char *type = cx_take(clang_getTypeSpelling(clang_getCursorType(decl)));
  int found = strstr(type, "noreturn") != NULL;
  free(type);
  if (found)
    return 1;
  CXToken *toks = NULL;
  unsigned n = 0;
  CXSourceRange r = clang_getRange(clang_getRangeStart(clang_getCursorExtent(decl)),
                                   clang_getCursorLocation(decl));
  clang_tokenize(ex->ctu, r, &toks, &n);
  for (unsigned i = 0; i < n && !found; i++) {
    if (clang_getTokenKind(toks[i]) == CXToken_Punctuation)
      continue;
    char *s = cx_take(clang_getTokenSpelling(ex->ctu, toks[i]));
    found = !strcmp(s, "_Noreturn") || !strcmp(s, "noreturn") || !strcmp(s, "__noreturn__");
    free(s);
  }
  clang_disposeTokens(ex->ctu, toks, n);
  return found;
}

static int32_t callee_id(struct ex *ex, CXCursor decl) {
  char *usr = cx_take(clang_getCursorUSR(decl));
  char *name = qualified_name(decl);
  if (!usr[0]) {
    free(usr);
    size_t n = strlen(name) + 8;
    usr = fc_xmalloc(n);
    snprintf(usr, n, "c:@F@%s", name);
  }
  uint32_t before = ex->callee_usrs.n;
  uint32_t id = fc_strtab_intern(&ex->callee_usrs, usr);
  if (id == before) {
    struct fc_callee ce = {fc_strtab_intern(&ex->tu->strs, usr),
                           fc_strtab_intern(&ex->tu->strs, name), 0};
    CXCursor canon = clang_getCanonicalCursor(decl);
    if (in_system_header(canon))
      ce.flags |= FC_CALLEE_SYSTEM;
    if (declared_noreturn(ex, decl))
      ce.flags |= FC_CALLEE_NORETURN;
    fc_vec_push(&ex->tu->callees, ce);
  }
  free(usr);
  free(name);
  return (int32_t)id;
}

/* ---- the function builder ---------------------------------------------- */

static uint32_t new_block(struct fb *b) {
  struct lblock z = {0};
  z.end.file = FC_NO_STR;
  fc_vec_push(&b->blocks, z);
  return (uint32_t)b->blocks.n - 1;
}

static void add_edge(struct fb *b, uint32_t from, uint32_t to, int32_t var, int test,
                     int64_t value) {
  struct fc_edge e = {to, var, (uint8_t)test, value};
  if (test == FC_T_ALWAYS)
    e.var = -1;
  fc_vec_push(&b->blocks.v[from].ed, e);
}

static void jump(struct fb *b, uint32_t to) { add_edge(b, b->cur, to, -1, FC_T_ALWAYS, 0); }

static void add_event(struct fb *b, struct fc_event ev) { fc_vec_push(&b->blocks.v[b->cur].ev, ev); }

/* An assignment, store or return: an event with a variable and no callee. */
static struct fc_event simple_event(enum fc_event_kind kind, int32_t var, struct fc_loc loc) {
  struct fc_event ev = {0};
  ev.kind = (uint8_t)kind;
  ev.var = var;
  ev.callee = -1;
  ev.loc = loc;
  ev.fn_type = FC_NO_STR;
  return ev;
}

static int32_t intern_var(struct fb *b, const char *key, uint8_t flags) {
  int32_t id = (int32_t)fc_strtab_intern(&b->vars, key);
  while (b->var_flags.n <= (size_t)id)
    fc_vec_push(&b->var_flags, 0);
  b->var_flags.v[id] |= flags;
  return id;
}

static int32_t temp_var(struct fb *b) {
  char key[32];
  snprintf(key, sizeof key, "$%u", b->n_temps++);
  return intern_var(b, key, 0);
}

static uint8_t storage_flags(CXCursor var_decl) {
  return clang_Cursor_hasVarDeclGlobalStorage(var_decl) == 1 ? FC_VAR_GLOBAL : 0;
}

static CXCursor unwrap(CXCursor c);

/* A key naming the storage an lvalue expression denotes, when it is a
 * variable, a member of one (a.b, p->b, nested) or what a variable points to
 * (*p); NULL otherwise. Members and pointees are tracked like variables, so
 * `cmd->pid = fork(); if (!cmd->pid)` is followed as `pid` would be. */
static char *lvalue_key(CXCursor c, uint8_t *flags, int depth) {
  enum CXCursorKind k = clang_getCursorKind(c);
  if (depth > 8)
    return NULL;
  if (k == CXCursor_DeclRefExpr) {
    CXCursor d = clang_getCursorReferenced(c);
    enum CXCursorKind dk = clang_getCursorKind(d);
    if (dk != CXCursor_VarDecl && dk != CXCursor_ParmDecl)
      return NULL;
    *flags |= storage_flags(d);
    char *usr = cx_take(clang_getCursorUSR(d));
    if (!usr[0]) {
      free(usr);
      usr = cx_take(clang_getCursorSpelling(d));
    }
    return usr;
  }
  if (k != CXCursor_MemberRefExpr &&
      !(k == CXCursor_UnaryOperator && clang_getCursorUnaryOperatorKind(c) == CXUnaryOperator_Deref))
    return NULL;
  struct kids kk = kids_of(c);
  char *base = kk.n == 1 ? lvalue_key(unwrap(kk.v[0]), flags, depth + 1) : NULL;
  free(kk.v);
  if (!base)
    return NULL;
  *flags |= FC_VAR_MEMORY;
  char *field = k == CXCursor_MemberRefExpr ? cx_take(clang_getCursorSpelling(c)) : NULL;
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
  int32_t id = intern_var(b, key, flags);
  free(key);
  return id;
}

/* Looks through parentheses and implicit conversions. */
static CXCursor unwrap(CXCursor c) {
  for (;;) {
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr && k != CXCursor_CStyleCastExpr)
      return c;
    struct kids kk = kids_of(c);
    if (kk.n == 0) {
      free(kk.v);
      return c;
    }
    CXCursor next = kk.v[kk.n - 1];
    free(kk.v);
    if (!clang_isExpression(clang_getCursorKind(next)))
      return c;
    c = next;
  }
}

static int const_value(CXCursor c, int64_t *out) {
  switch (clang_getCursorKind(c)) {
  case CXCursor_IntegerLiteral:
  case CXCursor_CharacterLiteral:
  case CXCursor_UnaryOperator:
  case CXCursor_BinaryOperator:
  case CXCursor_DeclRefExpr:
  case CXCursor_ParenExpr:
  case CXCursor_UnexposedExpr:
  case CXCursor_CStyleCastExpr:
    break;
  default:
    return 0;
  }
  if (clang_getCursorKind(c) == CXCursor_DeclRefExpr &&
      clang_getCursorKind(clang_getCursorReferenced(c)) != CXCursor_EnumConstantDecl)
    return 0;
  CXEvalResult r = clang_Cursor_Evaluate(c);
  if (!r)
    return 0;
  int ok = clang_EvalResult_getKind(r) == CXEval_Int;
  if (ok)
    *out = clang_EvalResult_getAsLongLong(r);
  clang_EvalResult_dispose(r);
  return ok;
}

static void stmt(struct fb *b, CXCursor c);
static int32_t value_of(struct fb *b, CXCursor c);
static void cond(struct fb *b, CXCursor c, uint32_t t, uint32_t f);

static void walk_kids(struct fb *b, CXCursor c) {
  struct kids k = kids_of(c);
  for (size_t i = 0; i < k.n; i++)
    value_of(b, k.v[i]);
  free(k.v);
}

/* The canonical spelling of a function type, through a pointer to it: what
 * an indirect call and the functions it may call have in common. */
static uint32_t function_type(struct ex *ex, CXType t) {
  t = clang_getCanonicalType(t);
  if (t.kind == CXType_Pointer)
    t = clang_getCanonicalType(clang_getPointeeType(t));
  if (t.kind != CXType_FunctionProto && t.kind != CXType_FunctionNoProto)
    return FC_NO_STR;
  char *s = cx_take(clang_getTypeSpelling(t));
  uint32_t id = fc_strtab_intern(&ex->tu->strs, s);
  free(s);
  return id;
}

/* Evaluates a call argument and says what it is. */
static struct fc_arg argument(struct fb *b, CXCursor c) {
  struct fc_arg a = {FC_ARG_OTHER, -1, 0};
  CXCursor u = unwrap(c);
  enum CXCursorKind k = clang_getCursorKind(u);
  int64_t value;
  if (k == CXCursor_DeclRefExpr &&
      is_function_kind(clang_getCursorKind(clang_getCursorReferenced(u)))) {
    a.kind = FC_ARG_FUNC;
    a.value = callee_id(b->ex, clang_getCursorReferenced(u));
    value_of(b, c);
  } else if (const_value(u, &value)) {
    a.kind = FC_ARG_CONST;
    a.value = value;
  } else if (k == CXCursor_UnaryOperator &&
             clang_getCursorUnaryOperatorKind(u) == CXUnaryOperator_Minus) {
    struct kids kk = kids_of(u);
    a.var = kk.n == 1 ? var_of(b, unwrap(kk.v[0])) : -1;
    a.kind = a.var >= 0 ? FC_ARG_NEG_VAR : FC_ARG_OTHER;
    if (a.var < 0)
      value_of(b, c);
    free(kk.v);
  } else {
    a.var = value_of(b, c);
    if (a.var >= 0 && k != CXCursor_CallExpr && k != CXCursor_BinaryOperator)
      a.kind = FC_ARG_VAR;
  }
  /* A global is named, so that rules can tell stdout from stderr. */
  if (a.kind == FC_ARG_VAR) {
    a.value = FC_NO_STR;
    if (k == CXCursor_DeclRefExpr && (b->var_flags.v[a.var] & FC_VAR_GLOBAL)) {
      char *name = cx_take(clang_getCursorSpelling(clang_getCursorReferenced(u)));
      a.value = fc_strtab_intern(&b->ex->tu->strs, name);
      free(name);
    }
  }
  return a;
}

/* A call: arguments first, then the call event, its result stored in `into`
 * (or a fresh temporary, so that a test of the result can be tracked). */
static int32_t call(struct fb *b, CXCursor c, int32_t into) {
  struct ex *ex = b->ex;
  CXCursor callee = clang_getCursorReferenced(c);
  enum CXCursorKind ck = clang_getCursorKind(callee);
  int direct = is_function_kind(ck);
  struct kids k = kids_of(c);
  size_t first_arg = 0;
  uint32_t fn_type = FC_NO_STR;
  if (!direct && k.n > 0)
    fn_type = function_type(ex, clang_getCursorType(k.v[0]));
  if (ck != CXCursor_Constructor && k.n > 0) {
    CXCursor fe = unwrap(k.v[0]);
    /* The callee expression: a plain function name is not an address-taken
     * use; anything else (a pointer, a member's object) is evaluated. */
    if (!(direct && clang_getCursorKind(fe) == CXCursor_DeclRefExpr))
      value_of(b, k.v[0]);
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
    into = temp_var(b);
  struct fc_event ev = {FC_EV_CALL, nargs, into, -1, args, loc_of(ex, c), fn_type};
  if (direct)
    ev.callee = callee_id(ex, callee);
  add_event(b, ev);
  return into;
}

static void assign(struct fb *b, int32_t var, CXCursor at) {
  if (var < 0)
    return;
  add_event(b, simple_event(FC_EV_ASSIGN, var, loc_of(b->ex, at)));
}

/* Stores the value of `rhs` into `var`: a call's result goes straight in. */
static void store(struct fb *b, int32_t var, CXCursor rhs, CXCursor at) {
  CXCursor u = unwrap(rhs);
  if (var >= 0 && clang_getCursorKind(u) == CXCursor_CallExpr) {
    call(b, u, var);
    return;
  }
  value_of(b, rhs);
  assign(b, var, at);
}

/* Emits the events of expression `c`; returns the variable that holds its
 * value afterwards (a variable read, a call result, an assignment target). */
static int32_t value_of(struct fb *b, CXCursor c) {
  if (b->depth > FC_MAX_DEPTH)
    return -1;
  b->depth++;
  int32_t result = -1;
  CXCursor u = unwrap(c);
  enum CXCursorKind k = clang_getCursorKind(u);
  switch (k) {
  case CXCursor_DeclRefExpr: {
    CXCursor d = clang_getCursorReferenced(u);
    if (is_function_kind(clang_getCursorKind(d)))
      fc_vec_push(&b->ex->tu->addr_taken, (uint32_t)callee_id(b->ex, d));
    else
      result = var_of(b, u);
    break;
  }
  case CXCursor_CallExpr:
    result = call(b, u, -1);
    break;
  case CXCursor_MemberRefExpr:
    result = var_of(b, u);
    if (result < 0)
      walk_kids(b, u);
    break;
  case CXCursor_BinaryOperator:
  case CXCursor_CompoundAssignOperator: {
    struct kids kk = kids_of(u);
    if (kk.n != 2) {
      walk_kids(b, u);
      free(kk.v);
      break;
    }
    enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(u);
    int32_t lhs = var_of(b, unwrap(kk.v[0]));
    if (op == CXBinaryOperator_Assign && lhs < 0) {
      /* A store into memory: what is stored may escape the function. */
      value_of(b, kk.v[0]);
      int32_t v = value_of(b, kk.v[1]);
      add_event(b, simple_event(FC_EV_STORE, v, loc_of(b->ex, u)));
    } else if (op == CXBinaryOperator_Assign) {
      int32_t from = var_of(b, unwrap(kk.v[1]));
      if (from >= 0 && (b->var_flags.v[lhs] & (FC_VAR_GLOBAL | FC_VAR_MEMORY))) {
        add_event(b, simple_event(FC_EV_STORE, from, loc_of(b->ex, u)));
      }
      store(b, lhs, kk.v[1], u);
      result = lhs;
    } else if (op >= CXBinaryOperator_MulAssign && op <= CXBinaryOperator_OrAssign) {
      value_of(b, kk.v[1]);
      if (lhs < 0)
        value_of(b, kk.v[0]);
      assign(b, lhs, u);
      result = lhs;
    } else if (op == CXBinaryOperator_Comma) {
      value_of(b, kk.v[0]);
      result = value_of(b, kk.v[1]);
    } else if (op == CXBinaryOperator_LAnd || op == CXBinaryOperator_LOr) {
      /* The right side runs only on one outcome of the left: `ok || die()`. */
      uint32_t rhs = new_block(b), out = new_block(b);
      if (op == CXBinaryOperator_LAnd)
        cond(b, kk.v[0], rhs, out);
      else
        cond(b, kk.v[0], out, rhs);
      b->cur = rhs;
      value_of(b, kk.v[1]);
      jump(b, out);
      b->cur = out;
    } else {
      value_of(b, kk.v[0]);
      value_of(b, kk.v[1]);
    }
    free(kk.v);
    break;
  }
  case CXCursor_UnaryOperator: {
    enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(u);
    struct kids kk = kids_of(u);
    if (kk.n == 1) {
      int32_t v = var_of(b, unwrap(kk.v[0]));
      if (v >= 0 && op >= CXUnaryOperator_PostInc && op <= CXUnaryOperator_PreDec)
        assign(b, v, u);
      else if (op == CXUnaryOperator_Deref && (result = var_of(b, u)) >= 0)
        ;
      else
        value_of(b, kk.v[0]);
    }
    free(kk.v);
    break;
  }
  case CXCursor_StmtExpr: {
    struct kids kk = kids_of(u);
    for (size_t i = 0; i < kk.n; i++)
      stmt(b, kk.v[i]);
    free(kk.v);
    break;
  }
  case CXCursor_ConditionalOperator: {
    /* Each arm runs on its own path: `ok ? (void)0 : fail()`, as in assert
     * macros, must not make the failure unconditional. */
    struct kids kk = kids_of(u);
    if (kk.n == 3) {
      uint32_t yes = new_block(b), no = new_block(b), out = new_block(b);
      cond(b, kk.v[0], yes, no);
      b->cur = yes;
      value_of(b, kk.v[1]);
      jump(b, out);
      b->cur = no;
      value_of(b, kk.v[2]);
      jump(b, out);
      b->cur = out;
    } else {
      walk_kids(b, u);
    }
    free(kk.v);
    break;
  }
  case CXCursor_InitListExpr: {
    /* Variables placed in an aggregate escape with it. */
    struct kids kk = kids_of(u);
    for (size_t i = 0; i < kk.n; i++) {
      int32_t v = value_of(b, kk.v[i]);
      if (v >= 0) {
        add_event(b, simple_event(FC_EV_STORE, v, loc_of(b->ex, kk.v[i])));
      }
    }
    free(kk.v);
    break;
  }
  case CXCursor_LambdaExpr:
  case CXCursor_BlockExpr:
    break; /* the body runs later, not here */
  default:
    walk_kids(b, u);
    break;
  }
  b->depth--;
  return result;
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

static int swap_test(int t) {
  switch (t) {
  case FC_T_LT: return FC_T_GT;
  case FC_T_GT: return FC_T_LT;
  case FC_T_LE: return FC_T_GE;
  case FC_T_GE: return FC_T_LE;
  default: return t;
  }
}

static int comparison_test(enum CXBinaryOperatorKind op) {
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

static void branch(struct fb *b, int32_t var, int test, int64_t value, uint32_t t, uint32_t f) {
  if (var < 0 || test == FC_T_ALWAYS) {
    jump(b, t);
    jump(b, f);
    return;
  }
  add_edge(b, b->cur, t, var, test, value);
  add_edge(b, b->cur, f, var, negate_test(test), value);
}

/* Ends the current block with a branch on condition `c` to t or f. */
/* __builtin_expect(cond, hint), behind likely()/unlikely(): a test of cond. */
static int is_expect(CXCursor call) {
  char *name = cx_take(clang_getCursorSpelling(clang_getCursorReferenced(call)));
  int yes = !strcmp(name, "__builtin_expect") || !strcmp(name, "__builtin_expect_with_probability");
  free(name);
  return yes;
}

static void cond(struct fb *b, CXCursor c, uint32_t t, uint32_t f) {
  CXCursor u = unwrap(c);
  enum CXCursorKind k = clang_getCursorKind(u);
  int64_t value;
  if (b->depth > FC_MAX_DEPTH) {
    branch(b, -1, FC_T_ALWAYS, 0, t, f);
    return;
  }
  b->depth++;
  if (k == CXCursor_CallExpr && is_expect(u)) {
    struct kids kk = kids_of(u);
    if (kk.n == 3)
      cond(b, kk.v[1], t, f);
    else
      branch(b, value_of(b, u), FC_T_NE, 0, t, f);
    free(kk.v);
  } else if (const_value(u, &value)) {
    jump(b, value ? t : f);
  } else if (k == CXCursor_UnaryOperator &&
             clang_getCursorUnaryOperatorKind(u) == CXUnaryOperator_LNot) {
    struct kids kk = kids_of(u);
    if (kk.n == 1)
      cond(b, kk.v[0], f, t);
    else
      branch(b, -1, FC_T_ALWAYS, 0, t, f);
    free(kk.v);
  } else if (k == CXCursor_BinaryOperator) {
    enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(u);
    struct kids kk = kids_of(u);
    int test = comparison_test(op);
    if (kk.n != 2) {
      walk_kids(b, u);
      branch(b, -1, FC_T_ALWAYS, 0, t, f);
    } else if (op == CXBinaryOperator_LAnd || op == CXBinaryOperator_LOr) {
      uint32_t mid = new_block(b);
      if (op == CXBinaryOperator_LAnd)
        cond(b, kk.v[0], mid, f);
      else
        cond(b, kk.v[0], t, mid);
      b->cur = mid;
      cond(b, kk.v[1], t, f);
    } else if (op == CXBinaryOperator_Comma) {
      value_of(b, kk.v[0]);
      cond(b, kk.v[1], t, f);
    } else if (test != FC_T_ALWAYS && const_value(unwrap(kk.v[1]), &value)) {
      int32_t v = value_of(b, kk.v[0]);
      branch(b, v, test, value, t, f);
    } else if (test != FC_T_ALWAYS && const_value(unwrap(kk.v[0]), &value)) {
      int32_t v = value_of(b, kk.v[1]);
      branch(b, v, swap_test(test), value, t, f);
    } else {
      int32_t v = value_of(b, u);
      branch(b, v, FC_T_NE, 0, t, f);
    }
    free(kk.v);
  } else {
    int32_t v = value_of(b, u);
    branch(b, v, FC_T_NE, 0, t, f);
  }
  b->depth--;
}

static uint32_t label_block(struct fb *b, CXCursor label_stmt) {
  for (size_t i = 0; i < b->labels.n; i++)
    if (clang_equalLocations(clang_getCursorLocation(b->labels.v[i].stmt),
                             clang_getCursorLocation(label_stmt)))
      return b->labels.v[i].block;
  struct label l = {label_stmt, new_block(b)};
  fc_vec_push(&b->labels, l);
  return l.block;
}

static unsigned file_offset(CXSourceLocation l) {
  unsigned off = 0;
  clang_getFileLocation(l, NULL, NULL, NULL, &off);
  return off;
}

/* Which of a for statement's header children are init, cond and inc: by
 * where they start relative to the two semicolons of the header. */
static void for_parts(struct ex *ex, CXCursor fs, const struct kids *k, int *role) {
  CXCursor body = k->v[k->n - 1];
  CXSourceRange r = clang_getRange(clang_getRangeStart(clang_getCursorExtent(fs)),
                                   clang_getRangeStart(clang_getCursorExtent(body)));
  CXToken *toks = NULL;
  unsigned n = 0, semis[2] = {0, 0}, nsemi = 0;
  int depth = 0;
  clang_tokenize(ex->ctu, r, &toks, &n);
  for (unsigned i = 0; i < n && nsemi < 2; i++) {
    if (clang_getTokenKind(toks[i]) != CXToken_Punctuation)
      continue;
    char *s = cx_take(clang_getTokenSpelling(ex->ctu, toks[i]));
    if (!strcmp(s, "(") || !strcmp(s, "[") || !strcmp(s, "{"))
      depth++;
    else if (!strcmp(s, ")") || !strcmp(s, "]") || !strcmp(s, "}"))
      depth--;
    else if (!strcmp(s, ";") && depth == 1)
      semis[nsemi++] = file_offset(clang_getTokenLocation(ex->ctu, toks[i]));
    free(s);
  }
  clang_disposeTokens(ex->ctu, toks, n);
  for (size_t i = 0; i + 1 < k->n; i++) {
    if (nsemi < 2) {
      role[i] = -1; /* written by a macro: position unknown */
      continue;
    }
    unsigned off = file_offset(clang_getRangeStart(clang_getCursorExtent(k->v[i])));
    role[i] = off < semis[0] ? 0 : off < semis[1] ? 1 : 2;
  }
}

static void for_stmt(struct fb *b, CXCursor c) {
  struct kids k = kids_of(c);
  if (k.n == 0) {
    free(k.v);
    return;
  }
  int *role = fc_xcalloc(k.n, sizeof *role);
  for_parts(b->ex, c, &k, role);
  int unknown = 0;
  for (size_t i = 0; i + 1 < k.n; i++) {
    if (role[i] == 0 || role[i] == -1)
      value_of(b, k.v[i]);
    unknown |= role[i] == -1;
  }
  uint32_t head = new_block(b), body = new_block(b), next = new_block(b), out = new_block(b);
  jump(b, head);
  b->cur = head;
  int found_cond = 0;
  for (size_t i = 0; i + 1 < k.n; i++)
    if (role[i] == 1) {
      cond(b, k.v[i], body, out);
      found_cond = 1;
    }
  if (!found_cond) {
    jump(b, body);
    if (unknown)
      jump(b, out);
  }
  fc_vec_push(&b->brk, out);
  fc_vec_push(&b->cont, next);
  b->cur = body;
  stmt(b, k.v[k.n - 1]);
  jump(b, next);
  b->brk.n--;
  b->cont.n--;
  b->cur = next;
  for (size_t i = 0; i + 1 < k.n; i++)
    if (role[i] == 2)
      value_of(b, k.v[i]);
  jump(b, head);
  b->cur = out;
  free(role);
  free(k.v);
}

static void switch_stmt(struct fb *b, CXCursor c) {
  struct kids k = kids_of(c);
  if (k.n < 2) {
    free(k.v);
    return;
  }
  int32_t v = value_of(b, k.v[k.n - 2]);
  struct switch_ctx ctx = {b->cur, v, 0, -1};
  uint32_t out = new_block(b);
  fc_vec_push(&b->sw, ctx);
  fc_vec_push(&b->brk, out);
  b->cur = new_block(b); /* code before the first label is unreachable */
  stmt(b, k.v[k.n - 1]);
  jump(b, out);
  struct switch_ctx *s = &b->sw.v[b->sw.n - 1];
  if (s->default_edge >= 0)
    b->blocks.v[s->head].ed.v[s->default_edge].value = s->case_bits;
  else
    add_edge(b, s->head, out, s->var, s->var >= 0 ? FC_T_DEFAULT : FC_T_ALWAYS, s->case_bits);
  b->sw.n--;
  b->brk.n--;
  b->cur = out;
  free(k.v);
}

static void case_stmt(struct fb *b, CXCursor c, int is_default) {
  struct kids k = kids_of(c);
  uint32_t blk = new_block(b);
  jump(b, blk);
  if (b->sw.n > 0) {
    struct switch_ctx *s = &b->sw.v[b->sw.n - 1];
    int64_t value;
    if (is_default) {
      s->default_edge = (int64_t)b->blocks.v[s->head].ed.n;
      add_edge(b, s->head, blk, s->var, s->var >= 0 ? FC_T_DEFAULT : FC_T_ALWAYS, 0);
    } else if (k.n == 2 && s->var >= 0 && const_value(unwrap(k.v[0]), &value)) {
      add_edge(b, s->head, blk, s->var, FC_T_EQ, value);
      if (value == 0)
        s->case_bits |= 1;
      else if (value == -1)
        s->case_bits |= 2;
    } else {
      add_edge(b, s->head, blk, -1, FC_T_ALWAYS, 0);
    }
  }
  b->cur = blk;
  if (k.n > 0)
    stmt(b, k.v[k.n - 1]);
  free(k.v);
}

static void decl_stmt(struct fb *b, CXCursor c) {
  struct kids k = kids_of(c);
  for (size_t i = 0; i < k.n; i++) {
    if (clang_getCursorKind(k.v[i]) != CXCursor_VarDecl)
      continue;
    struct kids vk = kids_of(k.v[i]);
    if (vk.n > 0 && clang_isExpression(clang_getCursorKind(vk.v[vk.n - 1]))) {
      char *usr = cx_take(clang_getCursorUSR(k.v[i]));
      int32_t var = usr[0] ? intern_var(b, usr, storage_flags(k.v[i])) : -1;
      free(usr);
      store(b, var, vk.v[vk.n - 1], k.v[i]);
    }
    free(vk.v);
  }
  free(k.v);
}

static void stmt(struct fb *b, CXCursor c) {
  if (b->depth > FC_MAX_DEPTH)
    return;
  b->depth++;
  struct kids k = {0};
  switch (clang_getCursorKind(c)) {
  case CXCursor_CompoundStmt:
    k = kids_of(c);
    for (size_t i = 0; i < k.n; i++)
      stmt(b, k.v[i]);
    b->blocks.v[b->cur].end = end_loc(b->ex, c);
    break;
  case CXCursor_DeclStmt:
    decl_stmt(b, c);
    break;
  case CXCursor_IfStmt: {
    k = kids_of(c);
    if (k.n < 2)
      break;
    size_t ci = 0; /* C: cond, then[, else] */
    uint32_t then_b = new_block(b), else_b = new_block(b), out = new_block(b);
    cond(b, k.v[ci], then_b, else_b);
    b->cur = then_b;
    stmt(b, k.v[ci + 1]);
    jump(b, out);
    b->cur = else_b;
    if (k.n > ci + 2)
      stmt(b, k.v[ci + 2]);
    jump(b, out);
    b->cur = out;
    break;
  }
  case CXCursor_WhileStmt: {
    k = kids_of(c);
    if (k.n < 2)
      break;
    uint32_t head = new_block(b), body = new_block(b), out = new_block(b);
    jump(b, head);
    b->cur = head;
    cond(b, k.v[k.n - 2], body, out);
    fc_vec_push(&b->brk, out);
    fc_vec_push(&b->cont, head);
    b->cur = body;
    stmt(b, k.v[k.n - 1]);
    jump(b, head);
    b->brk.n--;
    b->cont.n--;
    b->cur = out;
    break;
  }
  case CXCursor_DoStmt: {
    k = kids_of(c);
    if (k.n < 2)
      break;
    uint32_t body = new_block(b), test = new_block(b), out = new_block(b);
    jump(b, body);
    fc_vec_push(&b->brk, out);
    fc_vec_push(&b->cont, test);
    b->cur = body;
    stmt(b, k.v[0]);
    jump(b, test);
    b->brk.n--;
    b->cont.n--;
    b->cur = test;
    cond(b, k.v[1], body, out);
    b->cur = out;
    break;
  }
  case CXCursor_ForStmt:
    for_stmt(b, c);
    break;
  case CXCursor_SwitchStmt:
    switch_stmt(b, c);
    break;
  case CXCursor_CaseStmt:
    case_stmt(b, c, 0);
    break;
  case CXCursor_DefaultStmt:
    case_stmt(b, c, 1);
    break;
  case CXCursor_BreakStmt:
    if (b->brk.n)
      jump(b, b->brk.v[b->brk.n - 1]);
    b->cur = new_block(b);
    break;
  case CXCursor_ContinueStmt:
    if (b->cont.n)
      jump(b, b->cont.v[b->cont.n - 1]);
    b->cur = new_block(b);
    break;
  case CXCursor_ReturnStmt: {
    k = kids_of(c);
    int32_t v = k.n ? value_of(b, k.v[0]) : -1;
    add_event(b, simple_event(FC_EV_RETURN, v, loc_of(b->ex, c)));
    jump(b, FC_EXIT);
    b->cur = new_block(b);
    break;
  }
  case CXCursor_GotoStmt: {
    k = kids_of(c);
    if (k.n)
      jump(b, label_block(b, clang_getCursorReferenced(k.v[0])));
    b->cur = new_block(b);
    break;
  }
  case CXCursor_IndirectGotoStmt:
    b->cur = new_block(b);
    break;
  case CXCursor_LabelStmt: {
    uint32_t blk = label_block(b, c);
    jump(b, blk);
    b->cur = blk;
    k = kids_of(c);
    if (k.n)
      stmt(b, k.v[k.n - 1]);
    break;
  }
  case CXCursor_NullStmt:
  case CXCursor_AsmStmt:
  case CXCursor_MSAsmStmt:
    break;
  default:
    if (clang_isExpression(clang_getCursorKind(c)))
      value_of(b, c);
    else if (clang_isStatement(clang_getCursorKind(c)))
      walk_kids(b, c);
    break;
  }
  free(k.v);
  b->depth--;
}

/* ---- functions and the TU ---------------------------------------------- */

static const char *const mention_names[] = {
#define FC_MENTION(name) #name,
#include "mentions.def"
#undef FC_MENTION
};

/* Which of the identifiers in mentions.def appear in the function's text. */
static uint32_t mentions(struct ex *ex, CXCursor fn) {
  CXToken *toks = NULL;
  unsigned n = 0;
  uint32_t found = 0;
  clang_tokenize(ex->ctu, clang_getCursorExtent(fn), &toks, &n);
  for (unsigned i = 0; i < n; i++) {
    if (clang_getTokenKind(toks[i]) != CXToken_Identifier)
      continue;
    CXString s = clang_getTokenSpelling(ex->ctu, toks[i]);
    const char *c = clang_getCString(s);
    for (unsigned m = 0; c && m < FC_MENTION_COUNT; m++)
      if (!strcmp(c, mention_names[m]))
        found |= 1u << m;
    clang_disposeString(s);
  }
  clang_disposeTokens(ex->ctu, toks, n);
  return found;
}

static void function(struct ex *ex, CXCursor fn) {
  struct kids k = kids_of(fn);
  CXCursor body = clang_getNullCursor();
  for (size_t i = 0; i < k.n; i++)
    if (clang_getCursorKind(k.v[i]) == CXCursor_CompoundStmt)
      body = k.v[i];
  free(k.v);
  if (clang_Cursor_isNull(body))
    return;

  struct fb b = {0};
  b.ex = ex;
  fc_strtab_init(&b.vars);
  new_block(&b); /* FC_ENTRY */
  new_block(&b); /* FC_EXIT */
  b.cur = FC_ENTRY;
  stmt(&b, body);
  jump(&b, FC_EXIT);

  struct fc_tu *tu = ex->tu;
  char *usr = cx_take(clang_getCursorUSR(fn));
  char *name = qualified_name(fn);
  struct fc_function f = {0};
  f.usr = fc_strtab_intern(&tu->strs, usr);
  f.name = fc_strtab_intern(&tu->strs, name);
  f.loc = loc_of(ex, fn);
  if (clang_Cursor_getStorageClass(fn) == CX_SC_Static)
    f.flags |= FC_FN_STATIC;
  if (!strcmp(name, "main") && !(f.flags & FC_FN_STATIC))
    f.flags |= FC_FN_MAIN;
  if (declared_noreturn(ex, fn))
    f.flags |= FC_FN_NORETURN;
  free(usr);
  free(name);
  f.mentions = mentions(ex, fn);
  f.type = function_type(ex, clang_getCursorType(fn));
  f.block_first = (uint32_t)tu->blocks.n;
  f.block_count = (uint32_t)b.blocks.n;
  f.n_vars = b.vars.n;
  f.var_first = (uint32_t)tu->var_flags.n;
  for (uint32_t v = 0; v < f.n_vars; v++)
    fc_vec_push(&tu->var_flags, v < b.var_flags.n ? b.var_flags.v[v] : 0);
  for (size_t i = 0; i < b.blocks.n; i++) {
    struct lblock *lb = &b.blocks.v[i];
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
  fc_vec_push(&tu->funcs, f);
  fc_vec_free(&b.blocks);
  fc_vec_free(&b.brk);
  fc_vec_free(&b.cont);
  fc_vec_free(&b.sw);
  fc_vec_free(&b.labels);
  fc_vec_free(&b.var_flags);
  fc_strtab_free(&b.vars);
}

/* Functions named in a global's initializer (tables of handlers, vtables)
 * have their address taken. */
static enum CXChildVisitResult initializer_refs(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  struct ex *ex = d;
  if (clang_getCursorKind(c) == CXCursor_DeclRefExpr) {
    CXCursor r = clang_getCursorReferenced(c);
    if (is_function_kind(clang_getCursorKind(r)))
      fc_vec_push(&ex->tu->addr_taken, (uint32_t)callee_id(ex, r));
  }
  return CXChildVisit_Recurse;
}

static enum CXChildVisitResult top_level(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  struct ex *ex = d;
  enum CXCursorKind k = clang_getCursorKind(c);
  if (in_system_header(c))
    return CXChildVisit_Continue;
  if (k == CXCursor_VarDecl) {
    clang_visitChildren(c, initializer_refs, ex);
    return CXChildVisit_Continue;
  }
  if (k == CXCursor_Namespace || k == CXCursor_LinkageSpec || k == CXCursor_ClassDecl ||
      k == CXCursor_StructDecl)
    return CXChildVisit_Recurse;
  if (is_function_kind(k) && clang_isCursorDefinition(c))
    function(ex, c);
  return CXChildVisit_Continue;
}

static void note_inclusion(CXFile f, CXSourceLocation *stack, unsigned depth, CXClientData d) {
  (void)stack;
  (void)depth;
  struct fc_tu *tu = d;
  char *name = cx_take(clang_getFileName(f));
  const char *base = strrchr(name, '/');
  if (!strcmp(base ? base + 1 : name, "Python.h"))
    tu->flags |= FC_TU_PYTHON;
  free(name);
}

static void collect_errors(struct fc_tu *tu, CXTranslationUnit ctu) {
  unsigned n = clang_getNumDiagnostics(ctu);
  for (unsigned i = 0; i < n; i++) {
    CXDiagnostic d = clang_getDiagnostic(ctu, i);
    if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
      char *msg = cx_take(clang_formatDiagnostic(d, CXDiagnostic_DisplaySourceLocation |
                                                        CXDiagnostic_DisplayColumn));
      fc_tu_add_error(tu, msg);
      tu->flags |= FC_TU_ERRORS;
      free(msg);
    }
    clang_disposeDiagnostic(d);
  }
}

static enum CXErrorCode parse(CXIndex index, const char *file, const char *const *args, int nargs,
                              struct CXUnsavedFile *unsaved, unsigned nunsaved,
                              CXTranslationUnit *ctu) {
  return clang_parseTranslationUnit2(
      index, file, args, nargs, unsaved, nunsaved,
      CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles, ctu);
}

static int python_h_missing(CXTranslationUnit ctu) {
  int missing = 0;
  for (unsigned i = 0, n = clang_getNumDiagnostics(ctu); i < n && !missing; i++) {
    CXDiagnostic d = clang_getDiagnostic(ctu, i);
    if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
      char *msg = cx_take(clang_getDiagnosticSpelling(d));
      missing = strcmp(msg, "'Python.h' file not found") == 0;
      free(msg);
    }
    clang_disposeDiagnostic(d);
  }
  return missing;
}

struct fc_tu *fc_extract(CXIndex index, const char *file, const char *const *args, int nargs) {
  return fc_extract_unsaved(index, file, args, nargs, NULL, 0);
}

struct fc_tu *fc_extract_unsaved(CXIndex index, const char *file, const char *const *args,
                                 int nargs, struct CXUnsavedFile *unsaved, unsigned nunsaved) {
  struct fc_tu *tu = fc_tu_new(file);
  CXTranslationUnit ctu = NULL;
  if (!nunsaved && access(file, R_OK) != 0) {
    char msg[512];
    snprintf(msg, sizeof msg, "%s: error: cannot read the file: %s", file, strerror(errno));
    fc_tu_add_error(tu, msg);
    tu->flags |= FC_TU_FAILED;
    return tu;
  }
  enum CXErrorCode err = parse(index, file, args, nargs, unsaved, nunsaved, &ctu);
  if (err == CXError_Success && ctu && python_h_missing(ctu)) {
    /* An extension's file given without its include path: ask python3-config. */
    int n;
    const char *const *more = fc_python_includes(&n);
    if (n > 0) {
      const char **all = fc_xcalloc((size_t)(nargs + n) + 1, sizeof *all);
      memcpy(all, args, (size_t)nargs * sizeof *all);
      memcpy(all + nargs, more, (size_t)n * sizeof *all);
      clang_disposeTranslationUnit(ctu);
      ctu = NULL;
      err = parse(index, file, all, nargs + n, unsaved, nunsaved, &ctu);
      free(all);
    }
  }
  if (err != CXError_Success || !ctu) {
    char msg[512];
    snprintf(msg, sizeof msg, "%s: error: could not parse the file (libclang error %d)", file,
             (int)err);
    fc_tu_add_error(tu, msg);
    tu->flags |= FC_TU_FAILED;
    return tu;
  }
  collect_errors(tu, ctu);
  clang_getInclusions(ctu, note_inclusion, tu);
  struct ex ex = {0};
  ex.tu = tu;
  ex.ctu = ctu;
  fc_strtab_init(&ex.callee_usrs);
  clang_visitChildren(clang_getTranslationUnitCursor(ctu), top_level, &ex);
  fc_strtab_free(&ex.callee_usrs);
  clang_disposeTranslationUnit(ctu);
  return tu;
}
