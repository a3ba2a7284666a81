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
/* __attribute__((destructor)), spelled or through a macro: run by exit(). */
int fc_declared_destructor(struct ex *ex, CXCursor decl);
int fc_declared_constructor(struct ex *ex, CXCursor decl);
/* A variable of static storage whose C++ class has a destructor (its own,
 * or a member's or a base's): exit() runs it. */
int fc_destroyed_at_exit(CXCursor var);
/* The callee index of function `decl`, added to the TU on first use. */
int32_t fc_callee_id(struct ex *ex, CXCursor decl);
/* The canonical spelling of a function type, through a pointer to it. */
uint32_t fc_function_type(struct ex *ex, CXType t);
unsigned fc_file_offset(CXSourceLocation l);
/* The range from begin to end as written in the file, both ends taken at
 * their expansion; a null range when they are in different files. */
CXSourceRange fc_file_range(struct ex *ex, CXSourceLocation begin, CXSourceLocation end);
/* A cursor's extent as written in the file. */
CXSourceRange fc_cursor_file_range(struct ex *ex, CXCursor c);
/* Calls visit for each token in r of the kinds (a set of FC_TOKEN bits)
 * until it returns nonzero. */
#define FC_TOKEN(kind) (1u << (kind))
void fc_tokens(struct ex *ex, CXSourceRange r, unsigned kinds,
               int (*visit)(void *ctx, const char *spelling, CXToken tok), void *ctx);
/* Looks through parentheses and implicit conversions. */
CXCursor fc_unwrap(CXCursor c);
/* An integer constant expression's value. */
int fc_const_value(CXCursor c, int64_t *out);
/* Is u `c ? x : y`? */
int fc_is_choice(CXCursor u);

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

/* The walk is iterative (extract_walk.c): a stack of tasks, each a step of
 * it. A sequence of steps is pushed between fc_seq and fc_seq_end and runs
 * in the order pushed; a step that yields a value leaves it in fb.ret. */
enum fc_op {
  FC_OP_STMT,          /* c */
  FC_OP_VALUE,         /* c; ret: the variable that holds its value, or -1 */
  FC_OP_COND,          /* c; ends the current block with a branch to t or f */
  FC_OP_STORE,         /* the value of c into var; assignment at `at` */
  FC_OP_CUR,           /* the current block becomes t */
  FC_OP_JUMP,          /* an edge from the current block to t */
  FC_OP_RET,           /* ret = var */
  FC_OP_BRANCH,        /* fc_branch on ret (flags) or on nothing, by test and value */
  FC_OP_EVENT,         /* an event of kind `test` at c for ret (FC_EVENT_IF_VAR) */
  FC_OP_ASSIGN,        /* an assignment of var at c: of ret when flags has
                          FC_ASSIGN_COPY, of value with FC_ASSIGN_CONST */
  FC_OP_LOOP,          /* break goes to t and continue to f until FC_OP_LOOP_END */
  FC_OP_LOOP_END,
  FC_OP_ARG,           /* argument i of the call rec (extract_expr.c) */
  FC_OP_ARG_DONE,      /* what argument var of the call rec is, from ret */
  FC_OP_CALL_EVENT,    /* the event of the call rec */
  FC_OP_DECL,          /* variable c initialised with at (extract_stmt.c) */
  FC_OP_FOR_HEAD,      /* the loop of the for statement rec */
  FC_OP_SWITCH,        /* a switch on ret with body c */
  FC_OP_SWITCH_END,    /* the end of the switch, t its exit */
  FC_OP_END_LOC,       /* the current block ends at c's closing brace */
  FC_OP_RETURN,        /* a return of ret at c, with the constant c returns, if any */
  FC_OP_COMPUTED_GOTO, /* goto *p */
};

/* FC_OP_EVENT only when ret is a variable; FC_EVENT_KEEP: a store whose
 * target (c's first child) and value are kept for a read right after it */
enum { FC_EVENT_IF_VAR = 1, FC_EVENT_KEEP = 2 };
enum { FC_ASSIGN_COPY = 1, FC_ASSIGN_CONST = 2 };

