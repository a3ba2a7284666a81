/* Statements: the control flow of a function body, as blocks and edges. */
#include "extract_impl.h"

#include <stdlib.h>
#include <string.h>

/* The two semicolons of a for statement's header, at bracket depth 1. */
struct semis {
  CXTranslationUnit ctu;
  unsigned at[2], n;
  int depth;
};

static int semi_token(void *ctx, const char *s, CXToken tok) {
  struct semis *st = ctx;
  if (!strcmp(s, "(") || !strcmp(s, "[") || !strcmp(s, "{"))
    st->depth++;
  else if (!strcmp(s, ")") || !strcmp(s, "]") || !strcmp(s, "}"))
    st->depth--;
  else if (!strcmp(s, ";") && st->depth == 1)
    st->at[st->n++] = fc_file_offset(clang_getTokenLocation(st->ctu, tok));
  return st->n == 2;
}

/* Is the location in a macro's expansion: spelled elsewhere than where it
 * is expanded? */
static int from_macro(CXSourceLocation l) {
  CXFile fs = NULL, fe = NULL;
  unsigned os = 0, oe = 0;
  clang_getSpellingLocation(l, &fs, NULL, NULL, &os);
  clang_getExpansionLocation(l, &fe, NULL, NULL, &oe);
  return !fs || !fe || !clang_File_isEqual(fs, fe) || os != oe;
}

/* Which of a for statement's header children are init, cond and inc: all
 * three when there are three (a C for statement has no condition
 * variable); else by where they start relative to the two semicolons of
 * the header. A header a macro writes (libreswan's JAMBUF(), `for (...;
 * buf != NULL; buf = NULL)`) has its semicolons in the #define, not
 * between the statement's start and its body: they are not looked for. */
static void for_parts(struct ex *ex, CXCursor fs, const struct kids *k, int *role) {
  CXCursor body = k->v[k->n - 1];
  CXSourceLocation start = clang_getRangeStart(clang_getCursorExtent(fs));
  if (k->n == 4) {
    for (int i = 0; i < 3; i++)
      role[i] = i;
    return;
  }
  CXSourceRange r = clang_getRange(start, clang_getRangeStart(clang_getCursorExtent(body)));
  struct semis st = {ex->ctu, {0, 0}, 0, 0};
  if (!from_macro(start))
    fc_tokens(ex, r, FC_TOKEN(CXToken_Punctuation), semi_token, &st);
  for (size_t i = 0; i + 1 < k->n; i++) {
    if (st.n < 2) {
      role[i] = -1; /* written by a macro: position unknown */
      continue;
    }
    unsigned off = fc_file_offset(clang_getRangeStart(clang_getCursorExtent(k->v[i])));
    role[i] = off < st.at[0] ? 0 : off < st.at[1] ? 1 : 2;
  }
}

/* The body of a loop, with break and continue going to out and next. */
static void push_loop_body(struct fb *b, CXCursor body, uint32_t start, uint32_t next,
                           uint32_t out) {
  fc_push(b, (struct fc_task){.op = FC_OP_LOOP, .t = out, .f = next});
  fc_push_op(b, FC_OP_CUR, start);
  fc_push_cursor(b, FC_OP_STMT, body);
  fc_push_op(b, FC_OP_JUMP, next);
  fc_push_op(b, FC_OP_LOOP_END, 0);
}

/* A for statement's children and what each of them is. */
struct for_rec {
  struct kids k;
  int *role; /* 0 init, 1 cond, 2 inc, -1 unknown (written by a macro) */
};

/* The variable a for statement's init sets to a constant (`i = 0`, `int i
 * = 0`), and that constant: its declaration cursor, or a null cursor. */
