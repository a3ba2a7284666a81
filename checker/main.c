/* forkcheck: the command line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "driver.h"
#include "lsp.h"
#include "workers.h"

static void usage(FILE *out) {
  fputs("usage: forkcheck [options] FILE... [-- COMPILER-ARGS]\n"
        "       forkcheck [options] -p BUILD_DIR [FILE...]\n"
        "\n"
        "Reports unsafe code in the child after fork(), across all the files given,\n"
        "analysed as one program. A FILE named *.fcs is a summary written by\n"
        "--emit-summaries: it is linked without parsing.\n"
        "\n"
        "options:\n"
        "  -p BUILD_DIR            read BUILD_DIR/compile_commands.json (every entry,\n"
        "                          or only FILE...)\n"
        "  --format=text|json|sarif  output format (default text)\n"
        "  --srcroot=DIR           SARIF URIs relative to DIR (default: the git\n"
        "                          repository around the working directory, or it)\n"
        "  --show-suppressed       also list the findings NOLINT comments suppress\n"
        "  --write-baseline=FILE   record the findings in FILE\n"
        "  --baseline=FILE         report only the findings FILE does not have\n"
        "  --fix                   apply the fix-its of the findings reported\n"
        "  --color=auto|always|never  colored text: on a terminal unless NO_COLOR\n"
        "                          is set (auto, default), always, or never\n"
        "  -o FILE                 write the findings to FILE\n"
        "  -j N                    parse N files at once (default: number of cores)\n"
        "  --threads=auto|yes|no|library  whether other threads may exist at a fork:\n"
        "                          decided from the program (auto, default), assumed\n"
        "                          (yes) or not (no); library: as auto, and code\n"
        "                          without a main may run in a host with threads\n"
        "  --profile=linux|posix   async-signal-safe list: POSIX plus Linux syscall\n"
        "                          wrappers, the allocator and stdio taken as reset\n"
        "                          by fork() (linux, default), or POSIX only\n"
        "  --max-chains=N          name every unsafe function a call reaches, with\n"
        "                          the chain of calls to the first N (default 3;\n"
        "                          0: all)\n"
        "  --exit-cleanup=harm|always  report exit() in a child that can exec only\n"
        "                          when it has harm to do (harm, default), or always\n"
        "  --safe-function=NAME    treat NAME as async-signal-safe (repeatable)\n"
        "  --fork-function=NAME    treat the external function NAME as a fork: 0 in\n"
        "                          the child, the pid in the parent (repeatable)\n"
        "  --enable=RULE           enable RULE (repeatable; 'all' for every rule)\n"
        "  --disable=RULE          disable RULE (repeatable; 'all' for every rule)\n"
        "                          (in order: the last one for a rule wins)\n"
        "  --config-file=PATH      the configuration for every file, instead of the\n"
        "                          .forkcheck nearest each file\n"
        "  --dump-config           print the configuration in effect (for the first\n"
        "                          FILE, or the current directory) and exit\n"
        "  --emit-summaries=DIR    also write each file's summary to DIR; a later run\n"
        "                          given the .fcs files links them without parsing\n"
        "  --emit-summary=OUT.fcs  with one source FILE: write its summary to OUT.fcs\n"
        "                          (either, with a compile command after '--', the\n"
        "                          compiler first, as CMake's C_CLANG_TIDY hook runs\n"
        "                          it: only the summary, no rule)\n"
        "  --extra-arg=ARG         a compiler argument after those after '--'\n"
        "  --extra-arg-before=ARG  a compiler argument before those after '--'\n"
        "  --shard=I/N             only the I-th of N equal parts of the files (1-based;\n"
        "                          link the parts' --emit-summaries afterwards)\n"
        "  --cache-dir=DIR         keep the files' summaries in DIR and parse only the\n"
        "                          files that changed (default with -p: BUILD_DIR/\n"
        "                          .forkcheck-cache; none without -p)\n"
        "  --no-cache              parse every file, read and write no cache\n"
        "  --cache-limit=N[K|M|G]  bound the cache's size (default 512M; oldest out)\n"
        "  --lsp                   serve the Language Server Protocol on standard\n"
        "                          input and output (other options apply to it)\n"
        "  --list-rules            list the rules and exit\n"
        "  --version               print the version and exit\n"
        "  --help                  print this help and exit\n"
        "\n"
        "exit status: 0 no findings, 1 findings, 2 usage or input errors\n",
        out);
}

static int known_rule(const char *id) {
  if (!strcmp(id, "all"))
    return 1;
  for (unsigned i = 0; i < fc_rule_count; i++)
    if (!strcmp(fc_rules[i].id, id))
      return 1;
  return 0;
}

static int bad_usage(const char *fmt, const char *arg) {
  fputs("forkcheck: error: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\n(see forkcheck --help)\n", stderr);
  return 2;
}

enum {
  OPT_FORMAT = 256, OPT_THREADS, OPT_PROFILE, OPT_SAFE, OPT_FORK_FUNCTION, OPT_ENABLE, OPT_DISABLE,
  OPT_LIST, OPT_VERSION, OPT_HELP, OPT_DUMP_CFG, OPT_EMIT, OPT_CONFIG_FILE, OPT_DUMP_CONFIG,
  OPT_SRCROOT, OPT_SHOW_SUPPRESSED, OPT_BASELINE, OPT_WRITE_BASELINE, OPT_FIX, OPT_COLOR,
  OPT_LSP,
  OPT_CACHE_DIR, OPT_NO_CACHE, OPT_CACHE_LIMIT, OPT_EMIT_ONE, OPT_SHARD, OPT_MAX_CHAINS,
  OPT_EXTRA_ARG, OPT_EXTRA_ARG_BEFORE, OPT_EXIT_CLEANUP,
};

/* --cache-limit=N[K|M|G], in bytes; 0 when not a size. */
static unsigned long long parse_size(const char *s) {
  char *end;
  unsigned long long n = strtoull(s, &end, 10);
  int shift = !*end ? 0 : !strcmp(end, "K") ? 10 : !strcmp(end, "M") ? 20 : !strcmp(end, "G") ? 30 : -1;
  return end == s || *s == '-' || shift < 0 ? 0 : n << shift;
}

