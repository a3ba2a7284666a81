/*
 * An allow-list of compiler arguments. A compile database comes with the
 * code, from whoever wrote the pull request; what reaches libclang must not
 * load a plugin, run a program or write a file (-MD, -MF, --serialize-
 * diagnostics, -ftime-trace, ...), however it is spelled. So only options
 * known to shape what the code means are kept, each re-spelled in one
 * canonical form; everything else is dropped and named once per run.
 */
#define _GNU_SOURCE /* dladdr */
#include "args.h"

#include <clang-c/Index.h>
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "extract.h"
#include "fsio.h"
#include "vec.h"

#define RSP_MAX ((size_t)1 << 20)

void fc_argv_push(struct fc_argv *a, const char *s) {
  char *c = fc_xstrdup(s);
  fc_vec_push(a, c);
}

void fc_argv_free(struct fc_argv *a) {
  for (size_t i = 0; i < a->n; i++)
    free(a->v[i]);
  fc_vec_free(a);
}

static int blank(char c) { return c && strchr(" \t\n\r\f\v", c); }

const char *fc_split_command(const char *cmd, struct fc_argv *out) {
  char *word = fc_xmalloc(strlen(cmd) + 1);
  const char *p = cmd, *error = NULL;
  while (!error) {
    while (blank(*p))
      p++;
    if (!*p)
      break;
    size_t n = 0;
    while (*p && !blank(*p) && !error) {
      if (*p == '\'') {
        const char *end = strchr(p + 1, '\'');
        if (!end) {
          error = "an unterminated ' quote";
          break;
        }
        memcpy(word + n, p + 1, (size_t)(end - p - 1));
        n += (size_t)(end - p - 1);
        p = end + 1;
      } else if (*p == '"') {
        for (p++; *p && *p != '"'; word[n++] = *p++)
          if (*p == '\\' && p[1])
            p++;
        if (*p != '"')
          error = "an unterminated \" quote";
        else
          p++;
      } else {
        if (*p == '\\' && p[1])
          p++;
        word[n++] = *p++;
      }
    }
    word[n] = 0;
    if (!error)
      fc_argv_push(out, word);
  }
  free(word);
  return error;
}

/* ---- the allow-list ----------------------------------------------------- */

enum form { FLAG, JOINED, SEP, JOINED_OR_SEP };
enum action {
  KEEP,
  DROP,     /* dropped and named in the note */
  SKELETON, /* what every compile command has (-c, -o x.o): dropped quietly */
};

struct opt {
  const char *name;
  unsigned char form, action;
};