struct fc_task {
  uint8_t op, test;
  uint16_t flags;
  int32_t var;
  uint32_t t, f;
  unsigned depth; /* of nesting, for FC_MAX_DEPTH */
  int64_t value;
  size_t i;
  CXCursor c, at;
  void *rec; /* the state of a call or a for statement */
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
  FC_VEC(uint32_t) var_storage; /* per variable: its storage's name (summary.h) */
  uint32_t n_temps;
  FC_VEC(struct fc_task) tasks;
  unsigned seq_open;       /* sequences open (fc_seq), the outermost from seq_mark */
  size_t seq_mark;
  int32_t ret;             /* the value of the last FC_OP_VALUE */
  uint32_t n_events;       /* events added so far */
  /* The last store into memory no variable names (`kids[i].pid = fork()`):
   * its target, the variable stored, and where it was made, so that a test
   * of the same place right after it tests that variable. */
  CXCursor kept_lhs;
  int32_t kept_var;
  uint32_t kept_at, kept_block;
  unsigned depth;          /* of the step being run */
  int too_deep;            /* a step past FC_MAX_DEPTH was skipped at too_deep_at */
  struct fc_loc too_deep_at;
};

/* Nesting deeper than this (documented in the README) is not analysed, and
 * the TU is reported incomplete: it bounds the memory hostile input takes. */
#define FC_MAX_DEPTH 50000u

size_t fc_seq(struct fb *b);
void fc_seq_end(struct fb *b, size_t mark);
void fc_push(struct fb *b, struct fc_task t);
void fc_push_op(struct fb *b, enum fc_op op, uint32_t t);
void fc_push_cursor(struct fb *b, enum fc_op op, CXCursor c);
void fc_push_cond(struct fb *b, CXCursor c, uint32_t t, uint32_t f);
void fc_push_ret(struct fb *b, int32_t var);
/* Every child of c as a value, then ret = -1. */
void fc_push_kids(struct fb *b, CXCursor c);
/* Walks a function body into the builder. */
void fc_walk(struct fb *b, CXCursor body);
/* A jump to target (none when target is UINT32_MAX), then code that only a
 * label can reach. */
void fc_jump_away(struct fb *b, uint32_t target);

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
/* An assignment or return whose value is known (summary.h): a constant, or
 * a copy of a variable. */
void fc_add_valued_event(struct fb *b, enum fc_event_kind kind, int32_t var, struct fc_arg value,
                         struct fc_loc loc);
int32_t fc_intern_var(struct fb *b, const char *key, uint8_t flags);
/* Names the storage variable id is (summary.h: var_storage). */
void fc_name_storage(struct fb *b, int32_t id, const char *storage);
int32_t fc_temp_var(struct fb *b);
uint8_t fc_storage_flags(CXCursor var_decl);
/* Ends the current block with edges to t when `var test value`, else to f. */
void fc_branch(struct fb *b, int32_t var, int test, int64_t value, uint32_t t, uint32_t f);
int fc_comparison_test(enum CXBinaryOperatorKind op);
int fc_swap_test(int t);
uint32_t fc_label_block(struct fb *b, CXCursor label_stmt);

/* ---- function pointers (extract_ptr.c) --------------------------------- */

/* The key (summary.h, FC_FN_STORE_FIELDS) of the pointer that call calls
 * through (callee: the callee expression): a string id, or FC_NO_STR. */
uint32_t fc_pointer_key(struct ex *ex, CXCursor callee);
/* `lhs = rhs` stores a function's address: recorded. */
void fc_note_fn_store(struct ex *ex, CXCursor lhs, CXCursor rhs);
/* The functions a variable's initializer stores, into it or into fields. */
void fc_note_initializer(struct ex *ex, CXCursor var_decl);

/* ---- expressions (extract_expr.c) and statements (extract_stmt.c) ------ */

/* Each expands the step it is named after into the CFG and further steps. */
void fc_expand_value(struct fb *b, CXCursor c);
void fc_expand_cond(struct fb *b, CXCursor c, uint32_t t, uint32_t f);
void fc_expand_store(struct fb *b, int32_t var, CXCursor rhs, CXCursor at);
/* A comparison or a negation: a value that is 1 or 0. */
int fc_is_truth_value(CXCursor u);
void fc_call_step(struct fb *b, const struct fc_task *t);
void fc_expand_stmt(struct fb *b, CXCursor c);
void fc_stmt_step(struct fb *b, const struct fc_task *t);

#endif
