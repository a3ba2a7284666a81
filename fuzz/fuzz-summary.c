/* The summary reader (checker/summary_io.c) on any bytes, as a .fcs file or
 * a cache entry (checker/cache.c: its header, then a summary) would give
 * them: a summary it accepts is written back and read again to the same
 * bytes, then linked and analysed by every rule. */
#include "cache.h"
#include "config.h"
#include "driver.h"
#include "fuzz.h"
#include "summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fc_configs *configs(void) {
  static struct fc_configs *cfgs;
  if (!cfgs) /* an empty configuration file: nothing is read from the tree */
    cfgs = fc_configs_new(fuzz_write("empty.forkcheck", (const uint8_t *)"", 0), NULL);
  return cfgs;
}

static void round_trip(const struct fc_tu *tu) {
  char *buf = NULL, *error = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f || fc_tu_write(tu, f) != 0 || fclose(f) != 0)
    abort();
  struct fc_tu *again = fc_tu_read(buf, len, &error);
  if (!again)
    abort(); /* what we write, we must read */
  char *buf2 = NULL;
  size_t len2 = 0;
  f = open_memstream(&buf2, &len2);
  if (!f || fc_tu_write(again, f) != 0 || fclose(f) != 0)
    abort();
  if (len != len2 || memcmp(buf, buf2, len) != 0)
    abort();
  fc_tu_free(again);
  free(buf);
  free(buf2);
}

/* An entry is read as the cache reads it: NUL-terminated, under the key it
 * names (the cache looks it up by that key). */
static struct fc_tu *cache_entry(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1);
  memcpy(text, data, size);
  text[size] = '\0';
  unsigned long long key = 0;
  sscanf(text + strlen(FC_CACHE_MAGIC), "%16llx", &key);
  struct fc_tu *tu = fc_cache_entry_read(text, size, key);
  free(text);
  return tu;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *error = NULL;
  size_t magic = strlen(FC_CACHE_MAGIC);
  struct fc_tu *tu = size >= magic && !memcmp(data, FC_CACHE_MAGIC, magic)
                         ? cache_entry(data, size)
                         : fc_tu_read(data, size, &error);
  free(error);
  if (!tu)
    return 0;
  round_trip(tu);
  struct fc_findings findings = {0};
  fc_analyse(&tu, 1, configs(), &findings);
  fc_findings_free(&findings);
  fc_tu_free(tu);
  return 0;
}