static const struct opt opts[] = {
    /* Include paths and forced includes. */
    {"-I", JOINED_OR_SEP, KEEP}, {"-isystem", JOINED_OR_SEP, KEEP},
    {"-iquote", JOINED_OR_SEP, KEEP}, {"-idirafter", JOINED_OR_SEP, KEEP},
    {"-cxx-isystem", JOINED_OR_SEP, KEEP}, {"-iprefix", JOINED_OR_SEP, KEEP},
    {"-iwithprefix", JOINED_OR_SEP, KEEP}, {"-iwithprefixbefore", JOINED_OR_SEP, KEEP},
    {"-include", JOINED_OR_SEP, KEEP}, {"-imacros", JOINED_OR_SEP, KEEP},
    {"-nostdinc", FLAG, KEEP}, {"-nostdinc++", FLAG, KEEP}, {"-nostdlibinc", FLAG, KEEP},
    {"-nobuiltininc", FLAG, KEEP},
    /* Macros. */
    {"-D", JOINED_OR_SEP, KEEP}, {"-U", JOINED_OR_SEP, KEEP}, {"-undef", FLAG, KEEP},
    {"-pthread", FLAG, KEEP},
    /* Language and standard. */
    {"-x", JOINED_OR_SEP, KEEP}, {"-std=", JOINED, KEEP}, {"-ansi", FLAG, KEEP},
    {"-trigraphs", FLAG, KEEP}, {"-stdlib=", JOINED, KEEP},
    /* Target and system root. */
    {"--target=", JOINED, KEEP}, {"-target", SEP, KEEP}, {"--sysroot=", JOINED, KEEP},
    {"--sysroot", SEP, KEEP}, {"-isysroot", JOINED_OR_SEP, KEEP},
    {"-m16", FLAG, KEEP}, {"-m32", FLAG, KEEP}, {"-m64", FLAG, KEEP}, {"-mx32", FLAG, KEEP},
    {"-march=", JOINED, KEEP}, {"-mcpu=", JOINED, KEEP}, {"-mabi=", JOINED, KEEP},
    {"-mfpu=", JOINED, KEEP}, {"-mfloat-abi=", JOINED, KEEP}, {"-mthumb", FLAG, KEEP},
    {"-marm", FLAG, KEEP}, {"-msoft-float", FLAG, KEEP}, {"-mhard-float", FLAG, KEEP},
    {"-mbig-endian", FLAG, KEEP}, {"-mlittle-endian", FLAG, KEEP},
    /* Warnings: errors only where the build has them too (no -Werror). */
    {"-w", FLAG, KEEP}, {"-pedantic", FLAG, KEEP}, {"-Wpedantic", FLAG, KEEP},
    /* -f options that change the language or its predefined macros. */
    {"-fno-builtin", FLAG, KEEP}, {"-fno-builtin-", JOINED, KEEP}, {"-fbuiltin", FLAG, KEEP},
    {"-ffreestanding", FLAG, KEEP}, {"-fhosted", FLAG, KEEP},
    {"-fms-extensions", FLAG, KEEP}, {"-fno-ms-extensions", FLAG, KEEP},
    {"-fms-compatibility", FLAG, KEEP}, {"-fno-ms-compatibility", FLAG, KEEP},
    {"-fms-compatibility-version=", JOINED, KEEP}, {"-fdeclspec", FLAG, KEEP},
    {"-fno-declspec", FLAG, KEEP}, {"-fgnu89-inline", FLAG, KEEP},
    {"-fno-gnu89-inline", FLAG, KEEP}, {"-fsigned-char", FLAG, KEEP},
    {"-fno-signed-char", FLAG, KEEP}, {"-funsigned-char", FLAG, KEEP},
    {"-fno-unsigned-char", FLAG, KEEP}, {"-fblocks", FLAG, KEEP}, {"-fno-blocks", FLAG, KEEP},
    {"-fopenmp", FLAG, KEEP}, {"-fopenmp=", JOINED, KEEP}, {"-fno-openmp", FLAG, KEEP},
    {"-fopenmp-simd", FLAG, KEEP}, {"-fshort-wchar", FLAG, KEEP},
    {"-fno-short-wchar", FLAG, KEEP}, {"-fshort-enums", FLAG, KEEP},
    {"-fno-short-enums", FLAG, KEEP}, {"-fgnu-keywords", FLAG, KEEP},
    {"-fno-gnu-keywords", FLAG, KEEP}, {"-fasm", FLAG, KEEP}, {"-fno-asm", FLAG, KEEP},
    {"-fdollars-in-identifiers", FLAG, KEEP}, {"-fno-dollars-in-identifiers", FLAG, KEEP},
    {"-fexceptions", FLAG, KEEP}, {"-fno-exceptions", FLAG, KEEP},
    {"-fcxx-exceptions", FLAG, KEEP}, {"-fno-cxx-exceptions", FLAG, KEEP},
    {"-frtti", FLAG, KEEP}, {"-fno-rtti", FLAG, KEEP}, {"-fchar8_t", FLAG, KEEP},
    {"-fno-char8_t", FLAG, KEEP}, {"-fno-operator-names", FLAG, KEEP},
    {"-fsized-deallocation", FLAG, KEEP}, {"-fno-sized-deallocation", FLAG, KEEP},
    {"-faligned-allocation", FLAG, KEEP}, {"-fno-aligned-allocation", FLAG, KEEP},
    {"-fdelayed-template-parsing", FLAG, KEEP}, {"-fno-delayed-template-parsing", FLAG, KEEP},
    {"-fpic", FLAG, KEEP}, {"-fPIC", FLAG, KEEP}, {"-fpie", FLAG, KEEP}, {"-fPIE", FLAG, KEEP},
    {"-fno-pic", FLAG, KEEP}, {"-fno-PIC", FLAG, KEEP}, {"-fno-pie", FLAG, KEEP},
    {"-fno-PIE", FLAG, KEEP}, {"-ffast-math", FLAG, KEEP}, {"-fno-fast-math", FLAG, KEEP},
    {"-ffinite-math-only", FLAG, KEEP}, {"-fno-finite-math-only", FLAG, KEEP},
    {"-fmath-errno", FLAG, KEEP}, {"-fno-math-errno", FLAG, KEEP},
    {"-fno-inline", FLAG, KEEP}, {"-finline", FLAG, KEEP},
    /* Dropped with their value, so that the value is never taken for an
     * option or an input: output, dependency and diagnostics files,
     * pass-through to cc1 and other tools, precompiled input, our own. */
    {"-o", JOINED_OR_SEP, SKELETON}, {"-c", FLAG, SKELETON}, {"--output", SEP, DROP},
    {"-MF", JOINED_OR_SEP, DROP}, {"-MT", JOINED_OR_SEP, DROP}, {"-MQ", JOINED_OR_SEP, DROP},
    {"-MJ", JOINED_OR_SEP, DROP}, {"-Xclang", SEP, DROP}, {"-Xlinker", SEP, DROP},
    {"-Xassembler", SEP, DROP}, {"-Xpreprocessor", SEP, DROP}, {"-Xanalyzer", SEP, DROP},
    {"-Xcuda-ptxas", SEP, DROP}, {"-Xcuda-fatbinary", SEP, DROP}, {"-Xopenmp-target", SEP, DROP},
    {"-mllvm", SEP, DROP}, {"-load", SEP, DROP}, {"-include-pch", SEP, DROP},
    {"-ivfsoverlay", JOINED_OR_SEP, DROP}, {"-serialize-diagnostics", SEP, DROP},
    {"--serialize-diagnostics", SEP, DROP}, {"-dependency-file", SEP, DROP},
    {"-dependency-dot", SEP, DROP}, {"-resource-dir", SEP, DROP},
    {"-working-directory", SEP, DROP}, {"-specs", SEP, DROP}, {"--specs", SEP, DROP},
    {"-L", JOINED_OR_SEP, DROP}, {"-l", JOINED_OR_SEP, DROP}, {"-T", JOINED_OR_SEP, DROP},
    {"-u", JOINED_OR_SEP, DROP}, {"-z", JOINED_OR_SEP, DROP}, {"-B", JOINED_OR_SEP, DROP},
    {"-arch", SEP, DROP}, {"--param", SEP, DROP}, {"-aux-info", SEP, DROP},
    {"-dumpbase", SEP, DROP}, {"-dumpbase-ext", SEP, DROP}, {"-dumpdir", SEP, DROP},
    {"-main-file-name", SEP, DROP}, {"-module-dependency-dir", SEP, DROP},
};

