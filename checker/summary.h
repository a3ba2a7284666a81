/*
 * The summary of one translation unit: what it defines, as plain arrays of
 * plain structs that refer to each other by index. No pointer into libclang
 * survives extraction, so a summary can be written to a file, cached, or made
 * on another machine, and the TU it came from is disposed at once.
 *
 * Each function defined in the TU carries its control-flow graph: blocks of
 * events (calls, assignments, returns) in evaluation order, and edges that may
 * carry a test of a variable against an integer constant. That is all the
 * child-region and thread analyses need, and they run after linking, because
 * whether a call forks can depend on a function defined in another TU.
 */
#ifndef FORKCHECK_SUMMARY_H
#define FORKCHECK_SUMMARY_H

#include <stdint.h>
#include <stdio.h>

#include "strtab.h"
#include "vec.h"

struct fc_loc {
  uint32_t file; /* string id */
  uint32_t line, col;
};

enum fc_event_kind {
  FC_EV_CALL,   /* callee (or indirect); result stored into var, if any */
  FC_EV_ASSIGN, /* var overwritten by something that is not a call; one
                   argument when the value is known: FC_ARG_CONST, or
                   FC_ARG_VAR for a copy of that variable */
  FC_EV_RETURN, /* return; var is the returned variable, or -1, and then
                   one FC_ARG_CONST argument when a constant is returned */
  FC_EV_STORE,  /* a store to memory (p->x = .., a[i] = .., *p = .., a global
                   = ..); var is the stored variable, or -1 */
};

/* What a call argument is, as far as the rules care. */
enum fc_arg_kind {
  FC_ARG_OTHER,
  FC_ARG_VAR,     /* var; value: the name (string id) of a global, else FC_NO_STR */
  FC_ARG_NEG_VAR, /* -var */
  FC_ARG_CONST,   /* value: an integer constant (also (T *)1 such as SIG_IGN) */
  FC_ARG_FUNC,    /* value: callee index of a function named (its address) */
  FC_ARG_ADDR,    /* &var: the address of a variable or tracked member (&s->lock) */
  FC_ARG_VAR_PLUS, /* var + value: an assignment's `x++` (1), `x--` (-1) */
  FC_ARG_STR,      /* a string literal the analysis asks about (a null device's path,
                      data/fd-replace.def); value: its text (string id) */
};

/* An edge is taken when `var TEST value` holds (always, for FC_T_ALWAYS). */
enum fc_test {
  FC_T_ALWAYS,
  FC_T_EQ, FC_T_NE, FC_T_LT, FC_T_GT, FC_T_LE, FC_T_GE,
  /* A switch's default: value is the set of case labels among {0, -1}:
   * bit 0 set when `case 0` exists, bit 1 when `case -1` exists. */
  FC_T_DEFAULT,
};

/* Does `x TEST v` hold? (FC_T_ALWAYS and FC_T_DEFAULT: always) */
int fc_test_holds(int test, int64_t x, int64_t v);
/* Can `x TEST v` hold for some x that is not 0 (what a test lets through of
 * a value known only to be non-zero)? Every test but `x == 0` can. */
int fc_test_holds_nonzero(int test, int64_t v);

/* Block 0 of every function is its entry, block 1 its exit. */
#define FC_ENTRY 0u
#define FC_EXIT 1u

enum {
  FC_FN_STATIC = 1u << 0,
  FC_FN_MAIN = 1u << 1,
  FC_FN_NORETURN = 1u << 2, /* declared noreturn */
  FC_FN_DESTRUCTOR = 1u << 3, /* __attribute__((destructor)): exit() runs it */
  FC_FN_CONSTRUCTOR = 1u << 4, /* __attribute__((constructor)): runs before main */
};

enum {
  FC_VAR_GLOBAL = 1u << 0, /* global or static storage: outlives the call */
  FC_VAR_MEMORY = 1u << 1, /* a member or pointee (p->pid, *pid): stored in memory */
  FC_VAR_PARAM = 1u << 2,  /* parameter v of the function: the parameters are its
                              first variables, in order */
  FC_VAR_VOLATILE = 1u << 3, /* a global declared volatile (a flag a signal handler
                                sets): no test of it holds at the next */
};

