/*
 * --fix leaves a file alone when it changed after the analysis: resolves a
 * fix-it on FILE, changes FILE, and applies; then resolves again and
 * applies; then changes FILE between the start of the analysis and the
 * check of the fix-its. Prints "N passed, M failed".
 * usage: forkcheck-fixit-test FILE   (FILE is overwritten)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixit.h"

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  fputs(text, f);
  fclose(f);
}

static int has(const char *path, const char *text) {
  size_t len;
  char *s = fc_read_file(path, &len);
  int yes = s && strcmp(s, text) == 0;
  free(s);
  return yes;
}

static void finding(struct fc_findings *f, const char *path) {
  struct fc_where at = {path, 2, 3};
  struct fc_finding *x = fc_report(f, "some-rule", at, "a finding");
  fc_fix_replace(x, at, "exit", "_exit");
}

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  const char *path = argv[1];
  unsigned passed = 0, failed = 0;
  struct fc_findings f = {0};
  write_file(path, "void g(void) {\n  exit(1);\n}\n");
  finding(&f, path);
  fc_fixits_resolve(&f);
  write_file(path, "void g(void) {\n  exit(1);\n}\nint changed;\n");
  int rc = fc_fixits_apply(&f, NULL);
  rc != 0 && has(path, "void g(void) {\n  exit(1);\n}\nint changed;\n") ? passed++ : failed++;
  fc_findings_free(&f);

  struct fc_findings g = {0};
  finding(&g, path);
  fc_fixits_resolve(&g);
  rc = fc_fixits_apply(&g, NULL);
  rc == 0 && has(path, "void g(void) {\n  _exit(1);\n}\nint changed;\n") ? passed++ : failed++;
  fc_findings_free(&g);

  /* Changed after the analysis began, before the fix-its were checked. */
  struct fc_file_states before = {0};
  write_file(path, "void g(void) {\n  exit(1);\n}\n");
  fc_file_states_add(&before, path);
  write_file(path, "void g(void) {\n  exit(1);\n}\nint later;\n");
  struct fc_findings k = {0};
  finding(&k, path);
  fc_fixits_resolve(&k);
  rc = fc_fixits_apply(&k, &before);
  rc != 0 && has(path, "void g(void) {\n  exit(1);\n}\nint later;\n") ? passed++ : failed++;
  fc_findings_free(&k);
  fc_file_states_free(&before);

  /* A fix-it whose old text is not in the source is not offered. */
  write_file(path, "void g(void) {\n  _exit(1);\n}\n");
  struct fc_findings h = {0};
  finding(&h, path);
  fc_fixits_resolve(&h);
  h.v.v[0].fixits.n == 0 ? passed++ : failed++;
  fc_findings_free(&h);
  printf("%u passed, %u failed\n", passed, failed);
  return failed != 0;
}