/* x86 instruction-set options (-msse4.2, -mno-avx, ...): they define
 * __SSE4_2__ and the like, which intrinsics headers test. */
static const char *const isa[] = {
    "mmx", "sse", "sse2", "sse3", "ssse3", "sse4", "sse4.1", "sse4.2", "sse4a", "avx",
    "avx2", "fma", "fma4", "f16c", "bmi", "bmi2", "lzcnt", "popcnt", "aes", "pclmul",
    "rdrnd", "rdseed", "sha", "adx", "xsave", "xsaveopt", "movbe", "crc32", "vpclmulqdq",
    "gfni", "vaes", "cx16", "prfchw", NULL};

static int starts(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The longest option that spells `a`. */
static const struct opt *match(const char *a) {
  const struct opt *best = NULL;
  for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
    const struct opt *o = &opts[i];
    int hit = o->form == FLAG || o->form == SEP ? !strcmp(a, o->name) : starts(a, o->name);
    if (hit && (!best || strlen(o->name) > strlen(best->name)))
      best = o;
  }
  return best;
}

static int isa_option(const char *a) {
  const char *f = starts(a, "-mno-") ? a + 5 : a + 2;
  if (starts(f, "avx512"))
    return strspn(f, "abcdefghijklmnopqrstuvwxyz0123456789") == strlen(f);
  for (int i = 0; isa[i]; i++)
    if (!strcmp(f, isa[i]))
      return 1;
  return 0;
}

/* -Wfoo, -Wno-foo, -Wfoo=n: warnings only, which the parse ignores; kept
 * because -Wno-error=... and -Wno-implicit-function-declaration decide what
 * is an error. Not -Werror (more errors than the build has), and not -Wl,
 * -Wa, -Wp, (arguments for other tools: -Wp,-MD,FILE writes a file). */