enum {
  FC_CALLEE_SYSTEM = 1u << 0,   /* declared in a system header */
  FC_CALLEE_NORETURN = 1u << 1, /* declared noreturn */
  FC_CALLEE_COMPILER = 1u << 2, /* the compiler's own: a builtin it declares itself
                                   (__atomic_*, __sync_*), or a function defined in its
                                   own headers (the intrinsics of x86intrin.h) */
};

enum {
  FC_TU_PYTHON = 1u << 0, /* includes Python.h */
  FC_TU_ERRORS = 1u << 1, /* clang reported errors; the summary is partial */
  FC_TU_FAILED = 1u << 2, /* could not be parsed at all */
  FC_TU_STATIC_DTORS = 1u << 3, /* C++ objects of static storage with destructors,
                                   which exit() runs */
};

/*
 * The format, once: every record's fields in the order they are stored and
 * written. The structs, the writer, the reader, the reader's checks and the
 * dump (summary_io.c) are generated from these lines.
 *
 *   F(C type, field, wire, check, a, b)
 *
 * wire: U8; U16 (written as 4 bytes); U32; I32 (as U32); I64 (as 8 bytes);
 *       LOC (file, line, col: 3 x U32); STR (U32 length, then the bytes).
 * check, what the reader requires of the value (f: the enclosing function):
 *   ANY       nothing
 *   STR       a string id;            STR_OPT: or FC_NO_STR
 *   LOC       its file is STR_OPT
 *   MAX       at most a
 *   VAR       a variable of f, or -1
 *   BLOCK     a block of f
 *   CALLEE    a callee index;         CALLEE_OPT: or -1
 *   CALLEE_IF a callee index when field a is b
 *   SPAN      the value entries from field a lie inside table b
 *   CFG       a SPAN of at least the entry and the exit block
 */
#define FC_FUNCTION_FIELDS(F)                                                                \
  F(uint32_t, usr, U32, STR, , )                                                             \
  F(uint32_t, name, U32, STR, , )                                                            \
  F(struct fc_loc, loc, LOC, LOC, , )                                                        \
  F(uint32_t, flags, U32, ANY, , )           /* FC_FN_* */                                   \
  F(uint32_t, block_first, U32, ANY, , )                                                     \
  F(uint32_t, block_count, U32, CFG, block_first, blocks)                                    \
  F(uint32_t, n_vars, U32, SPAN, var_first, var_flags)                                       \
  F(uint32_t, var_first, U32, ANY, , )                                                       \
  F(uint32_t, mentions, U32, ANY, , )        /* bit i: mentions.def entry i is in its text */ \
  F(uint32_t, type, U32, STR_OPT, , )        /* its canonical function type */

#define FC_BLOCK_FIELDS(F)                                                                   \
  F(uint32_t, ev_first, U32, ANY, , )                                                        \
  F(uint32_t, ev_count, U32, SPAN, ev_first, events)                                         \
  F(uint32_t, edge_first, U32, ANY, , )                                                      \
  F(uint32_t, edge_count, U32, SPAN, edge_first, edges)                                      \
  F(struct fc_loc, end, LOC, LOC, , )        /* the closing brace that ends it, if any */

#define FC_EDGE_FIELDS(F)                                                                    \
  F(uint32_t, target, U32, BLOCK, , )                                                        \
  F(int32_t, var, I32, VAR, , )                                                              \
  F(uint8_t, test, U8, MAX, FC_T_DEFAULT, )  /* enum fc_test */                              \
  F(int64_t, value, I64, ANY, , )

#define FC_EVENT_FIELDS(F)                                                                   \
  F(uint8_t, kind, U8, MAX, FC_EV_STORE, )   /* enum fc_event_kind */                        \
  F(uint16_t, n_args, U16, SPAN, args, args)                                                 \
  F(int32_t, var, I32, VAR, , )                                                              \
  F(int32_t, callee, I32, CALLEE_OPT, , )    /* -1 when indirect */                          \
  F(uint32_t, args, U32, ANY, , )            /* the first of n_args in fc_tu.args */         \
  F(struct fc_loc, loc, LOC, LOC, , )                                                        \
  F(uint32_t, fn_type, U32, STR_OPT, , )     /* indirect calls: the called function type */ \
  F(uint32_t, via, U32, STR_OPT, , )         /* indirect calls: the pointer's key (below) */

