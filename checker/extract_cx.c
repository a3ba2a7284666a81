/* libclang helpers for extraction: strings, children, locations, tokens,
 * names and constants. */
#include "extract_impl.h"

#include <stdlib.h>
#include <string.h>

char *fc_cx_take(CXString s) {
  const char *c = clang_getCString(s);
  char *r = fc_xstrdup(c ? c : "");
  clang_disposeString(s);
  return r;
}

static enum CXChildVisitResult collect_kid(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  struct kids *k = d;
  fc_vec_push(k, c);
  return CXChildVisit_Continue;
}

struct kids fc_kids(CXCursor c) {
  struct kids k = {0};
  clang_visitChildren(c, collect_kid, &k);
  return k;
}

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
    char *name = fc_cx_take(clang_getFileName(f));
    ex->last_file_id = fc_strtab_intern(&ex->tu->strs, name);
    ex->last_file = f;
    free(name);
  }
  l.file = ex->last_file_id;
  return l;
}

struct fc_loc fc_loc_of(struct ex *ex, CXCursor c) {
  return loc_at(ex, clang_getCursorLocation(c));
}

struct fc_loc fc_end_loc(struct ex *ex, CXCursor c) {
  struct fc_loc l = loc_at(ex, clang_getRangeEnd(clang_getCursorExtent(c)));
  if (l.col > 1)
    l.col--; /* the range ends past the last character */
  return l;
}

int fc_in_system_header(CXCursor c) {
  return clang_Location_isInSystemHeader(clang_getCursorLocation(c));
}

/* The compiler's builtins that a program calls by name: GCC's manual,
 * "__atomic Builtins" and "__sync Builtins" (the legacy ones), which Clang
 * provides too, with its __c11_atomic_ forms (a __builtin_ name is judged
 * as the function it names: knowledge.c). The compiler declares them itself,
 * at their first use. An atomic builtin compiles to the processor's
 * atomic instructions on the integers and pointers it is used on; one on
 * an object too large for them calls libatomic, which takes a lock: not
 * told apart. */
static const char *const compiler_prefixes[] = {"__atomic_", "__sync_", "__c11_atomic_"};

/* Is function decl the compiler's own: a builtin of compiler_prefixes, or a
 * function defined in the compiler's own headers (clang's resource
 * directory, .../lib/clang/N/include: its intrinsics, such as x86intrin.h's
 * __rolq(), are inline code over builtins)? Neither is a call into a
 * library: no lock is taken. */
static int compiler_own(CXCursor decl) {
  char *name = fc_cx_take(clang_getCursorSpelling(decl));
  int builtin = 0;
  for (size_t i = 0; i < sizeof compiler_prefixes / sizeof *compiler_prefixes; i++)
    builtin |= !strncmp(name, compiler_prefixes[i], strlen(compiler_prefixes[i]));
  free(name);
  if (builtin)
    return 1;
  CXFile file = NULL;
  CXCursor def = clang_getCursorDefinition(decl);
  if (clang_Cursor_isNull(def))
    return 0;
  clang_getSpellingLocation(clang_getCursorLocation(def), &file, NULL, NULL, NULL);
  char *path = file ? fc_cx_take(clang_getFileName(file)) : NULL;
  int own = path && strstr(path, "/lib/clang/") && strstr(path, "/include/") &&
            clang_Location_isInSystemHeader(clang_getCursorLocation(def));
  free(path);
  return own;
}

int fc_is_function_kind(enum CXCursorKind k) {
  return k == CXCursor_FunctionDecl || k == CXCursor_CXXMethod || k == CXCursor_Constructor ||
         k == CXCursor_Destructor || k == CXCursor_ConversionFunction ||
         k == CXCursor_FunctionTemplate;
}

