#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[4096];
static char names[8][64]; /* what fuzz_write made, removed at exit */

static void remove_dir(void) {
  char path[4200];
  for (int i = 0; i < 8 && names[i][0]; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    unlink(path);
  }
  rmdir(dir);
}

const char *fuzz_dir(void) {
  if (!dir[0]) {
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/forkcheck-fuzz-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(dir))
      abort();
    atexit(remove_dir);
  }
  return dir;
}

static void remember(const char *name) {
  for (int i = 0; i < 8; i++) {
    if (!strcmp(names[i], name))
      return;
    if (!names[i][0]) {
      snprintf(names[i], sizeof names[i], "%s", name);
      return;
    }
  }
  abort(); /* more names than the list holds */
}

const char *fuzz_write(const char *name, const uint8_t *data, size_t size) {
  static char path[4200];
  snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
  remember(name);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
    abort();
  return path;
}
