/* GitHub code scanning's primaryLocationLineHash: the hash its upload action
 * computes for each line of a file when a SARIF result has none, so results
 * uploaded through the API match those uploaded by the action. */
#ifndef FORKCHECK_LINEHASH_H
#define FORKCHECK_LINEHASH_H

#include <stddef.h>

/* One "hex:occurrence" string per line of `text` (index 0 is line 1), plus
 * one for the empty line after a final newline; *nlines gets the count.
 * Free with fc_line_hashes_free. */
char **fc_line_hashes(const char *text, size_t len, unsigned *nlines);
void fc_line_hashes_free(char **hashes, unsigned nlines);

#endif