char *fc_qualified_name(CXCursor c) {
  char *name = fc_cx_take(clang_getCursorSpelling(c));
  for (CXCursor p = clang_getCursorSemanticParent(c); !clang_Cursor_isNull(p);
       p = clang_getCursorSemanticParent(p)) {
    enum CXCursorKind k = clang_getCursorKind(p);
    if (k != CXCursor_Namespace && k != CXCursor_ClassDecl && k != CXCursor_StructDecl &&
        k != CXCursor_ClassTemplate)
      break;
    if (k == CXCursor_Namespace && clang_Cursor_isInlineNamespace(p))
      continue;
    char *pn = fc_cx_take(clang_getCursorSpelling(p));
    size_t n = strlen(pn) + strlen(name) + 3;
    char *q = fc_xmalloc(n);
    snprintf(q, n, "%s::%s", pn, name);
    free(pn);
    free(name);
    name = q;
  }
  return name;
}

void fc_tokens(struct ex *ex, CXSourceRange r, unsigned kinds,
               int (*visit)(void *ctx, const char *spelling, CXToken tok), void *ctx) {
  CXToken *toks = NULL;
  unsigned n = 0;
  clang_tokenize(ex->ctu, r, &toks, &n);
  for (unsigned i = 0; i < n; i++) {
    if (!(kinds & FC_TOKEN(clang_getTokenKind(toks[i]))))
      continue;
    char *s = fc_cx_take(clang_getTokenSpelling(ex->ctu, toks[i]));
    int stop = visit(ctx, s, toks[i]);
    free(s);
    if (stop)
      break;
  }
  clang_disposeTokens(ex->ctu, toks, n);
}

CXSourceRange fc_file_range(struct ex *ex, CXSourceLocation begin, CXSourceLocation end) {
  CXFile fb = NULL, fe = NULL;
  unsigned ob = 0, oe = 0;
  clang_getExpansionLocation(begin, &fb, NULL, NULL, &ob);
  clang_getExpansionLocation(end, &fe, NULL, NULL, &oe);
  if (!fb || !clang_File_isEqual(fb, fe) || oe < ob)
    return clang_getNullRange();
  return clang_getRange(clang_getLocationForOffset(ex->ctu, fb, ob),
                        clang_getLocationForOffset(ex->ctu, fe, oe));
}

CXSourceRange fc_cursor_file_range(struct ex *ex, CXCursor c) {
  CXSourceRange r = clang_getCursorExtent(c);
  return fc_file_range(ex, clang_getRangeStart(r), clang_getRangeEnd(r));
}

static int is_noreturn_spelling(const char *s) {
  return !strcmp(s, "_Noreturn") || !strcmp(s, "noreturn") || !strcmp(s, "__noreturn__");
}

static int is_destructor_spelling(const char *s) {
  return !strcmp(s, "destructor") || !strcmp(s, "__destructor__");
}

static int is_constructor_spelling(const char *s) {
  return !strcmp(s, "constructor") || !strcmp(s, "__constructor__");
}

struct spelling_scan {
  struct ex *ex;
  int (*is)(const char *s);
  int found;
};

static int spelled_in_macro(void *ctx, const char *s, CXToken tok) {
  (void)tok;
  struct spelling_scan *sc = ctx;
  sc->found = sc->is(s);
  return sc->found;
}

/* A specifier spelled in the declaration, or in the definition of a macro
 * expanded there (NORETURN for _Noreturn): one level, which is how such
 * macros are written. */
static int spelled_token(void *ctx, const char *s, CXToken tok) {
  struct spelling_scan *sc = ctx;
  sc->found = sc->is(s);
  if (sc->found || clang_getTokenKind(tok) != CXToken_Identifier)
    return sc->found;
  CXCursor at = clang_getCursor(sc->ex->ctu, clang_getTokenLocation(sc->ex->ctu, tok));
  if (clang_getCursorKind(at) != CXCursor_MacroExpansion)
    return 0;
  CXCursor def = clang_getCursorReferenced(at);
  if (clang_getCursorKind(def) == CXCursor_MacroDefinition)
    fc_tokens(sc->ex, clang_getCursorExtent(def), ~FC_TOKEN(CXToken_Punctuation),
              spelled_in_macro, sc);
  return sc->found;
}

/* An attribute of the declaration (its own, or one inherited from an
 * earlier declaration) spelled as sc asks (`destructor`, `constructor`),
 * or through a macro for it. */