#define FC_CALLEE_FIELDS(F)                                                                  \
  F(uint32_t, usr, U32, STR, , )                                                             \
  F(uint32_t, name, U32, STR, , )            /* qualified in C++ ("std::thread::thread") */  \
  F(uint32_t, flags, U32, ANY, , )           /* FC_CALLEE_* */

/* A function's address stored where a pointer key names it. Keys: "g:" and
 * the USR of a global variable (of a global array: its elements, called as
 * `table[i]()`), "f:" and the USR of a struct field, "p:N"
 * the enclosing function's parameter N (calls only: the stores of a
 * parameter are the arguments at the call sites). */
#define FC_FN_STORE_FIELDS(F)                                                                \
  F(uint32_t, key, U32, STR, , )                                                             \
  F(uint32_t, callee, U32, CALLEE, , )

/* A pointer key that holds what a parameter receives: `hook = fn;` with fn
 * a parameter of the storing function (a setter). from: "p:" USR ":N",
 * parameter N of the function of that USR, as the link names the
 * arguments given to it at its direct calls (pointers.c). */
#define FC_FN_ALIAS_FIELDS(F)                                                                \
  F(uint32_t, key, U32, STR, , )                                                             \
  F(uint32_t, from, U32, STR, , )

#define FC_ARG_FIELDS(F)                                                                     \
  F(uint8_t, kind, U8, MAX, FC_ARG_STR, ) /* enum fc_arg_kind */                        \
  F(int32_t, var, I32, VAR, , )                                                              \
  F(int64_t, value, I64, CALLEE_IF, kind, FC_ARG_FUNC)

/* A file parsed, with a hash of its bytes then: a later run shows its lines
 * only while they are still the same. */
#define FC_SOURCE_FIELDS(F)                                                                  \
  F(uint32_t, file, U32, STR, , )                                                            \
  F(int64_t, hash, I64, ANY, , )

/* An integer macro of data/macros.def defined in the TU, and its value. */
#define FC_MACRO_FIELDS(F)                                                                   \
  F(uint32_t, name, U32, STR, , )                                                            \
  F(int64_t, value, I64, ANY, , )

/* var_storage: the storage a global or member variable names, the same in
 * every function and TU: a global's USR, or "f:" and the USR of a member's
 * field (`cmd->pid` and `c->pid` alike); FC_NO_STR for a local and for a
 * member of a local struct, which die with the function. A fork result left
 * there is read by other functions. */

/* The TU's tables in file order: R(record, table, fields) for tables of
 * records, S(table, C type, wire, check) for tables of single values. */
#define FC_TU_TABLES(R, S)                                                                   \
  R(function, funcs, FC_FUNCTION_FIELDS)                                                     \
  R(block, blocks, FC_BLOCK_FIELDS)                                                          \
  R(edge, edges, FC_EDGE_FIELDS)                                                             \
  R(event, events, FC_EVENT_FIELDS)                                                          \
  R(callee, callees, FC_CALLEE_FIELDS)                                                       \
  R(arg, args, FC_ARG_FIELDS)                /* call arguments */                            \
  R(fn_store, fn_stores, FC_FN_STORE_FIELDS) /* function addresses stored */                 \
  R(fn_alias, fn_aliases, FC_FN_ALIAS_FIELDS) /* parameters stored under a key */            \
  S(var_flags, uint8_t, U8, ANY)             /* FC_VAR_* per function variable */            \
  S(var_storage, uint32_t, U32, STR_OPT)     /* per variable: its storage's name, above */   \
  S(addr_taken, uint32_t, U32, CALLEE)       /* callees whose address is taken */            \
  S(errors, char *, STR, ANY)                /* clang's errors, formatted */              \
  R(source, sources, FC_SOURCE_FIELDS)       /* the main file, when written to disk */    \
  S(includes, char *, STR, ANY)              /* every file included: the cache's check */ \
  R(macro, macros, FC_MACRO_FIELDS)          /* data/macros.def's macros defined */

