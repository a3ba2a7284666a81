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
  FC_EV_ASSIGN, /* var overwritten by something that is not a call */
  FC_EV_RETURN, /* return; var is the returned variable, or -1 */
  FC_EV_STORE,  /* a store to memory (p->x = .., a[i] = .., *p = .., a global
                   = ..); var is the stored variable, or -1 */
};

struct fc_event {
  uint8_t kind;
  uint16_t n_args;
  int32_t var;       /* variable id within the function, -1 none */
  int32_t callee;    /* index into callees, -1 when indirect */
  uint32_t args;     /* first of n_args entries in fc_tu.args */
  struct fc_loc loc;
  uint32_t fn_type;  /* indirect calls: the called function type (string id) */
};

/* What a call argument is, as far as the rules care. */
enum fc_arg_kind {
  FC_ARG_OTHER,
  FC_ARG_VAR,     /* var; value: the name (string id) of a global, else FC_NO_STR */
  FC_ARG_NEG_VAR, /* -var */
  FC_ARG_CONST,   /* value: an integer constant (also (T *)1 such as SIG_IGN) */
  FC_ARG_FUNC,    /* value: callee index of a function named (its address) */
};

struct fc_arg {
  uint8_t kind;
  int32_t var;
  int64_t value;
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

struct fc_edge {
  uint32_t target; /* block index within the function */
  int32_t var;
  uint8_t test;
  int64_t value;
};

struct fc_block {
  uint32_t ev_first, ev_count;     /* into fc_tu.events */
  uint32_t edge_first, edge_count; /* into fc_tu.edges */
  struct fc_loc end;               /* the closing brace that ends it, if any */
};

/* Block 0 of every function is its entry, block 1 its exit. */
#define FC_ENTRY 0u
#define FC_EXIT 1u

enum {
  FC_FN_STATIC = 1u << 0,
  FC_FN_MAIN = 1u << 1,
  FC_FN_NORETURN = 1u << 2, /* declared noreturn */
};

enum {
  FC_VAR_GLOBAL = 1u << 0, /* global or static storage: outlives the call */
  FC_VAR_MEMORY = 1u << 1, /* a member or pointee (p->pid, *pid): stored in memory */
};

struct fc_function {
  uint32_t usr, name; /* string ids */
  struct fc_loc loc;
  uint32_t flags;
  uint32_t block_first, block_count; /* into fc_tu.blocks */
  uint32_t n_vars;
  uint32_t var_first;                /* n_vars flags in fc_tu.var_flags */
  uint32_t mentions;                 /* bit i: mentions.def entry i is in its text */
  uint32_t type;                     /* its canonical function type (string id) */
};

enum {
  FC_CALLEE_SYSTEM = 1u << 0,   /* declared in a system header */
  FC_CALLEE_NORETURN = 1u << 1, /* declared noreturn */
};

struct fc_callee {
  uint32_t usr, name; /* name: qualified for C++ ("std::thread::thread") */
  uint32_t flags;
};

enum {
  FC_TU_PYTHON = 1u << 0, /* includes Python.h */
  FC_TU_ERRORS = 1u << 1, /* clang reported errors; the summary is partial */
  FC_TU_FAILED = 1u << 2, /* could not be parsed at all */
};

struct fc_tu {
  char *path; /* the main file */
  uint32_t flags;
  struct fc_strtab strs;
  FC_VEC(struct fc_function) funcs;
  FC_VEC(struct fc_block) blocks;
  FC_VEC(struct fc_edge) edges;
  FC_VEC(struct fc_event) events;
  FC_VEC(struct fc_callee) callees;
  FC_VEC(struct fc_arg) args;   /* call arguments */
  FC_VEC(uint8_t) var_flags;    /* FC_VAR_* per function variable */
  FC_VEC(uint32_t) addr_taken;  /* callee ids whose address is taken */
  FC_VEC(char *) errors;        /* clang's errors, formatted */
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

/* A readable dump of the summary, for tests and debugging. */
void fc_tu_dump(const struct fc_tu *tu, FILE *out);

#endif