static enum CXChildVisitResult destructor_attr(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  struct spelling_scan *sc = d;
  if (!clang_isAttribute(clang_getCursorKind(c)))
    return CXChildVisit_Continue;
  fc_tokens(sc->ex, fc_cursor_file_range(sc->ex, c), ~FC_TOKEN(CXToken_Punctuation),
            spelled_token, sc);
  return sc->found ? CXChildVisit_Break : CXChildVisit_Continue;
}

int fc_declared_destructor(struct ex *ex, CXCursor decl) {
  struct spelling_scan sc = {ex, is_destructor_spelling, 0};
  clang_visitChildren(decl, destructor_attr, &sc);
  return sc.found;
}

int fc_declared_constructor(struct ex *ex, CXCursor decl) {
  struct spelling_scan sc = {ex, is_constructor_spelling, 0};
  clang_visitChildren(decl, destructor_attr, &sc);
  return sc.found;
}

/* noreturn through the type (__attribute__((noreturn))) or a specifier
 * before the name (_Noreturn, [[noreturn]], a macro for one). The tokens
 * are those of the declaration as written in its file: a range that starts
 * in a macro's #define would cover whatever lies between it and the name. */
int fc_declared_noreturn(struct ex *ex, CXCursor decl) {
  char *type = fc_cx_take(clang_getTypeSpelling(clang_getCursorType(decl)));
  int found = strstr(type, "noreturn") != NULL;
  free(type);
  if (found)
    return 1;
  CXSourceRange r = fc_file_range(ex, clang_getRangeStart(clang_getCursorExtent(decl)),
                                  clang_getCursorLocation(decl));
  struct spelling_scan sc = {ex, is_noreturn_spelling, 0};
  fc_tokens(ex, r, ~FC_TOKEN(CXToken_Punctuation), spelled_token, &sc);
  return sc.found;
}

int32_t fc_callee_id(struct ex *ex, CXCursor decl) {
  char *usr = fc_cx_take(clang_getCursorUSR(decl));
  char *name = fc_qualified_name(decl);
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
    if (fc_in_system_header(canon))
      ce.flags |= FC_CALLEE_SYSTEM;
    if (fc_declared_noreturn(ex, decl))
      ce.flags |= FC_CALLEE_NORETURN;
    if (compiler_own(canon))
      ce.flags |= FC_CALLEE_COMPILER;
    fc_vec_push(&ex->tu->callees, ce);
  }
  free(usr);
  free(name);
  return (int32_t)id;
}

uint32_t fc_function_type(struct ex *ex, CXType t) {
  t = clang_getCanonicalType(t);
  if (t.kind == CXType_Pointer)
    t = clang_getCanonicalType(clang_getPointeeType(t));
  if (t.kind != CXType_FunctionProto && t.kind != CXType_FunctionNoProto)
    return FC_NO_STR;
  char *s = fc_cx_take(clang_getTypeSpelling(t));
  uint32_t id = fc_strtab_intern(&ex->tu->strs, s);
  free(s);
  return id;
}

unsigned fc_file_offset(CXSourceLocation l) {
  unsigned off = 0;
  clang_getFileLocation(l, NULL, NULL, NULL, &off);
  return off;
}

