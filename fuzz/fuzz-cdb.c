/* The compile-database reader (checker/cdb.c): the bytes as
 * compile_commands.json in a build directory of our own, every entry
 * loaded; each job must come back with a file and its arguments. */
#include "cdb.h"
#include "fuzz.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_write("compile_commands.json", data, size);
  struct fc_jobs jobs = {0};
  fc_cdb_load(fuzz_dir(), NULL, 0, &jobs);
  for (size_t i = 0; i < jobs.v.n; i++) {
    const struct fc_job *j = &jobs.v.v[i];
    if (!j->file || (j->nargs > 0 && !j->args))
      abort();
    for (int a = 0; a < j->nargs; a++)
      if (!j->args[a])
        abort();
  }
  fc_jobs_free(&jobs);
  return 0;
}
