/*
 * The stdout_unflushed fact: output written through stdio and still in a
 * stream's buffer. Within a function, writes (printf, puts, fprintf, fputs,
 * fwrite, putc ... to stdout or a FILE * variable) set a stream's bit;
 * fflush or fclose of it, or fflush(NULL), clear it. stdout's bit also flows
 * between functions: out of a function that may return with it set, and
 * into a function called with it set -- a fixpoint over the whole program,
 * computed at link. stderr is unbuffered and not tracked, nor is stdout when
 * the program makes it unbuffered or line buffered (setvbuf, setbuf,
 * setlinebuf).
 */
#ifndef FORKCHECK_UNFLUSHED_H
#define FORKCHECK_UNFLUSHED_H

#include <stdint.h>

#include "cfg.h"
#include "facts.h"

/* Bit 0: stdout; bits 1..7: FILE * variables of the function. */
#define FC_STREAMS 8
_Static_assert(FC_STREAMS <= 8, "a set of streams is one byte");

/* Why a stream's bit is set: an event of the function (the write, or the
 * call that leaves output), else the caller's output passed in. */
enum { FC_WHY_NONE, FC_WHY_EVENT, FC_WHY_ENTRY };
struct fc_unflushed_why {
  uint8_t kind;
  struct fc_ref ev; /* FC_WHY_EVENT */
};

/* A variable known to be zero or not (var -1: none). */
struct fc_unflushed_test {
  int32_t var;
  uint8_t nonzero;
};

enum { FC_UNFLUSHED_KNOWN = 4 };

struct fc_unflushed_at {
  uint8_t dirty; /* the streams holding output */
  uint8_t live;  /* some path reaches here */
  struct fc_unflushed_why why[FC_STREAMS];
  /* stdout holds output only where this holds: a function's result when it
   * returns with output on paths that return one constant, or the test
   * around the write (`if (verbose) printf(..)`). Tests of it on the way
   * drop the output from the paths where it does not hold. */
  struct fc_unflushed_test only_if;
  /* What the tests on the way said, and still holds, the latest first (var
   * -1 ends it): a join keeps what both ways know. */
  struct fc_unflushed_test known[FC_UNFLUSHED_KNOWN];
  int32_t vars[FC_STREAMS];       /* the FILE * variable of each stream bit */
};

/* The streams holding output when the call of fork site s is made. */
struct fc_unflushed_at fc_unflushed_before(const struct fc_program *p,
                                           const struct fc_fork_site *s);
/* The streams of `at` (in the fork's function) that an external call there
 * flushes: fflush(f) and fclose(f) flush f only; fflush(NULL), or a stream
 * that is not a variable, every one. */
unsigned fc_unflushed_flushed_by(const struct fc_program *p, const struct fc_unflushed_at *at,
                                 struct fc_ref call);
/* Why function f may return with output it wrote still in stdout's buffer. */
struct fc_unflushed_why fc_unflushed_returns(const struct fc_program *p, uint32_t f);
/* Function f may be called with stdout's buffer not empty: by call *from in
 * function *caller, and why it is not empty there (kind FC_WHY_NONE: never). */
struct fc_unflushed_why fc_unflushed_entry(const struct fc_program *p, uint32_t f,
                                           struct fc_ref *from, uint32_t *caller);

#endif
