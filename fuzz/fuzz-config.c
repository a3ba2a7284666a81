/* The configuration reader (checker/config.c): the bytes as a .forkcheck
 * file, read for a file beside it; what it accepts is dumped and read back
 * to the same configuration. */
#include "config.h"
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The dump without its comment lines (they name the file read). */
static char *dump(const struct fc_config *cfg, size_t *len) {
  char *buf = NULL;
  FILE *f = open_memstream(&buf, len);
  if (!f)
    abort();
  fc_config_dump(f, cfg);
  if (fclose(f) != 0)
    abort();
  size_t out = 0;
  for (char *line = buf; line < buf + *len;) {
    char *end = memchr(line, '\n', (size_t)(buf + *len - line));
    size_t n = end ? (size_t)(end - line) + 1 : (size_t)(buf + *len - line);
    if (line[0] != '#') {
      memmove(buf + out, line, n);
      out += n;
    }
    line += n;
  }
  *len = out;
  return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_write("input.forkcheck", data, size);
  struct fc_configs *cfgs = fc_configs_new(path, NULL);
  const struct fc_config *cfg = fc_configs_for_file(cfgs, "main.c");
  size_t len = 0, len2 = 0;
  char *text = dump(cfg, &len);
  if (fc_configs_errors(cfgs) == 0) {
    const char *again_path = fuzz_write("again.forkcheck", (const uint8_t *)text, len);
    struct fc_configs *again = fc_configs_new(again_path, NULL);
    char *text2 = dump(fc_configs_for_file(again, "main.c"), &len2);
    if (fc_configs_errors(again) != 0 || len != len2 || memcmp(text, text2, len) != 0)
      abort(); /* a dumped configuration must read back the same */
    free(text2);
    fc_configs_free(again);
  }
  free(text);
  fc_configs_free(cfgs);
  return 0;
}