/* A word from a closed list (text|json|sarif, ...) and the value it stands for. */
struct choice {
  const char *word;
  int value;
};

static const struct choice formats[] = {
    {"text", FC_FORMAT_TEXT}, {"json", FC_FORMAT_JSON}, {"sarif", FC_FORMAT_SARIF}, {NULL, 0}};
static const struct choice threads_modes[] = {
    {"auto", FC_THREADS_AUTO}, {"yes", FC_THREADS_YES}, {"no", FC_THREADS_NO},
    {"library", FC_THREADS_LIBRARY}, {NULL, 0}};
static const struct choice profiles[] = {
    {"linux", FC_PROFILE_LINUX}, {"posix", FC_PROFILE_POSIX}, {NULL, 0}};
static const struct choice exit_modes[] = {
    {"harm", FC_EXIT_CLEANUP_HARM}, {"always", FC_EXIT_CLEANUP_ALWAYS}, {NULL, 0}};
static const struct choice colors[] = {
    {"auto", FC_COLOR_AUTO}, {"always", FC_COLOR_ALWAYS}, {"never", FC_COLOR_NEVER}, {NULL, 0}};

/* The value ARG names among CHOICES, or -1 once ERR (naming ARG) is printed. */
static int choose(const char *arg, const struct choice *ch, const char *err) {
  for (; ch->word; ch++)
    if (!strcmp(arg, ch->word))
      return ch->value;
  bad_usage(err, arg);
  return -1;
}

/* Options that only record their argument or their presence; 0 if C is
 * not one of them. */
static int plain_option(int c, struct fc_options *o, int *lsp) {
  switch (c) {
  case 'p': o->build_dir = optarg; break;
  case 'o': o->output = optarg; break;
  case OPT_DUMP_CFG: o->dump_cfg = 1; break;
  case OPT_EMIT: o->emit_summaries = optarg; break;
  case OPT_CONFIG_FILE: o->config_file = optarg; break;
  case OPT_DUMP_CONFIG: o->dump_config = 1; break;
  case OPT_LSP: *lsp = 1; break;
  case OPT_EMIT_ONE: o->emit_summary = optarg; break;
  case OPT_CACHE_DIR: o->cache_dir = optarg; break;
  case OPT_NO_CACHE: o->no_cache = 1; break;
  case OPT_SRCROOT: o->srcroot = optarg; break;
  case OPT_SHOW_SUPPRESSED: o->show_suppressed = 1; break;
  case OPT_BASELINE: o->baseline = optarg; break;
  case OPT_WRITE_BASELINE: o->write_baseline = optarg; break;
  case OPT_FIX: o->fix = 1; break;
  case OPT_EXTRA_ARG: fc_vec_push(&o->extra_args, optarg); break;
  case OPT_EXTRA_ARG_BEFORE: fc_vec_push(&o->extra_args_before, optarg); break;
  default: return 0;
  }
  return 1;
}

/* --list-rules, --version, --help: print and end the run with status 0;
 * -1 if C is not one of them. */