static CXCursor init_constant(CXCursor init, int64_t *value) {
  CXCursor none = clang_getNullCursor();
  init = fc_unwrap(init);
  enum CXCursorKind kind = clang_getCursorKind(init);
  struct kids k = fc_kids(init);
  CXCursor var = none;
  if (kind == CXCursor_DeclStmt && k.n == 1 && clang_getCursorKind(k.v[0]) == CXCursor_VarDecl) {
    struct kids d = fc_kids(k.v[0]);
    if (d.n >= 1 && fc_const_value(fc_unwrap(d.v[d.n - 1]), value))
      var = k.v[0];
    free(d.v);
  } else if (kind == CXCursor_BinaryOperator &&
             clang_getCursorBinaryOperatorKind(init) == CXBinaryOperator_Assign && k.n == 2 &&
             clang_getCursorKind(fc_unwrap(k.v[0])) == CXCursor_DeclRefExpr &&
             fc_const_value(fc_unwrap(k.v[1]), value)) {
    var = clang_getCursorReferenced(fc_unwrap(k.v[0]));
  }
  free(k.v);
  return var;
}

/* Does the loop's condition hold on entry, from what the init sets: `for
 * (i = 0; i < 10; i++)`? Then the body runs at least once, and the way
 * round the loop that skips it does not exist (entr's `for (i = 0; i < 10;
 * i++) { ret = execvp(...); ... }`, then `if (ret != 0)`). */
static int enters_once(const struct for_rec *r) {
  CXCursor init = clang_getNullCursor(), cond = clang_getNullCursor();
  for (size_t i = 0; i + 1 < r->k.n; i++) {
    if (r->role[i] == -1)
      return 0;
    if (r->role[i] == 0)
      init = r->k.v[i];
    else if (r->role[i] == 1)
      cond = r->k.v[i];
  }
  int64_t start, bound;
  if (clang_Cursor_isNull(init) || clang_Cursor_isNull(cond))
    return 0;
  CXCursor var = init_constant(init, &start);
  cond = fc_unwrap(cond);
  if (clang_Cursor_isNull(var) || clang_getCursorKind(cond) != CXCursor_BinaryOperator)
    return 0;
  int test = fc_comparison_test(clang_getCursorBinaryOperatorKind(cond));
  struct kids k = fc_kids(cond);
  int holds = 0;
  if (k.n == 2 && test != FC_T_ALWAYS) {
    CXCursor side[2] = {fc_unwrap(k.v[0]), fc_unwrap(k.v[1])};
    for (int s = 0; s < 2 && !holds; s++)
      if (clang_getCursorKind(side[s]) == CXCursor_DeclRefExpr &&
          clang_equalCursors(clang_getCursorReferenced(side[s]), var) &&
          fc_const_value(side[1 - s], &bound))
        holds = fc_test_holds(s ? fc_swap_test(test) : test, start, bound);
  }
  free(k.v);
  return holds;
}

/* The loop of a for statement, once its init has run. */
static void for_loop(struct fb *b, struct for_rec *r) {
  const struct kids *k = &r->k;
  uint32_t head = fc_new_block(b), body = fc_new_block(b), next = fc_new_block(b),
           out = fc_new_block(b);
  int found_cond = 0, unknown = 0;
  size_t m = fc_seq(b);
  fc_jump(b, enters_once(r) ? body : head); /* the first test holds: into the body */
  b->cur = head;
  for (size_t i = 0; i + 1 < k->n; i++) {
    unknown |= r->role[i] == -1;
    if (r->role[i] == 1) {
      fc_push_cond(b, k->v[i], body, out);
      found_cond = 1;
    }
  }
  if (!found_cond) {
    fc_jump(b, body);
    if (unknown)
      fc_jump(b, out);
  }
  push_loop_body(b, k->v[k->n - 1], body, next, out);
  fc_push_op(b, FC_OP_CUR, next);
  for (size_t i = 0; i + 1 < k->n; i++)
    if (r->role[i] == 2)
      fc_push_cursor(b, FC_OP_VALUE, k->v[i]);
  fc_push_op(b, FC_OP_JUMP, head);
  fc_push_op(b, FC_OP_CUR, out);
  fc_seq_end(b, m);
  free(r->role);
  free(r->k.v);
  free(r);
}

