/* Findings: what rules report, sorted and de-duplicated before emitting. */
#ifndef FORKCHECK_DIAG_H
#define FORKCHECK_DIAG_H

#include <stdio.h>

#include "cfg.h"
#include "vec.h"

/* What a note is to its finding, for outputs that give it structure (SARIF's
 * code flows). */
enum fc_note_role {
  FC_NOTE_RELATED, /* a place or a remedy that explains the finding */
  FC_NOTE_ORIGIN,  /* where the path to the finding starts: the fork site */
  FC_NOTE_STEP,    /* one hop of the call chain from the finding down */
  FC_NOTE_ALSO,    /* another place of the same defect, which the finding
                      covers: a finding that yields to its rule there yields */
};

struct fc_note {
  char *file;
  unsigned line, col;
  char *msg;
  enum fc_note_role role;
  unsigned chain; /* FC_NOTE_STEP: which of the finding's chains, from 0 */
};

/* A fix-it: the text from line:col up to end_line:end_col (1-based byte
 * columns, end excluded) becomes `text`. Rules ask for one through
 * fc_fix_replace/fc_fix_include; fc_fixits_resolve checks it against the
 * source and drops what does not fit. */
struct fc_fixit {
  char *file;
  unsigned line, col, end_line, end_col;
  char *old;       /* the text replaced, as the rule expects it */
  char *text;      /* the new text */
  int include;     /* an #include of `text`, placed where the includes are */
  uint64_t source; /* hash of the file as analysed */
};

struct fc_finding {
  const char *rule;
  const char *severity;
  char *file;
  unsigned line, col;
  char *msg;
  FC_VEC(struct fc_note) notes;
  int suppressed; /* by a NOLINT comment at its location */
  FC_VEC(struct fc_fixit) fixits;
  size_t seq;     /* the order it was reported in */
  char *key;      /* file as a canonical path (fc_findings_sort): one file
                     reached by two spellings (src/x.c and test/../src/x.c,
                     a test that #includes it) is one place */
  /* The rule whose finding at the same place, when there is one among the
   * findings kept, takes this one's place: one call, one finding. With
   * yield_note (1-based), the place is that note's: the other rule's finding
   * there fixes this one with the same change. */
  const char *yields_to;
  size_t yield_note;
  /* Also yields to a finding of rule also_yields_to with a note of its own
   * at the place of note also_note (1-based): it names the same cause (the
   * write whose output is copied), and its fix removes this one. */
  const char *also_yields_to;
  size_t also_note;
};

struct fc_findings {
  FC_VEC(struct fc_finding) v;
  const struct fc_strtab *sources; /* files whose lines text may show; NULL: any */
};

/* Where the text of the files findings point into comes from, for the
 * steps that read it (NOLINT, fix-its): like fc_read_file, a NUL-terminated
 * copy to free, or NULL. The language server gives the editor's buffers. */
typedef char *fc_source_reader(const char *path, size_t *len, void *arg);

/* A location in the program, for findings: the event's or function's. */
struct fc_where {
  const char *file;
  unsigned line, col;
};

struct fc_where fc_where_loc(const struct fc_program *p, uint32_t tu, struct fc_loc loc);
struct fc_where fc_where_event(const struct fc_program *p, struct fc_ref ev);
/* Is file:line:col the place `at` (a finding's or a note's)? */
int fc_where_is(struct fc_where at, const char *file, unsigned line, unsigned col);
struct fc_where fc_where_func(const struct fc_program *p, uint32_t func);
/* The closing brace that ends block b of function func (see fc_block_end). */
struct fc_where fc_where_block_end(const struct fc_program *p, uint32_t func, uint32_t b);

struct fc_finding *fc_report(struct fc_findings *out, const char *rule, struct fc_where at,
                             const char *fmt, ...) __attribute__((format(printf, 4, 5)));
struct fc_note *fc_note(struct fc_finding *f, struct fc_where at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Fix-it: replace `old`, which starts at `at`, with `text`. */
void fc_fix_replace(struct fc_finding *f, struct fc_where at, const char *old, const char *text);
/* Fix-it: `#include <header>` in at's file, when it does not include it. */
void fc_fix_include(struct fc_finding *f, struct fc_where at, const char *header);

/* Orders by file, line, column, rule and message, and drops repeats: of
 * identical findings (another fork site's, say) the first reported stays,
 * with its notes. */
void fc_findings_sort(struct fc_findings *out);
void fc_findings_free(struct fc_findings *out);
/* Drops each finding whose yields_to rule has a finding at its place (or
 * its yield_note's), or one that covers the place with a note
 * (FC_NOTE_ALSO); the findings are sorted (fc_findings_sort). */
void fc_findings_yield(struct fc_findings *out);
/* Drops the findings `keep` says no to. */
void fc_findings_keep(struct fc_findings *out, int (*keep)(const struct fc_finding *, void *),
                      void *arg);

/* What SARIF says about the run besides its findings. */
struct fc_run_report {
  const char *srcroot;   /* absolute, ending in '/': %SRCROOT% */
  FC_VEC(char *) errors; /* one line per input error, as printed */
  FC_VEC(char *) notes;  /* one line per note about the input (clang's errors about an
                            attribute's form only), as printed */
};

/* PATH made absolute (symbolic links resolved when it exists). */
char *fc_absolute_path(const char *path);
/* %SRCROOT%: DIR, or else the repository around the working directory, or
 * else the working directory; absolute, ending in '/'. */
char *fc_sarif_srcroot(const char *dir);

void fc_emit_text(FILE *out, const struct fc_findings *f, int color);
int fc_emit_json(FILE *out, const struct fc_findings *f);
int fc_emit_sarif(FILE *out, const struct fc_findings *f, const struct fc_run_report *run);

#endif
