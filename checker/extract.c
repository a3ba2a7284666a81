/*
 * Extraction: walk what a TU defines and build, per function, a control-flow
 * graph of calls, assignments and returns, with edges that test a variable
 * against a constant. Bodies of functions from system headers are not visited.
 * This file holds the TU and its functions; extract_impl.h lists the layers.
 */
#include "extract_impl.h"
#include "pyconfig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- functions and the TU ---------------------------------------------- */

static const char *const mention_names[] = {
#define FC_MENTION(name) #name,
#include "mentions.def"
#undef FC_MENTION
};

static const struct mention_alias {
  const char *alias;
  enum fc_mention m;
} mention_aliases[] = {
#define FC_MENTION(name)
#define FC_MENTION_ALIAS(alias, name) {#alias, FC_MENTION_##name},
#include "mentions.def"
#undef FC_MENTION_ALIAS
#undef FC_MENTION
};

static int mention_token(void *ctx, const char *s, CXToken tok) {
  (void)tok;
  uint32_t *found = ctx;
  for (unsigned m = 0; m < FC_MENTION_COUNT; m++)
    if (!strcmp(s, mention_names[m]))
      *found |= 1u << m;
  for (size_t a = 0; a < sizeof mention_aliases / sizeof *mention_aliases; a++)
    if (!strcmp(s, mention_aliases[a].alias))
      *found |= 1u << mention_aliases[a].m;
  return 0;
}

/* Which of the identifiers in mentions.def appear in the function's text. */
static uint32_t mentions(struct ex *ex, CXCursor fn) {
  uint32_t found = 0;
  fc_tokens(ex, fc_cursor_file_range(ex, fn), FC_TOKEN(CXToken_Identifier), mention_token, &found);
  return found;
}

static CXCursor body_of(CXCursor fn) {
  struct kids k = fc_kids(fn);
  CXCursor body = clang_getNullCursor();
  for (size_t i = 0; i < k.n; i++)
    if (clang_getCursorKind(k.v[i]) == CXCursor_CompoundStmt)
      body = k.v[i];
  free(k.v);
  return body;
}

/* Code nested deeper than the walk goes: the TU's findings are incomplete. */
static void too_deep(struct fc_tu *tu, struct fc_loc at, const char *fn) {
  char msg[1024];
  snprintf(msg, sizeof msg,
           "%s:%u:%u: warning: code in '%s' is nested deeper than %u levels; what lies "
           "deeper is not analysed",
           at.file < tu->strs.n ? fc_str(&tu->strs, at.file) : tu->path, at.line, at.col, fn,
           FC_MAX_DEPTH);
  fc_tu_add_error(tu, msg);
  tu->flags |= FC_TU_ERRORS;
}

/* The parameters are the function's first variables, in order, so that a
 * test of one can be judged from a call's constant argument. */
static void params(struct fb *b, CXCursor fn) {
  int n = clang_Cursor_getNumArguments(fn);
  for (int i = 0; i < n; i++) {
    CXCursor parm = clang_Cursor_getArgument(fn, (unsigned)i);
    char *key = fc_cx_take(clang_getCursorUSR(parm));
    if (!key[0]) {
      free(key);
      key = fc_cx_take(clang_getCursorSpelling(parm));
    }
    if (!key[0]) {
      free(key);
      key = fc_xmalloc(32);
      snprintf(key, 32, "#param%d", i);
    }
    int32_t id = fc_intern_var(b, key, 0);
    free(key);
    if (id != i)
      return;
    b->var_flags.v[id] |= FC_VAR_PARAM;
  }
}

