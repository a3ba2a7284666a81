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

/* Which of a for statement's header children are init, cond and inc: by
 * where they start relative to the two semicolons of the header. */
static void for_parts(struct ex *ex, CXCursor fs, const struct kids *k, int *role) {
  CXCursor body = k->v[k->n - 1];
  CXSourceRange r = clang_getRange(clang_getRangeStart(clang_getCursorExtent(fs)),
                                   clang_getRangeStart(clang_getCursorExtent(body)));
  struct semis st = {ex->ctu, {0, 0}, 0, 0};
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
static void loop_body(struct fb *b, CXCursor body, uint32_t start, uint32_t next, uint32_t out) {
  fc_vec_push(&b->brk, out);
  fc_vec_push(&b->cont, next);
  b->cur = start;
  fc_stmt(b, body);
  fc_jump(b, next);
  b->brk.n--;
  b->cont.n--;
}

static void for_head(struct fb *b, const struct kids *k, const int *role, uint32_t body,
                     uint32_t out) {
  int found_cond = 0, unknown = 0;
  for (size_t i = 0; i + 1 < k->n; i++) {
    unknown |= role[i] == -1;
    if (role[i] == 1) {
      fc_cond(b, k->v[i], body, out);
      found_cond = 1;
    }
  }
  if (!found_cond) {
    fc_jump(b, body);
    if (unknown)
      fc_jump(b, out);
  }
}

static void for_stmt(struct fb *b, CXCursor c) {
  struct kids k = fc_kids(c);
  if (k.n == 0) {
    free(k.v);
    return;
  }
  int *role = fc_xcalloc(k.n, sizeof *role);
  for_parts(b->ex, c, &k, role);
  for (size_t i = 0; i + 1 < k.n; i++)
    if (role[i] == 0 || role[i] == -1)
      fc_value_of(b, k.v[i]);
  uint32_t head = fc_new_block(b), body = fc_new_block(b), next = fc_new_block(b),
           out = fc_new_block(b);
  fc_jump(b, head);
  b->cur = head;
  for_head(b, &k, role, body, out);
  loop_body(b, k.v[k.n - 1], body, next, out);
  b->cur = next;
  for (size_t i = 0; i + 1 < k.n; i++)
    if (role[i] == 2)
      fc_value_of(b, k.v[i]);
  fc_jump(b, head);
  b->cur = out;
  free(role);
  free(k.v);
}

static void while_stmt(struct fb *b, const struct kids *k) {
  uint32_t head = fc_new_block(b), body = fc_new_block(b), out = fc_new_block(b);
  fc_jump(b, head);
  b->cur = head;
  fc_cond(b, k->v[k->n - 2], body, out);
  loop_body(b, k->v[k->n - 1], body, head, out);
  b->cur = out;
}

static void do_stmt(struct fb *b, const struct kids *k) {
  uint32_t body = fc_new_block(b), test = fc_new_block(b), out = fc_new_block(b);
  fc_jump(b, body);
  loop_body(b, k->v[0], body, test, out);
  b->cur = test;
  fc_cond(b, k->v[1], body, out);
  b->cur = out;
}

static void if_stmt(struct fb *b, const struct kids *k) {
  uint32_t then_b = fc_new_block(b), else_b = fc_new_block(b), out = fc_new_block(b);
  fc_cond(b, k->v[0], then_b, else_b);
  b->cur = then_b;
  fc_stmt(b, k->v[1]);
  fc_jump(b, out);
  b->cur = else_b;
  if (k->n > 2)
    fc_stmt(b, k->v[2]);
  fc_jump(b, out);
  b->cur = out;
}

static void switch_stmt(struct fb *b, CXCursor c) {
  struct kids k = fc_kids(c);
  if (k.n < 2) {
    free(k.v);
    return;
  }
  int32_t v = fc_value_of(b, k.v[k.n - 2]);
  struct switch_ctx ctx = {b->cur, v, 0, -1};
  uint32_t out = fc_new_block(b);
  fc_vec_push(&b->sw, ctx);
  fc_vec_push(&b->brk, out);
  b->cur = fc_new_block(b); /* code before the first label is unreachable */
  fc_stmt(b, k.v[k.n - 1]);
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
  free(k.v);
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

static void case_stmt(struct fb *b, CXCursor c, int is_default) {
  struct kids k = fc_kids(c);
  uint32_t blk = fc_new_block(b);
  fc_jump(b, blk);
  if (b->sw.n > 0)
    case_edge(b, &k, is_default, blk);
  b->cur = blk;
  if (k.n > 0)
    fc_stmt(b, k.v[k.n - 1]);
  free(k.v);
}

static void decl_stmt(struct fb *b, CXCursor c) {
  struct kids k = fc_kids(c);
  for (size_t i = 0; i < k.n; i++) {
    if (clang_getCursorKind(k.v[i]) != CXCursor_VarDecl)
      continue;
    struct kids vk = fc_kids(k.v[i]);
    if (vk.n > 0 && clang_isExpression(clang_getCursorKind(vk.v[vk.n - 1]))) {
      char *usr = fc_cx_take(clang_getCursorUSR(k.v[i]));
      int32_t var = usr[0] ? fc_intern_var(b, usr, fc_storage_flags(k.v[i])) : -1;
      free(usr);
      fc_store(b, var, vk.v[vk.n - 1], k.v[i]);
    }
    free(vk.v);
  }
  free(k.v);
}

/* A jump to target (none when target is UINT32_MAX), then code that only a
 * label can reach. */
static void jump_away(struct fb *b, uint32_t target) {
  if (target != UINT32_MAX)
    fc_jump(b, target);
  b->cur = fc_new_block(b);
}

static uint32_t innermost(const uint32_t *v, size_t n) { return n ? v[n - 1] : UINT32_MAX; }

static void return_stmt(struct fb *b, CXCursor c, const struct kids *k) {
  int32_t v = k->n ? fc_value_of(b, k->v[0]) : -1;
  fc_add_event(b, fc_simple_event(FC_EV_RETURN, v, fc_loc_of(b->ex, c)));
  jump_away(b, FC_EXIT);
}

static void label_stmt(struct fb *b, CXCursor c, const struct kids *k) {
  uint32_t blk = fc_label_block(b, c);
  fc_jump(b, blk);
  b->cur = blk;
  if (k->n)
    fc_stmt(b, k->v[k->n - 1]);
}

static void compound_stmt(struct fb *b, CXCursor c, const struct kids *k) {
  for (size_t i = 0; i < k->n; i++)
    fc_stmt(b, k->v[i]);
  b->blocks.v[b->cur].end = fc_end_loc(b->ex, c);
}

/* Statements that need their children; k holds them. */
static void with_kids(struct fb *b, CXCursor c, enum CXCursorKind kind, const struct kids *k) {
  switch (kind) {
  case CXCursor_CompoundStmt: compound_stmt(b, c, k); break;
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
  case CXCursor_ReturnStmt: return_stmt(b, c, k); break;
  case CXCursor_GotoStmt:
    jump_away(b, k->n ? fc_label_block(b, clang_getCursorReferenced(k->v[0])) : UINT32_MAX);
    break;
  case CXCursor_LabelStmt: label_stmt(b, c, k); break;
  default: break;
  }
}

static void statement(struct fb *b, CXCursor c, enum CXCursorKind kind) {
  switch (kind) {
  case CXCursor_CompoundStmt:
  case CXCursor_IfStmt:
  case CXCursor_WhileStmt:
  case CXCursor_DoStmt:
  case CXCursor_ReturnStmt:
  case CXCursor_GotoStmt:
  case CXCursor_LabelStmt: {
    struct kids k = fc_kids(c);
    with_kids(b, c, kind, &k);
    free(k.v);
    break;
  }
  case CXCursor_DeclStmt: decl_stmt(b, c); break;
  case CXCursor_ForStmt: for_stmt(b, c); break;
  case CXCursor_SwitchStmt: switch_stmt(b, c); break;
  case CXCursor_CaseStmt: case_stmt(b, c, 0); break;
  case CXCursor_DefaultStmt: case_stmt(b, c, 1); break;
  case CXCursor_BreakStmt: jump_away(b, innermost(b->brk.v, b->brk.n)); break;
  case CXCursor_ContinueStmt: jump_away(b, innermost(b->cont.v, b->cont.n)); break;
  case CXCursor_IndirectGotoStmt:
    fc_walk_kids(b, c);
    fc_vec_push(&b->computed_gotos, b->cur); /* its edges: computed_goto_edges */
    jump_away(b, UINT32_MAX);
    break;
  case CXCursor_NullStmt:
  case CXCursor_AsmStmt:
  case CXCursor_MSAsmStmt: break;
  default:
    if (clang_isExpression(kind))
      fc_value_of(b, c);
    else if (clang_isStatement(kind))
      fc_walk_kids(b, c);
    break;
  }
}

struct stmt_step {
  struct fb *b;
  CXCursor c;
};

static void stmt_step(void *arg) {
  struct stmt_step *s = arg;
  statement(s->b, s->c, clang_getCursorKind(s->c));
}

void fc_stmt(struct fb *b, CXCursor c) {
  struct stmt_step s = {b, c};
  fc_descend(b, c, stmt_step, &s);
}