static void for_stmt(struct fb *b, CXCursor c) {
  struct for_rec *r = fc_xcalloc(1, sizeof *r);
  r->k = fc_kids(c);
  if (r->k.n == 0) {
    free(r->k.v);
    free(r);
    return;
  }
  r->role = fc_xcalloc(r->k.n, sizeof *r->role);
  for_parts(b->ex, c, &r->k, r->role);
  size_t m = fc_seq(b);
  for (size_t i = 0; i + 1 < r->k.n; i++)
    if (r->role[i] == 0 || r->role[i] == -1)
      fc_push_cursor(b, FC_OP_VALUE, r->k.v[i]);
  fc_push(b, (struct fc_task){.op = FC_OP_FOR_HEAD, .rec = r});
  fc_seq_end(b, m);
}

static void while_stmt(struct fb *b, const struct kids *k) {
  uint32_t head = fc_new_block(b), body = fc_new_block(b), out = fc_new_block(b);
  fc_jump(b, head);
  b->cur = head;
  fc_push_cond(b, k->v[k->n - 2], body, out);
  push_loop_body(b, k->v[k->n - 1], body, head, out);
  fc_push_op(b, FC_OP_CUR, out);
}

static void do_stmt(struct fb *b, const struct kids *k) {
  uint32_t body = fc_new_block(b), test = fc_new_block(b), out = fc_new_block(b);
  fc_jump(b, body);
  push_loop_body(b, k->v[0], body, test, out);
  fc_push_op(b, FC_OP_CUR, test);
  fc_push_cond(b, k->v[1], body, out);
  fc_push_op(b, FC_OP_CUR, out);
}

static void if_stmt(struct fb *b, const struct kids *k) {
  uint32_t then_b = fc_new_block(b), else_b = fc_new_block(b), out = fc_new_block(b);
  fc_push_cond(b, k->v[0], then_b, else_b);
  fc_push_op(b, FC_OP_CUR, then_b);
  fc_push_cursor(b, FC_OP_STMT, k->v[1]);
  fc_push_op(b, FC_OP_JUMP, out);
  fc_push_op(b, FC_OP_CUR, else_b);
  if (k->n > 2)
    fc_push_cursor(b, FC_OP_STMT, k->v[2]);
  fc_push_op(b, FC_OP_JUMP, out);
  fc_push_op(b, FC_OP_CUR, out);
}

/* A switch on the value in ret, once its condition has run. */
static void switch_body(struct fb *b, CXCursor body) {
  struct switch_ctx ctx = {b->cur, b->ret, 0, -1};
  uint32_t out = fc_new_block(b);
  fc_vec_push(&b->sw, ctx);
  fc_vec_push(&b->brk, out);
  b->cur = fc_new_block(b); /* code before the first label is unreachable */
  size_t m = fc_seq(b);
  fc_push_cursor(b, FC_OP_STMT, body);
  fc_push_op(b, FC_OP_SWITCH_END, out);
  fc_seq_end(b, m);
}

static void switch_end(struct fb *b, uint32_t out) {
  fc_jump(b, out);
  struct switch_ctx *s = &b->sw.v[b->sw.n - 1];
  if (s->default_edge >= 0)
    b->blocks.v[s->head].ed.v[s->default_edge].value = s->case_bits;
  else
    fc_add_edge(b, s->head, out, s->var, s->var >= 0 ? FC_T_DEFAULT : FC_T_ALWAYS,
                s->case_bits);
  b->sw.n--;
  b->brk.n--;
  b->cur = out;
}

/* The edge from the switch's head to a case label's block. */
static void case_edge(struct fb *b, const struct kids *k, int is_default, uint32_t blk) {
  struct switch_ctx *s = &b->sw.v[b->sw.n - 1];
  int64_t value;
  if (is_default) {
    s->default_edge = (int64_t)b->blocks.v[s->head].ed.n;
    fc_add_edge(b, s->head, blk, s->var, s->var >= 0 ? FC_T_DEFAULT : FC_T_ALWAYS, 0);
  } else if (k->n == 2 && s->var >= 0 && fc_const_value(fc_unwrap(k->v[0]), &value)) {
    fc_add_edge(b, s->head, blk, s->var, FC_T_EQ, value);
    if (value == 0)
      s->case_bits |= 1;
    else if (value == -1)
      s->case_bits |= 2;
  } else {
    fc_add_edge(b, s->head, blk, -1, FC_T_ALWAYS, 0);
  }
}