/* Every layout the format has had, oldest first; the last is written and
 * read. A change to the tables above changes the layout's hash, and
 * test/unit/summary-layout.test fails until a line with the next version and
 * the new hash is added here. A new meaning of the same fields takes a new
 * version too (7: FC_FN_DESTRUCTOR and FC_TU_STATIC_DTORS among the flags;
 * 8: `return c ? x : y` returns a temporary that each side stores; 9:
 * FC_VAR_VOLATILE among the variable flags; 10: FC_ARG_VAR_PLUS; 11:
 * FC_FN_CONSTRUCTOR; 12: SIGCLD sets the SIGCHLD mention; 13: FC_ARG_STR; 14: a test of
 * open("/dev/null")'s failure has one way: data/cannot-fail.def; 15: fn_aliases; 16: a call
 * through a local that only holds its initializer takes the initializer's key; 17: a
 * test of an array element just stored tests the variable stored; 18:
 * FC_CALLEE_COMPILER; 19: clang's errors about an attribute's form only are
 * notes in `errors`, without FC_TU_ERRORS). */
#define FC_SUMMARY_VERSIONS(V)                                                               \
  V(1, 0x74e20475u) V(2, 0x0ea4b6dcu) V(3, 0xd93496e8u) V(4, 0x9f99de08u) V(5, 0x992e95f1u)   \
  V(6, 0xfdb557dfu) V(7, 0xfdb557dfu) V(8, 0xfdb557dfu) V(9, 0xfdb557dfu) V(10, 0xfdb557dfu) \
  V(11, 0xfdb557dfu) V(12, 0xfdb557dfu) V(13, 0xfdb557dfu) \
  V(14, 0xfdb557dfu) V(15, 0x68fc4acbu) V(16, 0x68fc4acbu) V(17, 0x68fc4acbu) \
  V(18, 0x68fc4acbu) V(19, 0x68fc4acbu)

#define FC_FIELD_DECL(type, field, wire, check, a, b) type field;
#define FC_RECORD_DECL(rec, table, FIELDS) struct fc_##rec { FIELDS(FC_FIELD_DECL) };
#define FC_NO_DECL(...)
FC_TU_TABLES(FC_RECORD_DECL, FC_NO_DECL)

struct fc_tu {
  char *path; /* the main file */
  uint32_t flags;
  struct fc_strtab strs;
#define FC_RECORD_TABLE(rec, table, FIELDS) FC_VEC(struct fc_##rec) table;
#define FC_VALUE_TABLE(table, type, wire, check) FC_VEC(type) table;
  FC_TU_TABLES(FC_RECORD_TABLE, FC_VALUE_TABLE)
#undef FC_RECORD_TABLE
#undef FC_VALUE_TABLE
};

struct fc_tu *fc_tu_new(const char *path);
void fc_tu_free(struct fc_tu *tu);
void fc_tu_add_error(struct fc_tu *tu, const char *msg);

static inline const struct fc_block *fc_fn_block(const struct fc_tu *tu,
                                                 const struct fc_function *fn,
                                                 uint32_t b) {
  return &tu->blocks.v[fn->block_first + b];
}

/* The identifiers whose presence in a function's text is recorded. */
enum fc_mention {
#define FC_MENTION(name) FC_MENTION_##name,
#include "mentions.def"
#undef FC_MENTION
  FC_MENTION_COUNT
};

/* The summary on disk (summary_io.c): write returns 0 or -EIO; read returns
 * NULL with *error (to free) naming what is wrong with the bytes. */
int fc_tu_write(const struct fc_tu *tu, FILE *f);
struct fc_tu *fc_tu_read(const void *data, size_t size, char **error);

/* The layout the tables describe, as text; *hash is its hash, *recorded the
 * hash recorded for the version written (*version). They differ when the
 * tables changed without a new line in FC_SUMMARY_VERSIONS. */
const char *fc_summary_layout(uint32_t *hash, uint32_t *recorded, uint32_t *version);

/* A readable dump of the summary, for tests and debugging. */
void fc_tu_dump(const struct fc_tu *tu, FILE *out);

#endif
