/* Shared by the libFuzzer targets: inputs that the code under test reads
 * from files are written to a private temporary directory first. */
#ifndef FORKCHECK_FUZZ_H
#define FORKCHECK_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* A directory of our own under $TMPDIR (or /tmp), made once per process. */
const char *fuzz_dir(void);
/* Writes data to fuzz_dir()/name (replacing it) and returns its path (static
 * storage, until the next call); aborts if it cannot. */
const char *fuzz_write(const char *name, const uint8_t *data, size_t size);

#endif
