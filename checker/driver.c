#include "driver.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "diag.h"
#include "extract.h"
#include "baseline.h"
#include "cache.h"
#include "fixit.h"
#include "fsio.h"
#include "output.h"
#include "suppress.h"
#include "workers.h"

/* A rule the command line turns off is not run at all. */
static int rule_runs(struct fc_configs *cfgs, unsigned r) {
  return fc_config_rule_on(fc_configs_overrides(cfgs), fc_rules[r].id);
}

int fc_is_summary_path(const char *path) {
  size_t n = strlen(path);
  return n > 4 && !strcmp(path + n - 4, ".fcs");
}

/* A summary written by --emit-summaries; on any problem, a failed TU that
 * says what it is. */
struct fc_tu *fc_load_summary(const char *path) {
  char *error = NULL, msg[1024];
  struct fc_tu *tu = NULL;
  size_t size;
  const char *why;
  char *data = fc_read_regular(path, FC_READ_MAX, &size, &why);
  if (data)
    tu = fc_tu_read(data, size, &error);
  else
    error = fc_xstrdup(why);
  free(data);
  if (tu)
    return tu;
  tu = fc_tu_new(path);
  snprintf(msg, sizeof msg, "%s: error: cannot load the summary: %s", path, error);
  fc_tu_add_error(tu, msg);
  tu->flags |= FC_TU_FAILED;
  free(error);
  return tu;
}

/* The main file's hash goes into the summary written, so that a later run
 * shows its lines only while they are what was analysed. */
static void record_source(struct fc_tu *tu) {
  uint64_t h;
  if (tu->sources.n == 0 && fc_file_hash(tu->path, &h)) {
    struct fc_source s = {fc_strtab_intern(&tu->strs, tu->path), (int64_t)h};
    fc_vec_push(&tu->sources, s);
  }
}

static void shown_locs(struct fc_strtab *shown, const struct fc_tu *tu) {
  for (size_t k = 0; k < tu->funcs.n; k++)
    fc_strtab_intern(shown, fc_str(&tu->strs, tu->funcs.v[k].loc.file));
  for (size_t k = 0; k < tu->events.n; k++)
    fc_strtab_intern(shown, fc_str(&tu->strs, tu->events.v[k].loc.file));
  for (size_t k = 0; k < tu->blocks.n; k++)
    fc_strtab_intern(shown, fc_str(&tu->strs, tu->blocks.v[k].end.file));
}

/* The files whose lines text output may show: those this run parsed, and a
 * summary's main file while its bytes still have the recorded hash. A
 * crafted summary can name any file, a secret one too. */
static void shown_sources(struct fc_strtab *shown, struct fc_tu **tus, const struct fc_jobs *jobs) {
  for (size_t i = 0; i < jobs->v.n; i++) {
    const struct fc_tu *tu = tus[i];
    if (!fc_is_summary_path(jobs->v.v[i].file)) {
      fc_strtab_intern(shown, tu->path);
      shown_locs(shown, tu);
      continue;
    }
    for (size_t k = 0; k < tu->sources.n; k++) {
      const char *file = fc_str(&tu->strs, tu->sources.v[k].file);
      uint64_t h;
      if (fc_file_hash(file, &h) && (int64_t)h == tu->sources.v[k].hash)
        fc_strtab_intern(shown, file);
    }
  }
}

/* Written whole: a temporary file renamed, so that a build step cut short
 * leaves no partial summary under the name. */
