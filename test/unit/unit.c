/*
 * Unit test of the CFG and the child region: extracts one file, links it,
 * and checks the markers in its comments against the computed regions:
 *
 *   // child        some event on this line runs in a fork's child
 *   // not-child    no event on this line runs in any fork's child
 *   // parent-exits the fork on this line is one whose parent ends the process
 *   // fork-source  the function defined on this line returns a fork's result
 *
 * usage: forkcheck-unit FILE [COMPILER-ARGS...]
 * Prints one line per failed marker and exits 1; prints "N markers ok" else.
 *
 * usage: forkcheck-unit --summary-layout
 * Checks that the summary format's layout is the one recorded for its version.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdb.h"
#include "driver.h"
#include "program.h"
#include "region.h"

struct lines {
  unsigned char *v;
  unsigned n;
};

static void mark(struct lines *l, unsigned line) {
  if (line >= l->n) {
    unsigned n = line + 64;
    l->v = fc_xrealloc(l->v, n);
    memset(l->v + l->n, 0, n - l->n);
    l->n = n;
  }
  l->v[line] = 1;
}

static int has(const struct lines *l, unsigned line) { return line < l->n && l->v[line]; }

static int visit(void *ctx, struct fc_ref ev, uint32_t block, unsigned state) {
  (void)block;
  struct fc_program *p = ((void **)ctx)[0];
  struct lines *child = ((void **)ctx)[1];
  if (state & FC_CHILD)
    mark(child, fc_event_at(p, ev)->loc.line);
  return 0;
}

/* The summary format's layout against the hash recorded for its version. */
static int summary_layout(void) {
  uint32_t hash, recorded, version;
  const char *text = fc_summary_layout(&hash, &recorded, &version);
  if (hash == recorded) {
    printf("summary format version %u: layout 0x%08x as recorded\n", version, hash);
    return 0;
  }
  printf("summary format version %u: layout 0x%08x, recorded 0x%08x: the tables in summary.h "
         "changed; add the next version with this hash to FC_SUMMARY_VERSIONS\n%s\n",
         version, hash, recorded, text);
  return 1;
}

int main(int argc, char **argv) {
  if (argc == 2 && !strcmp(argv[1], "--summary-layout"))
    return summary_layout();
  if (argc < 2) {
    fprintf(stderr, "usage: forkcheck-unit FILE [COMPILER-ARGS...]\n");
    return 2;
  }
  struct fc_jobs jobs = {0};
  fc_jobs_from_args(&argv[1], 1, argv + 2, argc - 2, &jobs);
  struct fc_tu **tus = fc_extract_jobs(&jobs, 1);
  if (tus[0]->flags & (FC_TU_ERRORS | FC_TU_FAILED)) {
    for (size_t e = 0; e < tus[0]->errors.n; e++)
      fprintf(stderr, "%s\n", tus[0]->errors.v[e]);
    return 2;
  }
  struct fc_knowledge *know = fc_knowledge_new(FC_PROFILE_LINUX);
  struct fc_program *p = fc_program_link(tus, 1, know, FC_THREADS_YES, 0);

  struct lines child = {0}, parent_exits = {0}, fork_source = {0};
  for (size_t i = 0; i < p->forks.n; i++) {
    struct fc_region r;
    fc_region_compute(p, &p->forks.v[i], &r);
    void *ctx[2] = {p, &child};
    fc_region_walk(p, &r, visit, ctx);
    if (r.parent_exits)
      mark(&parent_exits, fc_event_at(p, p->forks.v[i].call)->loc.line);
    fc_region_free(&r);
  }
  for (size_t f = 0; f < p->funcs.n; f++)
    if (p->funcs.v[f].fork_source)
      mark(&fork_source, p->funcs.v[f].fn->loc.line);

  FILE *src = fopen(argv[1], "r");
  if (!src) {
    perror(argv[1]);
    return 2;
  }
  char buf[4096];
  unsigned line = 0, checked = 0, failed = 0;
  while (fgets(buf, sizeof buf, src)) {
    line++;
    const char *m = strstr(buf, "// ");
    if (!m)
      continue;
    m += 3;
    int ok;
    if (!strncmp(m, "not-child", 9))
      ok = !has(&child, line);
    else if (!strncmp(m, "child", 5))
      ok = has(&child, line);
    else if (!strncmp(m, "parent-exits", 12))
      ok = has(&parent_exits, line);
    else if (!strncmp(m, "fork-source", 11))
      ok = has(&fork_source, line);
    else
      continue;
    checked++;
    if (!ok) {
      failed++;
      printf("%s:%u: marker not satisfied: %s", argv[1], line, m);
    }
  }
  fclose(src);
  printf("%u markers, %u failed\n", checked, failed);
  fc_program_free(p);
  fc_knowledge_free(know);
  fc_tu_free(tus[0]);
  free(tus);
  fc_jobs_free(&jobs);
  free(child.v);
  free(parent_exits.v);
  free(fork_source.v);
  return failed || !checked ? 1 : 0;
}
