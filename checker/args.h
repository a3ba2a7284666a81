/* What of a compile command reaches libclang: an allow-list. */
#ifndef FORKCHECK_ARGS_H
#define FORKCHECK_ARGS_H

#include <stdio.h>

#include "strtab.h"

struct fc_argv {
  char **v;
  size_t n, cap;
};

void fc_argv_push(struct fc_argv *a, const char *s);
void fc_argv_free(struct fc_argv *a);

/* Splits a command line as compile_commands.json's "command" and response
 * files write it: blanks separate, '...' is literal, "..." groups with
 * backslash escapes, and a backslash escapes the next character. Returns
 * NULL, or what is wrong (an unterminated quote). */
const char *fc_split_command(const char *cmd, struct fc_argv *out);

struct fc_filter {
  const char *dir;           /* the command's working directory; NULL: ours */
  const char *rsp_root;      /* response files must lie under it; NULL: anywhere */
  struct fc_strtab *dropped; /* collects the options not passed on */
  char *error;               /* set (to free) when a response file is refused */
};

/* Appends to `out` the arguments of argv (the compiler itself excluded) that
 * only shape what the code means: include paths, macros, language and
 * standard, target, system root, warnings, and the -f and -m options that
 * change the language or the predefined macros. Everything else is dropped:
 * nothing that could load, run or write anything reaches the parser, and
 * options only GCC knows do not make libclang refuse the file. Inputs (the
 * file, objects) are dropped silently, other options into f->dropped. */
void fc_filter_args(struct fc_filter *f, const char *const *argv, int argc, struct fc_argv *out);

/* The arguments for parsing a file: the builtin headers' directory, the
 * working directory (when dir), the kept arguments, and our own. */
void fc_parser_args(const char *dir, const struct fc_argv *kept, struct fc_argv *out);

/* One note on stderr naming the options dropped in this run, if any. */
void fc_report_dropped(const struct fc_strtab *dropped);

/* libclang's builtin headers (stddef.h, ...), as an absolute path, or NULL. */
const char *fc_resource_dir(void);

#endif