CXCursor fc_unwrap(CXCursor c) {
  for (;;) {
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr && k != CXCursor_CStyleCastExpr)
      return c;
    struct kids kk = fc_kids(c);
    /* An implicit conversion has one child; an unexposed expression with
     * more (an atomic builtin: pointer, then memory order) is not a wrapper. */
    if (kk.n == 0 || (k == CXCursor_UnexposedExpr && kk.n > 1)) {
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

/* Kinds whose value a constant expression's value is made of; anything else
 * (a call, a variable, an atomic builtin) makes the value unknown. sizeof's
 * operand is not evaluated, so it is not looked into. */
static int made_of_constants(CXCursor c, int through_vars);

/* A const variable given a constant where it is declared (`int64_t const
 * b = -1;`, what assertion macros expand to): that constant's expression.
 * Its initializer may not name another variable, so that this looks one
 * level deep. */
static int const_var_init(CXCursor ref, CXCursor *init) {
  CXCursor d = clang_getCursorReferenced(ref);
  CXType t = clang_getCursorType(d);
  if (clang_getCursorKind(d) != CXCursor_VarDecl || !clang_isConstQualifiedType(t) ||
      clang_isVolatileQualifiedType(t))
    return 0;
  *init = clang_Cursor_getVarDeclInitializer(d);
  return !clang_Cursor_isNull(*init) && made_of_constants(*init, 0);
}

static int constant_kind(CXCursor c, int through_vars, int *leaf) {
  enum CXCursorKind k = clang_getCursorKind(c);
  *leaf = k == CXCursor_IntegerLiteral || k == CXCursor_CharacterLiteral ||
          k == CXCursor_UnaryExpr || k == CXCursor_TypeRef;
  CXCursor init;
  if (k == CXCursor_DeclRefExpr)
    return *leaf = clang_getCursorKind(clang_getCursorReferenced(c)) ==
                       CXCursor_EnumConstantDecl ||
                   (through_vars && const_var_init(c, &init));
  return *leaf || k == CXCursor_ParenExpr || k == CXCursor_UnexposedExpr ||
         k == CXCursor_CStyleCastExpr || k == CXCursor_UnaryOperator ||
         k == CXCursor_BinaryOperator || k == CXCursor_ConditionalOperator;
}

/* Is every part of c of a constant kind? Walked with an explicit stack. */
static int made_of_constants(CXCursor c, int through_vars) {
  FC_VEC(CXCursor) todo = {0};
  int ok = 1, leaf;
  fc_vec_push(&todo, c);
  while (ok && todo.n) {
    CXCursor x = todo.v[--todo.n];
    ok = constant_kind(x, through_vars, &leaf);
    if (ok && !leaf) {
      struct kids kk = fc_kids(x);
      for (size_t i = 0; i < kk.n; i++)
        fc_vec_push(&todo, kk.v[i]);
      free(kk.v);
    }
  }
  fc_vec_free(&todo);
  return ok;
}

int fc_const_value(CXCursor c, int64_t *out) {
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
  if (!made_of_constants(c, 1))
    return 0;
  CXCursor init;
  if (clang_getCursorKind(c) == CXCursor_DeclRefExpr && const_var_init(c, &init))
    c = init;
  CXEvalResult r = clang_Cursor_Evaluate(c);
  if (!r)
    return 0;
  int ok = clang_EvalResult_getKind(r) == CXEval_Int;
  if (ok)
    *out = clang_EvalResult_getAsLongLong(r);
  clang_EvalResult_dispose(r);
  return ok;
}

static int class_has_destructor(CXType t, int found);

/* A class with a destructor declared, in itself or in a member's or a
 * base's class (one level: std::string members, a base with a virtual
 * destructor). */
static enum CXChildVisitResult has_destructor(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  int *found = d;
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k == CXCursor_Destructor)
    *found = 2;
  else if (*found == 0 && (k == CXCursor_FieldDecl || k == CXCursor_CXXBaseSpecifier)) {
    CXType t = clang_getCanonicalType(clang_getCursorType(c));
    if (t.kind == CXType_Record && class_has_destructor(t, 1))
      *found = 2;
  }
  return *found == 2 ? CXChildVisit_Break : CXChildVisit_Continue;
}

/* found 1: below the first level, a destructor only. A class template's
 * instance shows its members in the template (std::basic_string<char>). */
static int class_has_destructor(CXType t, int found) {
  CXCursor decl = clang_getTypeDeclaration(t);
  clang_visitChildren(decl, has_destructor, &found);
  CXCursor tmpl = clang_getCursorDefinition(clang_getSpecializedCursorTemplate(decl));
  if (found != 2 && !clang_Cursor_isNull(tmpl))
    clang_visitChildren(tmpl, has_destructor, &found);
  return found == 2;
}

int fc_destroyed_at_exit(CXCursor var) {
  CXType t = clang_getCanonicalType(clang_getCursorType(var));
  while (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray)
    t = clang_getCanonicalType(clang_getArrayElementType(t));
  if (t.kind != CXType_Record || clang_Cursor_getStorageClass(var) == CX_SC_Extern)
    return 0;
  return class_has_destructor(t, 0);
}