static int info_option(int c) {
  switch (c) {
  case OPT_LIST:
    for (unsigned i = 0; i < fc_rule_count; i++)
      printf("%-30s %s\n", fc_rules[i].id, fc_rules[i].summary);
    return 0;
  case OPT_VERSION:
    printf("forkcheck %s\n", FORKCHECK_VERSION);
    return 0;
  case OPT_HELP:
    usage(stdout);
    return 0;
  default:
    return -1;
  }
}

/* The options whose argument is a word from a closed list. */
static const struct closed_option {
  int opt;
  const struct choice *choices;
  const char *error;
} closed_options[] = {
    {OPT_FORMAT, formats, "unknown format '%s' (text, json or sarif)"},
    {OPT_THREADS, threads_modes, "--threads takes auto, yes, no or library, not '%s'"},
    {OPT_PROFILE, profiles, "--profile takes linux or posix, not '%s'"},
    {OPT_COLOR, colors, "--color takes auto, always or never, not '%s'"},
    {OPT_EXIT_CLEANUP, exit_modes, "--exit-cleanup takes harm or always, not '%s'"},
};

/* A closed-list option: -1 to go on, 2 after a usage error, 0 if C is not
 * one of them. */
static int choice_option(int c, struct fc_options *o) {
  const struct closed_option *co = NULL;
  for (size_t i = 0; i < sizeof closed_options / sizeof *closed_options; i++)
    if (closed_options[i].opt == c)
      co = &closed_options[i];
  if (!co)
    return 0;
  int v = choose(optarg, co->choices, co->error);
  if (v < 0)
    return 2;
  o->threads_given |= c == OPT_THREADS;
  o->profile_given |= c == OPT_PROFILE;
  if (c == OPT_FORMAT)
    o->format = (enum fc_format)v;
  else if (c == OPT_THREADS)
    o->threads = (enum fc_threads_mode)v;
  else if (c == OPT_PROFILE)
    o->profile = (enum fc_profile)v;
  else if (c == OPT_EXIT_CLEANUP)
    o->exit_cleanup = v;
  else
    o->color = (enum fc_color)v;
  return -1;
}

/* The options whose argument is checked otherwise: -1 to go on, 2 after a
 * usage error (an unknown option too). */
static int checked_option(int c, struct fc_options *o, char **argv) {
  char *e, rest;
  switch (c) {
  case 'j': {
    long n = strtol(optarg, &e, 10);
    if (*e || n < 1 || n > 1024)
      return bad_usage("-j takes a number from 1 to 1024, not '%s'", optarg);
    o->jobs = (int)n;
    return -1;
  }
  case OPT_MAX_CHAINS: {
    long n = strtol(optarg, &e, 10);
    if (e == optarg || *e || n < 0 || n > 1000000)
      return bad_usage("--max-chains takes a number from 0 to 1000000, not '%s'", optarg);
    o->max_chains = (int)n;
    return -1;
  }
  case OPT_SAFE:
  case OPT_FORK_FUNCTION:
    if (!optarg[0])
      return bad_usage("%s needs a function name",
                       c == OPT_SAFE ? "--safe-function=" : "--fork-function=");
    if (c == OPT_SAFE)
      fc_vec_push(&o->safe_functions, optarg);
    else
      fc_vec_push(&o->fork_functions, optarg);
    return -1;
  case OPT_ENABLE:
  case OPT_DISABLE:
    if (!known_rule(optarg))
      return bad_usage("unknown rule '%s' (see --list-rules)", optarg);
    fc_vec_push(&o->rule_switches, ((struct fc_rule_switch){optarg, c == OPT_ENABLE}));
    return -1;
  case OPT_SHARD:
    if (sscanf(optarg, "%d/%d%c", &o->shard, &o->shards, &rest) != 2 || o->shards < 1 ||
        o->shard < 1 || o->shard > o->shards)
      return bad_usage("--shard takes I/N with 1 <= I <= N, not '%s'", optarg);
    return -1;
  case OPT_CACHE_LIMIT:
    if (!(o->cache_limit = parse_size(optarg)))
      return bad_usage("--cache-limit takes a size in bytes (with K, M or G), not '%s'", optarg);
    return -1;
  default:
    return bad_usage("unknown or incomplete option '%s'", argv[optind - 1]);
  }
}