static void case_stmt(struct fb *b, const struct kids *k, int is_default) {
  uint32_t blk = fc_new_block(b);
  fc_jump(b, blk);
  if (b->sw.n > 0)
    case_edge(b, k, is_default, blk);
  b->cur = blk;
  if (k->n > 0)
    fc_push_cursor(b, FC_OP_STMT, k->v[k->n - 1]);
}

static void decl_stmt(struct fb *b, const struct kids *k) {
  for (size_t i = 0; i < k->n; i++) {
    if (clang_getCursorKind(k->v[i]) != CXCursor_VarDecl)
      continue;
    struct kids vk = fc_kids(k->v[i]);
    if (vk.n > 0 && clang_isExpression(clang_getCursorKind(vk.v[vk.n - 1])))
      fc_push(b, (struct fc_task){.op = FC_OP_DECL, .c = k->v[i], .at = vk.v[vk.n - 1]});
    free(vk.v);
  }
}

/* A variable's initialisation: its value stored into it. */
static void decl_init(struct fb *b, CXCursor var_decl, CXCursor init) {
  char *usr = fc_cx_take(clang_getCursorUSR(var_decl));
  int32_t var = usr[0] ? fc_intern_var(b, usr, fc_storage_flags(var_decl)) : -1;
  free(usr);
  fc_note_initializer(b->ex, var_decl);
  fc_expand_store(b, var, init, var_decl);
}

static uint32_t innermost(const uint32_t *v, size_t n) { return n ? v[n - 1] : UINT32_MAX; }

static void label_stmt(struct fb *b, CXCursor c, const struct kids *k) {
  uint32_t blk = fc_label_block(b, c);
  fc_jump(b, blk);
  b->cur = blk;
  if (k->n)
    fc_push_cursor(b, FC_OP_STMT, k->v[k->n - 1]);
}

/* `return pid == 0;`: the 1 or the 0 is stored in a temporary that is
 * returned, so that the caller's test of it is a test of the comparison.
 * `return ok ? PARENT : ERROR;` the same way: each side stores its own
 * value, and the function's result is known to be one of them. */
static void return_truth(struct fb *b, CXCursor value) {
  int32_t t = fc_temp_var(b);
  fc_push(b, (struct fc_task){.op = FC_OP_STORE, .var = t, .c = value, .at = value});
  fc_push_ret(b, t);
}

/* Statements made of others; k holds their children. */
static void with_kids(struct fb *b, CXCursor c, enum CXCursorKind kind, const struct kids *k) {
  switch (kind) {
  case CXCursor_CompoundStmt:
    for (size_t i = 0; i < k->n; i++)
      fc_push_cursor(b, FC_OP_STMT, k->v[i]);
    fc_push_cursor(b, FC_OP_END_LOC, c);
    break;
  case CXCursor_DeclStmt: decl_stmt(b, k); break;
  case CXCursor_IfStmt:
    if (k->n >= 2)
      if_stmt(b, k);
    break;
  case CXCursor_WhileStmt:
    if (k->n >= 2)
      while_stmt(b, k);
    break;
  case CXCursor_DoStmt:
    if (k->n >= 2)
      do_stmt(b, k);
    break;
  case CXCursor_SwitchStmt:
    if (k->n >= 2) {
      fc_push_cursor(b, FC_OP_VALUE, k->v[k->n - 2]);
      fc_push_cursor(b, FC_OP_SWITCH, k->v[k->n - 1]);
    }
    break;
  case CXCursor_CaseStmt: case_stmt(b, k, 0); break;
  case CXCursor_DefaultStmt: case_stmt(b, k, 1); break;
  case CXCursor_ReturnStmt:
    if (k->n && (fc_is_truth_value(fc_unwrap(k->v[0])) || fc_is_choice(fc_unwrap(k->v[0]))))
      return_truth(b, k->v[0]);
    else if (k->n)
      fc_push_cursor(b, FC_OP_VALUE, k->v[0]);
    else
      fc_push_ret(b, -1);
    fc_push_cursor(b, FC_OP_RETURN, c);
    break;
  case CXCursor_GotoStmt:
    fc_jump_away(b, k->n ? fc_label_block(b, clang_getCursorReferenced(k->v[0])) : UINT32_MAX);
    break;
  case CXCursor_LabelStmt: label_stmt(b, c, k); break;
  default: break;
  }
}

