/* Findings: what rules report, sorted and de-duplicated before emitting. */
#ifndef FORKCHECK_DIAG_H
#define FORKCHECK_DIAG_H

#include <stdio.h>

#include "program.h"
#include "vec.h"

struct fc_note {
  char *file;
  unsigned line, col;
  char *msg;
};

struct fc_finding {
  const char *rule;
  const char *severity;
  char *file;
  unsigned line, col;
  char *msg;
  FC_VEC(struct fc_note) notes;
};

struct fc_findings {
  FC_VEC(struct fc_finding) v;
};

/* A location in the program, for findings: the event's or function's. */
struct fc_where {
  const char *file;
  unsigned line, col;
};

struct fc_where fc_where_loc(const struct fc_program *p, uint32_t tu, struct fc_loc loc);
struct fc_where fc_where_event(const struct fc_program *p, struct fc_ref ev);
struct fc_where fc_where_func(const struct fc_program *p, uint32_t func);

struct fc_finding *fc_report(struct fc_findings *out, const char *rule, struct fc_where at,
                             const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void fc_note(struct fc_finding *f, struct fc_where at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Orders by file, line, column, rule and drops exact repeats. */
void fc_findings_sort(struct fc_findings *out);
void fc_findings_free(struct fc_findings *out);
/* Drops the findings `keep` says no to. */
void fc_findings_keep(struct fc_findings *out, int (*keep)(const struct fc_finding *, void *),
                      void *arg);

void fc_emit_text(FILE *out, const struct fc_findings *f, int color);
int fc_emit_json(FILE *out, const struct fc_findings *f);

#endif