static int warning_option(const char *a) {
  if (!starts(a, "-W") || a[2] < 'a' || a[2] > 'z')
    return 0;
  if (starts(a, "-Werror") || !strcmp(a, "-Wfatal-errors"))
    return 0;
  return strspn(a + 2, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-=+.#") ==
         strlen(a + 2);
}

/* -O levels define __OPTIMIZE__, which changes what glibc's headers declare. */
static int optimize_option(const char *a) {
  static const char *const levels[] = {"", "0", "1", "2", "3", "s", "z", "g", "fast", NULL};
  if (!starts(a, "-O"))
    return 0;
  for (int i = 0; levels[i]; i++)
    if (!strcmp(a + 2, levels[i]))
      return 1;
  return 0;
}

/* Named by the option alone: -fvisibility=hidden as -fvisibility=. */
static void drop(struct fc_filter *f, const char *what) {
  const char *eq = strchr(what, '=');
  if (!f->dropped)
    return;
  if (eq && what[0] == '-') {
    char *name = fc_xstrdup(what);
    name[eq - what + 1] = 0;
    fc_strtab_intern(f->dropped, name);
    free(name);
  } else {
    fc_strtab_intern(f->dropped, what);
  }
}

static void filter(struct fc_filter *f, const char *const *argv, int argc, struct fc_argv *out,
                   int in_rsp);

static void refuse_rsp(struct fc_filter *f, const char *name, const char *why) {
  if (f->error)
    return;
  size_t n = strlen(name) + strlen(why) + 64;
  f->error = fc_xmalloc(n);
  snprintf(f->error, n, "the response file '@%s' is not used: %s", name, why);
}

/* @FILE: its arguments, through the same list. Only a regular file of at
 * most 1 MiB under rsp_root, and no response file named in one. */
static void response_file(struct fc_filter *f, const char *name, struct fc_argv *out,
                          int in_rsp) {
  if (in_rsp) {
    refuse_rsp(f, name, "it is named in another response file");
    return;
  }
  char *path = fc_canonical_path(f->dir, name);
  size_t root = f->rsp_root ? strlen(f->rsp_root) : 0;
  const char *why = NULL;
  char *text = NULL;
  size_t size;
  if (f->rsp_root && (strncmp(path, f->rsp_root, root) != 0 || path[root] != '/'))
    why = "it is not inside the compilation database's directory";
  else
    text = fc_read_regular(path, RSP_MAX, &size, &why);
  struct fc_argv args = {0};
  if (text && !(why = fc_split_command(text, &args)))
    filter(f, (const char *const *)args.v, (int)args.n, out, 1);
  if (why)
    refuse_rsp(f, name, why);
  fc_argv_free(&args);
  free(text);
  free(path);
}

/* One option at argv[*i] that the table knows. */
static void table_option(struct fc_filter *f, const struct opt *o, const char *const *argv,
                         int argc, int *i, struct fc_argv *out) {
  const char *a = argv[*i];
  size_t nl = strlen(o->name);
  int separate = o->form == SEP || (o->form == JOINED_OR_SEP && a[nl] == 0);
  const char *value = separate ? (*i + 1 < argc ? argv[++*i] : NULL) : a + nl;
  if (o->action == SKELETON)
    return;
  /* Never a value that libclang would read as a response file. */
  if (o->action == DROP || !value || value[0] == '@') {
    drop(f, o->action == DROP ? o->name : a);
  } else if (o->form == JOINED_OR_SEP || o->form == SEP) {
    fc_argv_push(out, o->name);
    fc_argv_push(out, value);
  } else {
    fc_argv_push(out, a);
  }
}

/* The drivers' long spellings of options the table keeps, with the value
 * joined by '=' or separate: GCC's and clang's `--include=FILE` is
 * `-include FILE` (shairport-sync's build forces its debug header so),
 * `--include-directory=DIR` is -I. Each goes through the table as its
 * short spelling. */
static const struct alias {
  const char *name, *canonical; /* a canonical spelling ending in '=' joins the value */
} aliases[] = {
    {"--include", "-include"},
    {"--imacros", "-imacros"},
    {"--include-directory", "-I"},
    {"--include-directory-after", "-idirafter"},
    {"--include-prefix", "-iprefix"},
    {"--include-with-prefix", "-iwithprefix"},
    {"--include-with-prefix-after", "-iwithprefix"},
    {"--include-with-prefix-before", "-iwithprefixbefore"},
    {"--define-macro", "-D"},
    {"--undefine-macro", "-U"},
    {"--language", "-x"},
    {"--std", "-std="},
    {"--sysroot", "--sysroot="},
};

/* A long spelling at argv[*i]: handled (1), or not one (0). */
static int long_option(struct fc_filter *f, const char *const *argv, int argc, int *i,
                       struct fc_argv *out) {
  const char *a = argv[*i];
  for (size_t k = 0; k < sizeof aliases / sizeof aliases[0]; k++) {
    const struct alias *al = &aliases[k];
    size_t n = strlen(al->name), cn = strlen(al->canonical);
    if (strncmp(a, al->name, n) != 0 || (a[n] != '=' && a[n] != 0))
      continue;
    const char *value = a[n] == '=' ? a + n + 1 : (*i + 1 < argc ? argv[++*i] : NULL);
    if (!value) {
      drop(f, al->name);
    } else if (al->canonical[cn - 1] == '=') {
      char *joined = fc_xmalloc(cn + strlen(value) + 1);
      memcpy(joined, al->canonical, cn);
      strcpy(joined + cn, value);
      const char *one[1] = {joined};
      int at = 0;
      table_option(f, match(joined), one, 1, &at, out);
      free(joined);
    } else {
      const char *two[2] = {al->canonical, value};
      int at = 0;
      table_option(f, match(al->canonical), two, 2, &at, out);
    }
    return 1;
  }
  return 0;
}

static void filter(struct fc_filter *f, const char *const *argv, int argc, struct fc_argv *out,
                   int in_rsp) {
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const struct opt *o;
    if (a[0] == '@')
      response_file(f, a + 1, out, in_rsp);
    else if (a[0] != '-' || a[1] == 0)
      continue; /* an input: the file itself, objects, stdin */
    else if (a[1] == '-' && long_option(f, argv, argc, &i, out))
      continue;
    else if ((o = match(a)) != NULL)
      table_option(f, o, argv, argc, &i, out);
    else if (warning_option(a) || optimize_option(a) || (starts(a, "-m") && isa_option(a)))
      fc_argv_push(out, a);
    else
      drop(f, a);
  }
}