static const struct option longopts[] = {
    {"format", required_argument, NULL, OPT_FORMAT},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"max-chains", required_argument, NULL, OPT_MAX_CHAINS},
    {"profile", required_argument, NULL, OPT_PROFILE},
    {"safe-function", required_argument, NULL, OPT_SAFE},
    {"fork-function", required_argument, NULL, OPT_FORK_FUNCTION},
    {"enable", required_argument, NULL, OPT_ENABLE},
    {"disable", required_argument, NULL, OPT_DISABLE},
    {"list-rules", no_argument, NULL, OPT_LIST},
    {"version", no_argument, NULL, OPT_VERSION},
    {"help", no_argument, NULL, OPT_HELP},
    {"lsp", no_argument, NULL, OPT_LSP},
    {"dump-cfg", no_argument, NULL, OPT_DUMP_CFG},
    {"emit-summaries", required_argument, NULL, OPT_EMIT},
    {"config-file", required_argument, NULL, OPT_CONFIG_FILE},
    {"dump-config", no_argument, NULL, OPT_DUMP_CONFIG},
    {"srcroot", required_argument, NULL, OPT_SRCROOT},
    {"show-suppressed", no_argument, NULL, OPT_SHOW_SUPPRESSED},
    {"baseline", required_argument, NULL, OPT_BASELINE},
    {"write-baseline", required_argument, NULL, OPT_WRITE_BASELINE},
    {"fix", no_argument, NULL, OPT_FIX},
    {"color", required_argument, NULL, OPT_COLOR},
    {"exit-cleanup", required_argument, NULL, OPT_EXIT_CLEANUP},
    {"cache-dir", required_argument, NULL, OPT_CACHE_DIR},
    {"shard", required_argument, NULL, OPT_SHARD},
    {"emit-summary", required_argument, NULL, OPT_EMIT_ONE},
    {"no-cache", no_argument, NULL, OPT_NO_CACHE},
    {"cache-limit", required_argument, NULL, OPT_CACHE_LIMIT},
    {"extra-arg", required_argument, NULL, OPT_EXTRA_ARG},
    {"extra-arg-before", required_argument, NULL, OPT_EXTRA_ARG_BEFORE},
    {NULL, 0, NULL, 0}};

/* The options before argv[end]: -1 to go on and analyse, else the exit
 * status (0 after --help and the like, 2 after a usage error). */
static int parse_options(int end, char **argv, struct fc_options *o, int *lsp) {
  opterr = 0;
  int c, status = -1;
  while (status < 0 && (c = getopt_long(end, argv, "p:o:j:", longopts, NULL)) != -1) {
    if (plain_option(c, o, lsp))
      continue;
    if ((status = info_option(c)) >= 0)
      break;
    if (!(status = choice_option(c, o)))
      status = checked_option(c, o, argv);
  }
  return status;
}

/* Everything after the first "--" is for the compiler; returns where the
 * options and files end. */
static int split_compiler_args(int argc, char **argv, struct fc_options *o) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--")) {
      o->compiler_args = argv + i + 1;
      o->ncompiler_args = argc - i - 1;
      return i;
    }
  return argc;
}

/* The options that do not go together, then the run or the server. */
static int run(const struct fc_options *o, int lsp) {
  if (lsp && (o->nfiles || o->ncompiler_args || o->build_dir || o->output || o->fix ||
              o->write_baseline || o->emit_summaries || o->dump_config))
    return bad_usage("%s", "--lsp analyses the files the editor opens: it takes no FILE, "
                           "-p, -o, --fix, --write-baseline, --emit-summaries or --dump-config");
  if (lsp)
    return fc_lsp_serve(o);
  if (!o->build_dir && o->nfiles == 0 && !o->dump_config)
    return bad_usage("%s", "no input: give source files, or -p BUILD_DIR");
  if (o->emit_summary && (o->nfiles != 1 || fc_is_summary_path(o->files[0]) || o->emit_summaries))
    return bad_usage("%s", "--emit-summary=OUT.fcs takes one source FILE (and not "
                           "--emit-summaries)");
  if (o->build_dir && (o->ncompiler_args || o->extra_args.n || o->extra_args_before.n))
    return bad_usage("%s", "compiler arguments (after '--', --extra-arg, --extra-arg-before) "
                           "cannot be combined with -p");
  return fc_run(o);
}

int main(int argc, char **argv) {
  if (argc == 2 && !strcmp(argv[1], FC_WORKER_OPTION))
    return fc_worker_main();
  struct fc_options o = {0};
  o.profile = FC_PROFILE_LINUX;
  o.max_chains = FC_UNSET;
  o.exit_cleanup = FC_UNSET;
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  o.jobs = cores > 0 ? (int)cores : 1;
  o.cache_limit = FC_CACHE_LIMIT;

  int end = split_compiler_args(argc, argv, &o), lsp = 0;
  int status = parse_options(end, argv, &o, &lsp);
  if (status < 0) {
    o.files = argv + optind;
    o.nfiles = end - optind;
    status = run(&o, lsp);
  }
  fc_vec_free(&o.safe_functions);
  fc_vec_free(&o.fork_functions);
  fc_vec_free(&o.rule_switches);
  fc_vec_free(&o.extra_args);
  fc_vec_free(&o.extra_args_before);
  return status;
}