static int write_summary(const char *path, const struct fc_tu *tu) {
  size_t n = strlen(path) + 32;
  char *tmp = fc_xmalloc(n);
  snprintf(tmp, n, "%s.tmp%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "wb");
  int ok = f && fc_tu_write(tu, f) == 0;
  if (f && fclose(f) != 0)
    ok = 0;
  if (ok && rename(tmp, path) != 0)
    ok = 0;
  if (!ok)
    fprintf(stderr, "forkcheck: error: cannot write the summary '%s': %s\n", path,
            strerror(errno));
  if (f && !ok)
    unlink(tmp);
  free(tmp);
  return ok;
}

/* DIR/<file name>-<hash of its path>.fcs */
static int emit_summary(const char *dir, const struct fc_tu *tu) {
  const char *base = strrchr(tu->path, '/');
  base = base ? base + 1 : tu->path;
  size_t n = strlen(dir) + strlen(base) + 32;
  char *path = fc_xmalloc(n);
  snprintf(path, n, "%s/%s-%016llx.fcs", dir, base, (unsigned long long)fc_hash_str(tu->path));
  int ok = write_summary(path, tu);
  free(path);
  return ok;
}

struct pool {
  const struct fc_jobs *jobs;
  struct fc_tu **out;
  size_t next;
  pthread_mutex_t lock;
};

static void *worker(void *arg) {
  struct pool *pool = arg;
  CXIndex index = clang_createIndex(0, 0);
  for (;;) {
    pthread_mutex_lock(&pool->lock);
    size_t i = pool->next++;
    pthread_mutex_unlock(&pool->lock);
    if (i >= pool->jobs->v.n)
      break;
    const struct fc_job *j = &pool->jobs->v.v[i];
    pool->out[i] = fc_is_summary_path(j->file)
                       ? fc_load_summary(j->file)
                       : fc_extract(index, j->file, (const char *const *)j->args, j->nargs);
  }
  clang_disposeIndex(index);
  return NULL;
}

struct fc_tu **fc_extract_jobs(const struct fc_jobs *jobs, int workers) {
  struct pool pool = {jobs, fc_xcalloc(jobs->v.n + 1, sizeof(struct fc_tu *)), 0,
                      PTHREAD_MUTEX_INITIALIZER};
  if (workers < 1)
    workers = 1;
  if ((size_t)workers > jobs->v.n)
    workers = jobs->v.n ? (int)jobs->v.n : 1;
  pthread_t *threads = fc_xcalloc((size_t)workers, sizeof *threads);
  int started = 0;
  for (int i = 1; i < workers; i++)
    if (pthread_create(&threads[i], NULL, worker, &pool) == 0)
      started = i;
    else
      break;
  worker(&pool); /* this thread works too */
  for (int i = 1; i <= started; i++)
    pthread_join(threads[i], NULL);
  free(threads);
  return pool.out;
}

void fc_options_config(const struct fc_options *o, struct fc_config *out) {
  fc_config_init(out);
  /* In command-line order: the last one for a rule wins. */
  for (size_t i = 0; i < o->rule_switches.n; i++) {
    const struct fc_rule_switch *s = &o->rule_switches.v[i];
    const char *id = strcmp(s->rule, "all") ? s->rule : "*";
    char *glob = fc_xmalloc(strlen(id) + 2);
    sprintf(glob, "%s%s", s->on ? "" : "-", id);
    fc_vec_push(&out->checks, glob);
  }
  for (size_t i = 0; i < o->safe_functions.n; i++)
    fc_vec_push(&out->safe_functions, fc_xstrdup(o->safe_functions.v[i]));
  for (size_t i = 0; i < o->fork_functions.n; i++)
    fc_vec_push(&out->fork_functions, fc_xstrdup(o->fork_functions.v[i]));
  if (o->profile_given)
    out->profile = (int)o->profile;
  if (o->threads_given)
    out->threads = (int)o->threads;
  out->max_chains = o->max_chains;
  out->exit_cleanup = o->exit_cleanup;
}

/* Stricter: POSIX's list over Linux's; threads assumed over hypothesised
 * for a library over decided over assumed absent. */
static int threads_rank(int t) {
  return t == FC_THREADS_YES ? 3 : t == FC_THREADS_LIBRARY ? 2 : t == FC_THREADS_AUTO ? 1 : 0;
}

/* MaxChains of the program: the most any of its files asks for (0: all). */
static unsigned max_chains(struct fc_tu **tus, uint32_t n, struct fc_configs *cfgs) {
  int most = FC_UNSET;
  for (uint32_t i = 0; i < n && most != 0; i++) {
    int m = fc_configs_for_file(cfgs, tus[i]->path)->max_chains;
    if (m != FC_UNSET && (most == FC_UNSET || m == 0 || m > most))
      most = m;
  }
  return most == FC_UNSET ? FC_MAX_CHAINS_DEFAULT : (unsigned)most;
}

/* ExitCleanup of the program: always when any of its files asks for it. */
static int exit_cleanup(struct fc_tu **tus, uint32_t n, struct fc_configs *cfgs) {
  for (uint32_t i = 0; i < n; i++)
    if (fc_configs_for_file(cfgs, tus[i]->path)->exit_cleanup == FC_EXIT_CLEANUP_ALWAYS)
      return FC_EXIT_CLEANUP_ALWAYS;
  return FC_EXIT_CLEANUP_HARM;
}

static struct fc_knowledge *program_knowledge(struct fc_tu **tus, uint32_t n,
                                              struct fc_configs *cfgs, int *threads) {
  int profile = FC_PROFILE_LINUX;
  *threads = FC_UNSET;
  for (uint32_t i = 0; i < n; i++) {
    const struct fc_config *c = fc_configs_for_file(cfgs, tus[i]->path);
    if (c->profile == FC_PROFILE_POSIX)
      profile = FC_PROFILE_POSIX;
    if (c->threads != FC_UNSET &&
        (*threads == FC_UNSET || threads_rank(c->threads) > threads_rank(*threads)))
      *threads = c->threads;
  }
  if (*threads == FC_UNSET)
    *threads = FC_THREADS_AUTO;
  struct fc_knowledge *know = fc_knowledge_new((enum fc_profile)profile);
  for (uint32_t i = 0; i < n; i++) {
    const struct fc_config *c = fc_configs_for_file(cfgs, tus[i]->path);
    for (size_t k = 0; k < c->safe_functions.n; k++)
      fc_knowledge_add(know, c->safe_functions.v[k], FC_K_ASYNC_SAFE);
    for (size_t k = 0; k < c->fork_functions.n; k++)
      fc_knowledge_add(know, c->fork_functions.v[k], FC_K_FORK);
  }
  return know;
}

static int finding_on(const struct fc_finding *f, void *cfgs) {
  return fc_config_rule_on(fc_configs_for_file(cfgs, f->file), f->rule);
}

void fc_analyse(struct fc_tu **tus, uint32_t n, struct fc_configs *cfgs,
                struct fc_findings *out) {
  int threads;
  struct fc_knowledge *know = program_knowledge(tus, n, cfgs, &threads);
  uint64_t facts = 0;
  for (unsigned r = 0; r < fc_rule_count; r++)
    if (rule_runs(cfgs, r))
      facts |= *fc_rules[r].reads;
  struct fc_program *prog =
      fc_program_link(tus, n, know, (enum fc_threads_mode)threads, facts);
  unsigned chains = max_chains(tus, n, cfgs);
  int exit_always = exit_cleanup(tus, n, cfgs) == FC_EXIT_CLEANUP_ALWAYS;
  for (unsigned r = 0; r < fc_rule_count; r++) {
    if (!rule_runs(cfgs, r))
      continue;
    struct fc_rule_ctx ctx = {prog, out, fc_rules[r].id, chains, exit_always};
    fc_rules[r].run(&ctx);
  }
  fc_findings_keep(out, finding_on, cfgs);
  fc_findings_sort(out);
  fc_findings_yield(out);
  fc_program_free(prog);
  fc_knowledge_free(know);
}

/* auto: on a terminal, unless NO_COLOR is set (and not empty); the option
 * given on the command line wins over NO_COLOR (no-color.org). */
static int use_color(enum fc_color c, FILE *out) {
  if (c != FC_COLOR_AUTO)
    return c == FC_COLOR_ALWAYS;
  const char *no = getenv("NO_COLOR");
  return isatty(fileno(out)) && !(no && *no);
}

static int unsuppressed(const struct fc_finding *f, void *arg) {
  (void)arg;
  return !f->suppressed;
}

/* An input error: printed now, and kept for SARIF's invocation. */
static void report_error(struct fc_run_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void report_error(struct fc_run_report *r, const char *fmt, ...) {
  char line[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  fprintf(stderr, "%s\n", line);
  fc_vec_push(&r->errors, fc_xstrdup(line));
}

/* --shard=I/N: the jobs at positions I-1, I-1+N, ...; the others freed. */
static void shard_jobs(struct fc_jobs *jobs, int shard, int shards) {
  size_t kept = 0;
  for (size_t i = 0; i < jobs->v.n; i++) {
    struct fc_job j = jobs->v.v[i];
    if ((int)(i % (size_t)shards) == shard - 1) {
      jobs->v.v[kept++] = j;
      continue;
    }
    for (int a = 0; a < j.nargs; a++)
      free(j.args[a]);
    free(j.args);
    free(j.file);
  }
  jobs->v.n = kept;
}

/* --dump-config: the configuration for the first file (or the current
 * directory) instead of a run. */
static int dump_config(const struct fc_options *o, struct fc_configs *cfgs) {
  const char *at = o->nfiles ? o->files[0] : NULL;
  const struct fc_config *c = at ? fc_configs_for_file(cfgs, at) : fc_configs_for_dir(cfgs, ".");
  fc_config_dump(stdout, c);
  return fc_configs_errors(cfgs) ? 2 : 0;
}

/* The files to parse, from the compile database or the command line: the
 * compiler arguments after "--", with --extra-arg-before's before and
 * --extra-arg's after them (clang-tidy's options, which CMake's hook uses). */
static int load_jobs(const struct fc_options *o, struct fc_jobs *jobs) {
  if (o->build_dir)
    return fc_cdb_load(o->build_dir, o->files, o->nfiles, jobs) ? 2 : 0;
  struct fc_argv args = {0};
  for (size_t i = 0; i < o->extra_args_before.n; i++)
    fc_argv_push(&args, o->extra_args_before.v[i]);
  for (int i = 0; i < o->ncompiler_args; i++)
    fc_argv_push(&args, o->compiler_args[i]);
  for (size_t i = 0; i < o->extra_args.n; i++)
    fc_argv_push(&args, o->extra_args.v[i]);
  int problems = fc_cli_load(o->files, o->nfiles, args.v, (int)args.n, jobs);
  fc_argv_free(&args);
  return problems ? 2 : 0;
}

/* A build's per-file step: a compile command after "--" (the compiler
 * first, as CMake's <LANG>_CLANG_TIDY hook passes it) and a summary to
 * write. One file is not the program: the link of the summaries reports. */
static int per_file_step(const struct fc_options *o) {
  return (o->emit_summaries || o->emit_summary) && o->ncompiler_args > 0 &&
         o->compiler_args[0][0] != '-' && o->compiler_args[0][0] != '@';
}

/* Each TU's errors reported, its CFG dumped and its summary written, as
 * the options ask. */
static int report_tus(const struct fc_options *o, struct fc_tu **tus, uint32_t n,
                      struct fc_run_report *report) {
  int status = 0;
  struct fc_strtab notes_seen; /* a header's note comes once, not per file */
  fc_strtab_init(&notes_seen);
  for (uint32_t i = 0; i < n; i++) {
    for (size_t e = 0; e < tus[i]->errors.n; e++) {
      const char *msg = tus[i]->errors.v[e];
      uint32_t seen = notes_seen.n;
      if (!strstr(msg, ": note: ")) {
        report_error(report, "%s", msg);
      } else if (fc_strtab_intern(&notes_seen, msg) == seen) {
        fprintf(stderr, "%s\n", msg);
        fc_vec_push(&report->notes, fc_xstrdup(msg));
      }
    }
    if (tus[i]->flags & (FC_TU_ERRORS | FC_TU_FAILED)) {
      report_error(report, "forkcheck: error: '%s' %s", tus[i]->path,
                   tus[i]->flags & FC_TU_FAILED ? "could not be parsed; it is not analysed"
                                                : "has errors; its findings may be incomplete");
      status = 2;
    }
    if (o->dump_cfg)
      fc_tu_dump(tus[i], stdout);
    if ((o->emit_summaries || o->emit_summary) && !(tus[i]->flags & FC_TU_FAILED)) {
      record_source(tus[i]);
      if (o->emit_summaries ? !emit_summary(o->emit_summaries, tus[i])
                            : !write_summary(o->emit_summary, tus[i]))
        status = 2;
    }
  }
  fc_strtab_free(&notes_seen);
  return status;
}

static int report_config_errors(struct fc_configs *cfgs, struct fc_run_report *report) {
  int errors = fc_configs_errors(cfgs);
  if (!errors)
    return 0;
  report_error(report,
               "forkcheck: error: %d error%s in the configuration (.forkcheck), each said on "
               "standard error",
               errors, errors == 1 ? "" : "s");
  return 2;
}

/* NOLINT, fix-its and baselines applied; *reported counts the findings
 * that are not suppressed, whether or not the output lists the others. */
static int settle_findings(const struct fc_options *o, struct fc_findings *findings,
                           struct fc_tu **tus, uint32_t n, const char *root, size_t *reported) {
  int status = 0;
  fc_findings_suppress(findings);
  fc_fixits_resolve(findings);
  if (o->write_baseline && fc_baseline_write(o->write_baseline, findings, tus, n, root) != 0)
    status = 2;
  if (o->baseline && fc_baseline_filter(o->baseline, findings, tus, n, root) != 0)
    status = 2;
  *reported = 0;
  for (size_t i = 0; i < findings->v.n; i++)
    *reported += !findings->v.v[i].suppressed;
  if (o->format != FC_FORMAT_SARIF && !o->show_suppressed)
    fc_findings_keep(findings, unsuppressed, NULL);
  return status;
}

/* The findings in the format asked, to -o's file or standard output. */
static int write_findings(const struct fc_options *o, const struct fc_findings *findings,
                          struct fc_run_report *report) {
  int status = 0;
  struct fc_output report_file;
  FILE *out = fc_output_open(&report_file, o->output);
  if (!out) {
    perror(o->output);
    out = fc_output_open(&report_file, NULL);
    status = 2;
  }
  if (!o->dump_cfg) {
    if (o->format == FC_FORMAT_JSON)
      fc_emit_json(out, findings);
    else if (o->format == FC_FORMAT_SARIF)
      fc_emit_sarif(out, findings, report);
    else
      fc_emit_text(out, findings, use_color(o->color, out));
  }
  if (fc_output_close(&report_file) != 0)
    status = 2;
  return status;
}

/* Linked, checked and written out; returns the exit status, given the one
 * so far. */
static int check_and_write(const struct fc_options *o, struct fc_tu **tus,
                           const struct fc_jobs *jobs, struct fc_configs *cfgs,
                           struct fc_run_report *report, struct fc_file_states *before,
                           int status) {
  uint32_t n = (uint32_t)jobs->v.n;
  struct fc_strtab shown;
  fc_strtab_init(&shown);
  shown_sources(&shown, tus, jobs);
  struct fc_findings findings = {0};
  findings.sources = &shown;
  fc_analyse(tus, n, cfgs, &findings);
  status |= report_config_errors(cfgs, report);
  char *root = fc_sarif_srcroot(o->srcroot);
  size_t reported;
  status |= settle_findings(o, &findings, tus, n, root, &reported);
  report->srcroot = root;
  status |= write_findings(o, &findings, report);
  if (o->fix && fc_fixits_apply(&findings, before) != 0)
    status = 2;
  if (status == 0 && reported > 0)
    status = 1;

  fc_findings_free(&findings);
  fc_strtab_free(&shown);
  free(root);
  return status;
}

/* Parsed (or read from the cache), linked, checked and written out. */
static int analyse_jobs(const struct fc_options *o, struct fc_jobs *jobs,
                        struct fc_configs *cfgs) {
  /* --fix changes only files that are still what the analysis read. */
  struct fc_file_states before = {0};
  for (size_t i = 0; o->fix && i < jobs->v.n; i++)
    fc_file_states_add(&before, jobs->v.v[i].file);
  /* A build's hook names a directory nothing has made yet. */
  int status = 0;
  if (o->emit_summaries && !fc_make_dirs(o->emit_summaries)) {
    fprintf(stderr, "forkcheck: error: cannot make the directory '%s': %s\n", o->emit_summaries,
            strerror(errno));
    status = 2;
  }
  char *cache = fc_cache_dir(o);
  struct fc_tu **tus = fc_cache_extract(cache, o->cache_limit, jobs, o->jobs, fc_extract_isolated);
  free(cache);
  uint32_t n = (uint32_t)jobs->v.n;
  struct fc_run_report report = {0};
  status |= report_tus(o, tus, n, &report);

  if (!per_file_step(o))
    status = check_and_write(o, tus, jobs, cfgs, &report, &before, status);
  fc_file_states_free(&before);
  for (size_t i = 0; i < report.errors.n; i++)
    free(report.errors.v[i]);
  fc_vec_free(&report.errors);
  for (size_t i = 0; i < report.notes.n; i++)
    free(report.notes.v[i]);
  fc_vec_free(&report.notes);
  for (uint32_t i = 0; i < n; i++)
    fc_tu_free(tus[i]);
  free(tus);
  return status;
}

int fc_run(const struct fc_options *o) {
  struct fc_config cli;
  fc_options_config(o, &cli);
  struct fc_configs *cfgs = fc_configs_new(o->config_file, &cli);
  fc_config_free(&cli);
  if (o->dump_config) {
    int status = dump_config(o, cfgs);
    fc_configs_free(cfgs);
    return status;
  }
  struct fc_jobs jobs = {0};
  int status = load_jobs(o, &jobs);
  const char *others[] = {o->baseline, o->config_file};
  if (o->output && fc_output_is_input(o->output, &jobs, o->build_dir, others, 2)) {
    status = 2;
  } else {
    if (o->shards)
      shard_jobs(&jobs, o->shard, o->shards);
    int analysed = analyse_jobs(o, &jobs, cfgs);
    status = status ? status : analysed; /* an input error wins over findings */
  }
  fc_jobs_free(&jobs);
  fc_configs_free(cfgs);
  return status;
}