void fc_filter_args(struct fc_filter *f, const char *const *argv, int argc, struct fc_argv *out) {
  filter(f, argv, argc, out, 0);
}

void fc_parser_args(const char *dir, const struct fc_argv *kept, struct fc_argv *out) {
  const char *resource = fc_resource_dir();
  if (resource) {
    fc_argv_push(out, "-resource-dir");
    fc_argv_push(out, resource);
  }
  /* No clang.cfg from the user's or the system's configuration directories. */
  fc_argv_push(out, "--no-default-config");
  if (dir && dir[0]) {
    fc_argv_push(out, "-working-directory");
    fc_argv_push(out, dir);
  }
  for (size_t i = 0; i < kept->n; i++)
    fc_argv_push(out, kept->v[i]);
  fc_argv_push(out, "-Wno-unknown-warning-option");
}

void fc_report_dropped(const struct fc_strtab *dropped) {
  enum { SHOWN = 40 };
  if (dropped->n == 0)
    return;
  fputs("forkcheck: note: compiler options not passed to the parser (they do not change what "
        "the code means, or could load, run or write something):",
        stderr);
  for (uint32_t i = 0; i < dropped->n && i < SHOWN; i++) {
    fputc(' ', stderr);
    fc_put_escaped(stderr, dropped->strs[i]);
  }
  if (dropped->n > SHOWN)
    fprintf(stderr, " (and %u more)", (unsigned)(dropped->n - SHOWN));
  fputc('\n', stderr);
}

/* ---- the builtin headers ---------------------------------------------- */

static pthread_once_t resource_once = PTHREAD_ONCE_INIT;
static char resource_dir[PATH_MAX + 32];

static int has_builtin_headers(const char *dir) {
  char path[PATH_MAX + 64];
  struct stat st;
  snprintf(path, sizeof path, "%s/include/stddef.h", dir);
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* libclang looks for them relative to itself, but the answer moves with the
 * working directory and -working-directory; we ask once, from the library's
 * own path (LIB/clang/MAJOR), else where it was at build time. */
static void find_resource_dir(void) {
  char *text = fc_cx_take(clang_getClangVersion());
  const char *num = strstr(text, "version ");
  int major = num ? atoi(num + 8) : 0;
  free(text);
  Dl_info info;
  char dir[PATH_MAX], lib[PATH_MAX];
  /* The directory it was loaded from, not where a symbolic link leads. */
  if (dladdr((void *)clang_getClangVersion, &info) && info.dli_fname &&
      snprintf(dir, sizeof dir, "%s", info.dli_fname) < (int)sizeof dir && strrchr(dir, '/')) {
    *strrchr(dir, '/') = 0;
    if (realpath(dir, lib)) {
      snprintf(resource_dir, sizeof resource_dir, "%s/clang/%d", lib, major);
      if (has_builtin_headers(resource_dir))
        return;
    }
  }
  snprintf(resource_dir, sizeof resource_dir, "%s", FORKCHECK_CLANG_RESOURCE_DIR);
  if (!has_builtin_headers(resource_dir))
    resource_dir[0] = 0;
}

const char *fc_resource_dir(void) {
  pthread_once(&resource_once, find_resource_dir);
  return resource_dir[0] ? resource_dir : NULL;
}