static int made_of_others(enum CXCursorKind kind) {
  switch (kind) {
  case CXCursor_CompoundStmt:
  case CXCursor_DeclStmt:
  case CXCursor_IfStmt:
  case CXCursor_WhileStmt:
  case CXCursor_DoStmt:
  case CXCursor_SwitchStmt:
  case CXCursor_CaseStmt:
  case CXCursor_DefaultStmt:
  case CXCursor_ReturnStmt:
  case CXCursor_GotoStmt:
  case CXCursor_LabelStmt: return 1;
  default: return 0;
  }
}

void fc_expand_stmt(struct fb *b, CXCursor c) {
  enum CXCursorKind kind = clang_getCursorKind(c);
  size_t m = fc_seq(b);
  if (made_of_others(kind)) {
    struct kids k = fc_kids(c);
    with_kids(b, c, kind, &k);
    free(k.v);
  } else if (kind == CXCursor_ForStmt) {
    for_stmt(b, c);
  } else if (kind == CXCursor_BreakStmt) {
    fc_jump_away(b, innermost(b->brk.v, b->brk.n));
  } else if (kind == CXCursor_ContinueStmt) {
    fc_jump_away(b, innermost(b->cont.v, b->cont.n));
  } else if (kind == CXCursor_IndirectGotoStmt) {
    fc_push_kids(b, c);
    fc_push_cursor(b, FC_OP_COMPUTED_GOTO, c);
  } else if (kind == CXCursor_NullStmt || kind == CXCursor_AsmStmt ||
             kind == CXCursor_MSAsmStmt) {
    /* nothing runs that matters here */
  } else if (clang_isExpression(kind)) {
    fc_push_cursor(b, FC_OP_VALUE, c);
  } else if (clang_isStatement(kind)) {
    fc_push_kids(b, c);
  }
  fc_seq_end(b, m);
}

/* A return; a constant it returns is its one argument, so that a caller
 * testing the result can tell the paths apart (`if (parse_args()) return`). */
static struct fc_event return_event(struct fb *b, CXCursor c) {
  struct fc_event ev = fc_simple_event(FC_EV_RETURN, b->ret, fc_loc_of(b->ex, c));
  struct kids k = fc_kids(c);
  struct fc_arg value = {FC_ARG_CONST, -1, 0};
  if (k.n == 1 && fc_const_value(fc_unwrap(k.v[0]), &value.value)) {
    ev.n_args = 1;
    ev.args = (uint32_t)b->ex->tu->args.n;
    fc_vec_push(&b->ex->tu->args, value);
  }
  free(k.v);
  return ev;
}

void fc_stmt_step(struct fb *b, const struct fc_task *t) {
  switch (t->op) {
  case FC_OP_DECL: decl_init(b, t->c, t->at); break;
  case FC_OP_FOR_HEAD: for_loop(b, t->rec); break;
  case FC_OP_SWITCH: switch_body(b, t->c); break;
  case FC_OP_SWITCH_END: switch_end(b, t->t); break;
  case FC_OP_END_LOC: b->blocks.v[b->cur].end = fc_end_loc(b->ex, t->c); break;
  case FC_OP_RETURN:
    fc_add_event(b, return_event(b, t->c));
    fc_jump_away(b, FC_EXIT);
    break;
  case FC_OP_COMPUTED_GOTO:
    fc_vec_push(&b->computed_gotos, b->cur); /* its edges: computed_goto_edges */
    fc_jump_away(b, UINT32_MAX);
    break;
  default: break;
  }
}
