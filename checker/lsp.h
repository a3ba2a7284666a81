/* forkcheck --lsp: a language server (LSP 3.17) over standard input and
 * output. Each open file is analysed with the editor's text, linked with the
 * summaries of the rest of its program; findings become diagnostics, and
 * code actions suppress them with NOLINT. */
#ifndef FORKCHECK_LSP_H
#define FORKCHECK_LSP_H

#include "driver.h"

/* Serves until `exit`; returns 0 when `shutdown` came before it, else 1. */
int fc_lsp_serve(const struct fc_options *o);

#endif