/* A function definition: its CFG, then what is known about it. */
static void function(struct ex *ex, CXCursor fn) {
  CXCursor body = body_of(fn);
  if (clang_Cursor_isNull(body))
    return;
  struct fb b;
  fc_fb_init(&b, ex);
  params(&b, fn);
  fc_walk(&b, body);
  fc_jump(&b, FC_EXIT);

  struct fc_tu *tu = ex->tu;
  char *usr = fc_cx_take(clang_getCursorUSR(fn));
  char *name = fc_qualified_name(fn);
  struct fc_function f = {0};
  f.usr = fc_strtab_intern(&tu->strs, usr);
  f.name = fc_strtab_intern(&tu->strs, name);
  f.loc = fc_loc_of(ex, fn);
  if (clang_Cursor_getStorageClass(fn) == CX_SC_Static)
    f.flags |= FC_FN_STATIC;
  if (!strcmp(name, "main") && !(f.flags & FC_FN_STATIC))
    f.flags |= FC_FN_MAIN;
  if (fc_declared_noreturn(ex, fn))
    f.flags |= FC_FN_NORETURN;
  if (fc_declared_destructor(ex, fn))
    f.flags |= FC_FN_DESTRUCTOR;
  if (fc_declared_constructor(ex, fn))
    f.flags |= FC_FN_CONSTRUCTOR;
  free(usr);
  free(name);
  f.mentions = mentions(ex, fn);
  f.type = fc_function_type(ex, clang_getCursorType(fn));
  if (b.too_deep)
    too_deep(tu, b.too_deep_at, fc_str(&tu->strs, f.name));
  fc_fb_finish(&b, &f);
  fc_vec_push(&tu->funcs, f);
}

/* Functions named in a global's initializer (tables of handlers, vtables)
 * have their address taken. */
static enum CXChildVisitResult initializer_refs(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  struct ex *ex = d;
  if (clang_getCursorKind(c) == CXCursor_DeclRefExpr) {
    CXCursor r = clang_getCursorReferenced(c);
    if (fc_is_function_kind(clang_getCursorKind(r)))
      fc_vec_push(&ex->tu->addr_taken, (uint32_t)fc_callee_id(ex, r));
  }
  return CXChildVisit_Recurse;
}

static const char *const macro_names[] = {
#define FC_MACRO(name) #name,
#include "macros.def"
};

struct macro_value {
  unsigned n;
  int ok;
  int64_t value;
};

/* The definition's tokens: the name, then one integer literal. */
static int macro_token(void *ctx, const char *s, CXToken tok) {
  struct macro_value *m = ctx;
  if (m->n++ == 0)
    return 0;
  char *end;
  errno = 0;
  m->value = strtoll(s, &end, 0);
  end += strspn(end, "uUlL");
  m->ok = m->n == 2 && clang_getTokenKind(tok) == CXToken_Literal && !errno && end != s && !*end;
  return !m->ok;
}

/* A definition of a macro of macros.def, also in a system header. */
static void note_macro(struct ex *ex, CXCursor c) {
  char *name = fc_cx_take(clang_getCursorSpelling(c));
  for (size_t i = 0; i < sizeof macro_names / sizeof macro_names[0]; i++) {
    if (strcmp(name, macro_names[i]) || clang_Cursor_isMacroFunctionLike(c))
      continue;
    struct macro_value m = {0, 0, 0};
    fc_tokens(ex, clang_getCursorExtent(c), ~0u, macro_token, &m);
    if (m.ok && m.n == 2) {
      struct fc_macro rec = {fc_strtab_intern(&ex->tu->strs, name), m.value};
      fc_vec_push(&ex->tu->macros, rec);
    }
  }
  free(name);
}

static enum CXChildVisitResult top_level(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  struct ex *ex = d;
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k == CXCursor_MacroDefinition)
    note_macro(ex, c);
  if (clang_isPreprocessing(k) || fc_in_system_header(c))
    return CXChildVisit_Continue;
  if (k == CXCursor_VarDecl) {
    if (fc_destroyed_at_exit(c))
      ex->tu->flags |= FC_TU_STATIC_DTORS;
    clang_visitChildren(c, initializer_refs, ex);
    fc_note_initializer(ex, c);
    return CXChildVisit_Continue;
  }
  if (k == CXCursor_Namespace || k == CXCursor_LinkageSpec || k == CXCursor_ClassDecl ||
      k == CXCursor_StructDecl)
    return CXChildVisit_Recurse;
  if (fc_is_function_kind(k) && clang_isCursorDefinition(c))
    function(ex, c);
  return CXChildVisit_Continue;
}

