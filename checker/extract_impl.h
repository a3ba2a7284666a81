/*
 * Extraction's layers, shared by its files and by nothing else:
 *   extract_cx.c    libclang helpers: strings, children, locations, tokens, names
 *   extract_cfg.c   the CFG under construction: blocks, edges, events, variables
 *   extract_expr.c  expressions: events in evaluation order, and conditions as branches
 *   extract_stmt.c  statements: control flow
 *   extract.c       functions and the TU
 */
#ifndef FORKCHECK_EXTRACT_IMPL_H
#define FORKCHECK_EXTRACT_IMPL_H

#include "extract.h"
#include "knowledge.h"

/* ---- libclang helpers (extract_cx.c) ----------------------------------- */

struct kids {
  CXCursor *v;
  size_t n, cap;
};

/* What one TU's extraction shares across its functions. */
struct ex {
  struct fc_tu *tu;
  CXTranslationUnit ctu;
  struct fc_strtab callee_usrs; /* id == callee index */
  CXFile last_file;
  uint32_t last_file_id;
  struct fc_knowledge *know; /* what functions.def says about callees */
};

/* The direct children of c; free .v. */
struct kids fc_kids(CXCursor c);
struct fc_loc fc_loc_of(struct ex *ex, CXCursor c);
/* The location of the last character of c: a compound statement's '}'. */
struct fc_loc fc_end_loc(struct ex *ex, CXCursor c);
int fc_in_system_header(CXCursor c);
int fc_is_function_kind(enum CXCursorKind k);
/* "std::thread::thread" for C++ members; the plain name in C. */
char *fc_qualified_name(CXCursor c);
int fc_declared_noreturn(struct ex *ex, CXCursor decl);
/* The callee index of function `decl`, added to the TU on first use. */
int32_t fc_callee_id(struct ex *ex, CXCursor decl);
/* The canonical spelling of a function type, through a pointer to it. */
uint32_t fc_function_type(struct ex *ex, CXType t);
unsigned fc_file_offset(CXSourceLocation l);
/* Calls visit for each token in r of the kinds (a set of FC_TOKEN bits)
 * until it returns nonzero. */
#define FC_TOKEN(kind) (1u << (kind))
void fc_tokens(struct ex *ex, CXSourceRange r, unsigned kinds,
               int (*visit)(void *ctx, const char *spelling, CXToken tok), void *ctx);
/* Looks through parentheses and implicit conversions. */
CXCursor fc_unwrap(CXCursor c);
/* An integer constant expression's value. */
int fc_const_value(CXCursor c, int64_t *out);

/* ---- the CFG under construction (extract_cfg.c) ------------------------ */

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

/* One function's builder. */
struct fb {
  struct ex *ex;
  FC_VEC(struct lblock) blocks;
  uint32_t cur;
  FC_VEC(uint32_t) brk;
  FC_VEC(uint32_t) cont;
  FC_VEC(struct switch_ctx) sw;
  FC_VEC(struct label) labels;
  FC_VEC(uint32_t) label_addrs;    /* blocks of labels whose address is taken */
  FC_VEC(uint32_t) computed_gotos; /* blocks that end in `goto *p` */
  struct fc_strtab vars; /* key -> variable id */
  FC_VEC(uint8_t) var_flags;
  uint32_t n_temps;
  unsigned depth;          /* of the walk, in statements and expressions */
  int too_deep;            /* the walk reached FC_MAX_DEPTH at too_deep_at */
  struct fc_loc too_deep_at;
};

/* The walk follows the AST, so its depth is the source's nesting depth. It
 * continues on a fresh stack every FC_SEGMENT levels, so any depth the
 * parser accepts is walked, up to FC_MAX_DEPTH levels (documented in the
 * README); deeper code is not analysed and the TU is reported incomplete. */
#define FC_SEGMENT 500u
#define FC_MAX_DEPTH 20000u
/* Runs step(arg) one level deeper; returns 0 (and does not run it) past the
 * limit. */
int fc_descend(struct fb *b, CXCursor at, void (*step)(void *arg), void *arg);

void fc_fb_init(struct fb *b, struct ex *ex);
/* Appends the built CFG's blocks, edges, events and variables to the TU and
 * frees the builder. */
void fc_fb_finish(struct fb *b, struct fc_function *f);
uint32_t fc_new_block(struct fb *b);
void fc_add_edge(struct fb *b, uint32_t from, uint32_t to, int32_t var, int test, int64_t value);
void fc_jump(struct fb *b, uint32_t to);
void fc_add_event(struct fb *b, struct fc_event ev);
/* An assignment, store or return: an event with a variable and no callee. */
struct fc_event fc_simple_event(enum fc_event_kind kind, int32_t var, struct fc_loc loc);
int32_t fc_intern_var(struct fb *b, const char *key, uint8_t flags);
int32_t fc_temp_var(struct fb *b);
uint8_t fc_storage_flags(CXCursor var_decl);
/* Ends the current block with edges to t when `var test value`, else to f. */
void fc_branch(struct fb *b, int32_t var, int test, int64_t value, uint32_t t, uint32_t f);
int fc_comparison_test(enum CXBinaryOperatorKind op);
int fc_swap_test(int t);
uint32_t fc_label_block(struct fb *b, CXCursor label_stmt);

/* ---- expressions (extract_expr.c) and statements (extract_stmt.c) ------ */

/* Emits the events of expression c; returns the variable that holds its
 * value afterwards (a variable read, a call result, an assignment target). */
int32_t fc_value_of(struct fb *b, CXCursor c);
/* Ends the current block with a branch on condition c to t or f. */
void fc_cond(struct fb *b, CXCursor c, uint32_t t, uint32_t f);
/* Evaluates every child of c as an expression. */
void fc_walk_kids(struct fb *b, CXCursor c);
/* Stores the value of rhs into var: a call's result goes straight in. */
void fc_store(struct fb *b, int32_t var, CXCursor rhs, CXCursor at);
void fc_stmt(struct fb *b, CXCursor c);

#endif
