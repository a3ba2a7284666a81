/* Source analysis: the bytes as a C file given to libclang as an unsaved
 * file (nothing is written), summarised (checker/extract.c), the summary
 * written and read back, then linked and analysed by every rule. */
#include "config.h"
#include "driver.h"
#include "extract.h"
#include "fuzz.h"
#include "summary.h"

#include <stdio.h>
#include <stdlib.h>

static struct fc_configs *configs(void) {
  static struct fc_configs *cfgs;
  if (!cfgs)
    cfgs = fc_configs_new(fuzz_write("empty.forkcheck", (const uint8_t *)"", 0), NULL);
  return cfgs;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static CXIndex index;
  if (!index)
    index = clang_createIndex(0, 0);
  static const char path[] = "/forkcheck-fuzz/input.c";
  struct CXUnsavedFile file = {path, (const char *)data, (unsigned long)size};
  static const char *const args[] = {"-xc", "-std=gnu11", "-w", "-ferror-limit=0"};
  struct fc_tu *tu = fc_extract_unsaved(index, path, args, 4, &file, 1);
  char *buf = NULL, *error = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f || fc_tu_write(tu, f) != 0 || fclose(f) != 0)
    abort();
  struct fc_tu *again = fc_tu_read(buf, len, &error);
  if (!again)
    abort(); /* every summary extraction makes must read back */
  free(buf);
  struct fc_findings findings = {0};
  fc_analyse(&again, 1, configs(), &findings);
  fc_findings_free(&findings);
  fc_tu_free(again);
  fc_tu_free(tu);
  return 0;
}