static void note_inclusion(CXFile f, CXSourceLocation *stack, unsigned depth, CXClientData d) {
  (void)stack;
  struct fc_tu *tu = d;
  char *name = fc_cx_take(clang_getFileName(f));
  const char *base = strrchr(name, '/');
  if (!strcmp(base ? base + 1 : name, "Python.h"))
    tu->flags |= FC_TU_PYTHON;
  /* By real path: the cache re-reads them from another working directory. */
  char *real = fc_cx_take(clang_File_tryGetRealPathName(f));
  if (depth > 0)
    fc_vec_push(&tu->includes, fc_xstrdup(*real ? real : name));
  free(real);
  free(name);
}

/* Is the error only about the arguments an attribute is written with?
 * GCC's forms that clang 19 does not know (OpenRC's `__attribute__
 * ((malloc (rc_stringlist_free, 1)))`, GCC 11's deallocator form of
 * malloc) are such errors: clang drops the attribute and keeps the
 * declaration, and nothing the analysis reads depends on it. Clang's
 * wording (err_attribute_wrong_number_arguments, _too_many_, _too_few_)
 * is all the C API gives of the diagnostic. */
static int attribute_form_only(CXDiagnostic d) {
  static const char *const forms[] = {" attribute takes no arguments",
                                      " attribute takes one argument",
                                      " attribute requires exactly ",
                                      " attribute takes no more than ",
                                      " attribute takes at least "};
  char *msg = fc_cx_take(clang_getDiagnosticSpelling(d));
  int only = 0;
  for (size_t k = 0; k < sizeof forms / sizeof *forms && !only; k++)
    only = strstr(msg, forms[k]) != NULL;
  free(msg);
  return only;
}

/* Clang's errors, formatted; one that concerns only an attribute's form is
 * a note (the file is analysed in full), the others make the summary
 * partial. */
static void collect_errors(struct fc_tu *tu, CXTranslationUnit ctu) {
  unsigned n = clang_getNumDiagnostics(ctu);
  for (unsigned i = 0; i < n; i++) {
    CXDiagnostic d = clang_getDiagnostic(ctu, i);
    if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
      char *msg = fc_cx_take(clang_formatDiagnostic(d, CXDiagnostic_DisplaySourceLocation |
                                                        CXDiagnostic_DisplayColumn));
      if (attribute_form_only(d)) {
        /* "file:line:col: error: ..." becomes a note that says why */
        char *err = strstr(msg, ": error: ");
        char *note = NULL;
        if (err) {
          *err = '\0';
          size_t len = strlen(msg) + strlen(err + 9) + 96;
          note = fc_xmalloc(len);
          snprintf(note, len, "%s: note: attribute ignored, as clang 19 does not take this form: %s",
                   msg, err + 9);
        }
        fc_tu_add_error(tu, note ? note : msg);
        free(note);
      } else {
        fc_tu_add_error(tu, msg);
        tu->flags |= FC_TU_ERRORS;
      }
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
      CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles |
          CXTranslationUnit_DetailedPreprocessingRecord,
      ctu);
}

static int python_h_missing(CXTranslationUnit ctu) {
  int missing = 0;
  for (unsigned i = 0, n = clang_getNumDiagnostics(ctu); i < n && !missing; i++) {
    CXDiagnostic d = clang_getDiagnostic(ctu, i);
    if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
      char *msg = fc_cx_take(clang_getDiagnosticSpelling(d));
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
    /* An extension's file given without its include path: add the
     * directories the installed Python gave at configure time. */
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
  ex.know = fc_knowledge_new(FC_PROFILE_POSIX);
  fc_strtab_init(&ex.callee_usrs);
  clang_visitChildren(clang_getTranslationUnitCursor(ctu), top_level, &ex);
  fc_strtab_free(&ex.callee_usrs);
  fc_knowledge_free(ex.know);
  clang_disposeTranslationUnit(ctu);
  return tu;
}
