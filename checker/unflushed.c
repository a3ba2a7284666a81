/*
 * The stdout_unflushed fact (unflushed.h): a forward flow over each
 * function's CFG of the streams holding output, then stdout's between
 * functions, to a fixpoint over the whole program at link.
 */
#include "unflushed.h"
#include "program.h"

#include <stdlib.h>
#include <string.h>

struct fc_unflushed {
  const struct fc_program *p;
  int stdout_buffered;
  int propagate;              /* second phase: stdout's bit flows into callees */
  int changed;
  uint8_t *out_dirty;         /* per function: may return with output it wrote */
  uint8_t *out_result;        /* per function: what it returns then (enum returned) */
  struct fc_unflushed_test *out_param; /* per function: it returns with output only
                                          where this test of a parameter holds */
  struct fc_unflushed_why *out_why;
  uint16_t *out_streams;      /* per function: bit i, it may return with output it wrote
                                 to the stream its parameter i names (pdsh's
                                 _verr(stream, ...): out() passes stdout) */
  uint8_t *entry_dirty;       /* per function: may be called with stdout unflushed */
  struct fc_ref *entry_from;  /* the call that passes it in */
  uint32_t *entry_caller;     /* the function that makes that call */
  struct fc_unflushed_why *entry_why; /* why stdout is unflushed at that call */
};

/* ---- streams ----------------------------------------------------------- */

/* The stream bit of call argument a, or -1 (stderr, an expression, or no
 * bit left). vars maps bits 1.. to the function's variables. */
static int stream_bit(const struct fc_unflushed *fl, struct fc_ref call, const struct fc_arg *a,
                      int32_t *vars) {
  if (a->kind != FC_ARG_VAR)
    return -1;
  const char *name = fc_arg_global(fl->p, call, a);
  uint32_t global = fc_knowledge_global(fl->p->know, name);
  if (global & FC_G_STDOUT)
    return fl->stdout_buffered ? 0 : -1;
  if (global & FC_G_STDERR)
    return -1;
  for (int b = 1; b < FC_STREAMS; b++) {
    if (vars[b] == a->var)
      return b;
    if (vars[b] < 0) {
      vars[b] = a->var;
      return b;
    }
  }
  return -1;
}

/* The stream an external output call writes to: a bit, or -1. */
static int written_stream(const struct fc_unflushed *fl, struct fc_ref ref, int32_t *vars) {
  struct fc_target t = fc_call_target(fl->p, ref);
  if (!(t.kinds & FC_K_STDIO_WRITE))
    return -1;
  if (t.arg < 0)
    return fl->stdout_buffered ? 0 : -1;
  const struct fc_arg *a = fc_call_arg(fl->p, ref, (uint32_t)t.arg);
  return a ? stream_bit(fl, ref, a, vars) : -1;
}

/* The streams an external call flushes: a mask. */
static unsigned flushed_streams(const struct fc_unflushed *fl, struct fc_ref ref, int32_t *vars) {
  struct fc_target t = fc_call_target(fl->p, ref);
  if (!(t.kinds & FC_K_STDIO_FLUSH))
    return 0;
  const struct fc_arg *a = t.arg < 0 ? NULL : fc_call_arg(fl->p, ref, (uint32_t)t.arg);
  if (!a || a->kind != FC_ARG_VAR)
    return 0xff; /* fflush(NULL), or a stream we do not follow */
  int b = stream_bit(fl, ref, a, vars);
  return b < 0 ? 0 : 1u << b;
}

/* setvbuf(stdout, ..), setbuf(stdout, ..), setlinebuf(stdout) anywhere. */
static int stdout_buffered(const struct fc_program *p) {
  for (uint32_t i = 0; i < fc_call_count(p); i++) {
    struct fc_ref ref = fc_call_at(p, i);
    struct fc_target t = fc_call_target(p, ref);
    if (t.func >= 0 || !(t.kinds & FC_K_STDIO_BUFFERING) || t.arg < 0)
      continue;
    const struct fc_arg *a = fc_call_arg(p, ref, (uint32_t)t.arg);
    const char *stream = a ? fc_arg_global(p, ref, a) : NULL;
    if (fc_knowledge_global(p->know, stream) & FC_G_STDOUT)
      return 0;
  }
  return 1;
}

/* ---- conditional output ----------------------------------------------- */

struct function_flow {
  struct fc_unflushed *fl;
  uint32_t f;
  int32_t *vars;
};

/* What a function returns on the paths where it returns with output. */
enum returned { RET_NONE, RET_ZERO, RET_NONZERO, RET_ANY };

static const struct fc_unflushed_test always = {-1, 0};

static int same_test(struct fc_unflushed_test a, struct fc_unflushed_test b) {
  return a.var == b.var && (a.var < 0 || a.nonzero == b.nonzero);
}

/* stdout gets output that is there only where `cond` holds. */
static void add_stdout(struct fc_unflushed_at *s, struct fc_unflushed_test cond) {
  if (!(s->dirty & 1))
    s->only_if = cond;
  else if (!same_test(s->only_if, cond))
    s->only_if = always;
  s->dirty |= 1;
}

/* Forgets what the tests said of variable var. */
static void forget(struct fc_unflushed_at *s, int32_t var) {
  int j = 0;
  for (int i = 0; i < FC_UNFLUSHED_KNOWN; i++)
    if (s->known[i].var != var)
      s->known[j++] = s->known[i];
  while (j < FC_UNFLUSHED_KNOWN)
    s->known[j++] = always;
}

/* A test said t: the latest first, the oldest forgotten when full. */
static void learn(struct fc_unflushed_at *s, struct fc_unflushed_test t) {
  forget(s, t.var);
  memmove(&s->known[1], &s->known[0], (FC_UNFLUSHED_KNOWN - 1) * sizeof s->known[0]);
  s->known[0] = t;
}

/* The condition of a write here: of the tests still known, one of a
 * global first, then of a parameter, then any, the first variable of its
 * kind. The choice depends on which variables are known, not on the order
 * the tests came in: the flow may come to a write first by a way that
 * knows more (one arm of a `?:` in the call), and the condition must not
 * change as it learns less. `if (!do_syslog) printf("%s", tty ? color :
 * "")` writes under do_syslog's test; `if (fd < 0 && !quiet)` under
 * quiet's, which a caller's argument decides. */
static int test_rank(const struct fc_program *p, uint32_t f, int32_t var) {
  unsigned flags = fc_var_flags(p, f, var);
  return flags & FC_VAR_GLOBAL ? 2 : flags & FC_VAR_PARAM ? 1 : 0;
}

static struct fc_unflushed_test condition(const struct fc_program *p, uint32_t f,
                                          const struct fc_unflushed_at *s) {
  struct fc_unflushed_test c = always;
  int rank = -1;
  for (int i = 0; i < FC_UNFLUSHED_KNOWN && s->known[i].var >= 0; i++) {
    int r = test_rank(p, f, s->known[i].var);
    if (r > rank || (r == rank && s->known[i].var < c.var)) {
      c = s->known[i];
      rank = r;
    }
  }
  return c;
}

/* Keeps in `to` what `from` knows too; whether it changed. */
static int keep_common(struct fc_unflushed_test *to, const struct fc_unflushed_test *from) {
  struct fc_unflushed_test kept[FC_UNFLUSHED_KNOWN];
  int j = 0, changed = 0;
  for (int i = 0; i < FC_UNFLUSHED_KNOWN && to[i].var >= 0; i++) {
    int both = 0;
    for (int k = 0; k < FC_UNFLUSHED_KNOWN && from[k].var >= 0 && !both; k++)
      both = same_test(to[i], from[k]);
    if (both)
      kept[j++] = to[i];
    else
      changed = 1;
  }
  while (j < FC_UNFLUSHED_KNOWN)
    kept[j++] = always;
  memcpy(to, kept, sizeof kept);
  return changed;
}

/* Which values of the tested variable an edge lets through. */
static void edge_allows(const struct fc_edge *ed, int *zero, int *nonzero) {
  *zero = fc_test_holds(ed->test, 0, ed->value);
  *nonzero = fc_test_holds_nonzero(ed->test, ed->value);
}

/* The state that takes an edge: output there only where the test fails is
 * not on it; what the test says is known after it. */
static int along_edge(void *ctx, uint32_t b, uint32_t e, void *state) {
  const struct function_flow *c = ctx;
  struct fc_unflushed_at *s = state;
  const struct fc_edge *ed = fc_succ_edge(c->fl->p, c->f, b, e);
  if (ed->test == FC_T_ALWAYS || ed->test == FC_T_DEFAULT || ed->var < 0)
    return 1;
  int zero, nonzero;
  edge_allows(ed, &zero, &nonzero);
  /* A test that confirms the condition leaves it: a later test of the
   * same variable that contradicts it (`if (!do_syslog) printf(...);`,
   * then `if (do_syslog) vsyslog(...); else vprintf(...);`, then `if
   * (do_syslog) return;`) still drops the output. */
  if ((s->dirty & 1) && s->only_if.var == ed->var && !(s->only_if.nonzero ? nonzero : zero))
    s->dirty &= (uint8_t)~1u;
  if (zero != nonzero)
    learn(s, (struct fc_unflushed_test){ed->var, (uint8_t)nonzero});
  return 1;
}

/* ---- the flow within a function --------------------------------------- */

static void merge(struct fc_unflushed_at *to, const struct fc_unflushed_at *from, int *changed) {
  if (!from->live)
    return;
  if (!to->live) {
    *to = *from;
    *changed = 1;
    return;
  }
  uint8_t d = to->dirty | from->dirty;
  struct fc_unflushed_test only_if = to->only_if;
  if ((from->dirty & 1) && !(to->dirty & 1))
    only_if = from->only_if;
  else if ((from->dirty & 1) && !same_test(to->only_if, from->only_if))
    only_if = always;
  if (keep_common(to->known, from->known))
    *changed = 1;
  for (int b = 0; b < FC_STREAMS; b++)
    if ((from->dirty >> b & 1) && !(to->dirty >> b & 1))
      to->why[b] = from->why[b];
  if (d != to->dirty || !same_test(only_if, to->only_if)) {
    to->dirty = d;
    to->only_if = only_if;
    *changed = 1;
  }
}

/* Does call ref of f return with output, and where is it there after the
 * call (*cond)? Where f has output only under a test of a parameter, the
 * call's argument decides: a constant that fails the test, none; a
 * variable of the caller, output only where the same test of it holds. */
static int returned_with(const struct fc_unflushed *fl, uint32_t f, struct fc_ref ref,
                         struct fc_unflushed_test *cond) {
  const struct fc_event *ev = fc_event_at(fl->p, ref);
  struct fc_unflushed_test pt = fl->out_param[f], t = {ev->var, fl->out_result[f] == RET_NONZERO};
  const struct fc_arg *a = pt.var >= 0 ? fc_call_arg(fl->p, ref, (uint32_t)pt.var) : NULL;
  if (!fl->out_dirty[f] || (a && a->kind == FC_ARG_CONST && (a->value != 0) != pt.nonzero))
    return 0;
  int one_value = fl->out_result[f] == RET_ZERO || fl->out_result[f] == RET_NONZERO;
  *cond = one_value && ev->var >= 0 ? t : always;
  if (!one_value && a && a->kind == FC_ARG_VAR && a->var >= 0)
    *cond = (struct fc_unflushed_test){a->var, pt.nonzero};
  return 1;
}

/* A call of g, which may return with output in the stream one of its
 * parameters names: that stream of the caller's holds output after it. */
static void passes_stream(struct fc_unflushed *fl, uint32_t f, struct fc_ref ref, uint32_t g,
                          struct fc_unflushed_at *s, int32_t *vars) {
  const struct fc_arg *a;
  for (uint32_t i = 0; fl->out_streams[g] >> i; i++) {
    int b = fl->out_streams[g] >> i & 1 && (a = fc_call_arg(fl->p, ref, i)) != NULL
                ? stream_bit(fl, ref, a, vars)
                : -1;
    if (b < 0)
      continue;
    if (!(s->dirty >> b & 1) || s->why[b].kind == FC_WHY_ENTRY) {
      s->why[b].kind = FC_WHY_EVENT;
      s->why[b].ev = ref;
    }
    if (b == 0)
      add_stdout(s, condition(fl->p, f, s));
    else
      s->dirty |= (uint8_t)(1u << b);
  }
}

/* The parameters of f whose streams hold output f wrote when it returns
 * (at_exit): those it never assigns, of the first 16. */
static uint16_t streams_at_exit(const struct fc_unflushed *fl, uint32_t f,
                                const struct fc_unflushed_at *at_exit, const int32_t *vars) {
  uint16_t out = 0;
  if (!at_exit->live)
    return 0;
  uint64_t kept = fc_func_kept_params(fl->p, f, 16);
  for (int b = 1; b < FC_STREAMS; b++)
    if ((at_exit->dirty >> b & 1) && vars[b] >= 0 && vars[b] < 16 && (kept >> vars[b] & 1))
      out |= (uint16_t)(1u << vars[b]);
  return out;
}

/* stdout holds output at f's call ref of a function that starts a thread
 * (pthread_create()): the thread's start routine begins with it, as a
 * function called there does (Tinyhttpd's accept_request(), which forks a
 * CGI child, runs after main's unflushed printf()). */
static void thread_starts_with(struct fc_unflushed *fl, uint32_t f, struct fc_ref ref,
                               const struct fc_unflushed_at *s) {
  const struct fc_program *p = fl->p;
  if (!(fc_call_kinds(p, ref, NULL) & FC_K_THREAD_START))
    return;
  for (uint32_t i = 0; i < fc_event_at(p, ref)->n_args; i++) {
    const struct fc_arg *a = fc_call_arg(p, ref, i);
    int32_t h = a ? fc_arg_func(p, ref, a) : -1;
    if (h < 0 || fl->entry_dirty[h])
      continue;
    fl->entry_dirty[h] = 1;
    fl->entry_from[h] = ref;
    fl->entry_caller[h] = f;
    fl->entry_why[h] = s->why[0];
    fl->changed = 1;
  }
}

/* A constant put in a local after output written here (`printf(...);
 * version_shown = 1;`): on every way that holds the output the local
 * holds that constant, until it is assigned again, so a later test of it
 * (`if (version_shown) { ...; return NULL; }`) tells the ways with
 * output from those without (an option parser's version flag). It becomes the
 * condition of the output, unless that is already a test of a parameter
 * or a global, which the callers decide. */
static void flag_after_write(const struct fc_program *p, uint32_t f, struct fc_ref ref,
                             struct fc_unflushed_at *s) {
  const struct fc_event *ev = fc_event_at(p, ref);
  struct fc_arg a;
  if (ev->kind != FC_EV_ASSIGN || ev->var < 0 || !(s->dirty & 1) ||
      s->why[0].kind != FC_WHY_EVENT || test_rank(p, f, ev->var) > 0 ||
      (fc_var_flags(p, f, ev->var) & FC_VAR_MEMORY) || !fc_event_value(p, ref, &a) ||
      a.kind != FC_ARG_CONST || (s->only_if.var >= 0 && test_rank(p, f, s->only_if.var) > 0))
    return;
  s->only_if = (struct fc_unflushed_test){ev->var, a.value != 0};
}

/* Runs event ref of function f on s. Returns 0 when the path ends there. */
static int step(struct fc_unflushed *fl, uint32_t f, struct fc_ref ref, struct fc_unflushed_at *s, int32_t *vars) {
  const struct fc_program *p = fl->p;
  const struct fc_event *ev = fc_event_at(p, ref);
  /* A stream variable given a new stream holds no output yet. */
  int overwrites = ev->kind == FC_EV_ASSIGN || ev->kind == FC_EV_CALL;
  for (int b = 1; b < FC_STREAMS; b++)
    if (overwrites && ev->var >= 0 && vars[b] == ev->var)
      s->dirty &= (uint8_t)~(1u << b);
  if (overwrites && ev->var >= 0 && s->only_if.var == ev->var)
    s->only_if = always;
  if (overwrites && ev->var >= 0)
    forget(s, ev->var);
  flag_after_write(p, f, ref, s);
  if (!fc_call_is_direct(p, ref))
    return 1;
  struct fc_target t = fc_call_target(p, ref);
  if (t.func >= 0) {
    if (fl->propagate && (s->dirty & 1) && !fl->entry_dirty[t.func]) {
      fl->entry_dirty[t.func] = 1;
      fl->entry_from[t.func] = ref;
      fl->entry_caller[t.func] = f;
      fl->entry_why[t.func] = s->why[0];
      fl->changed = 1;
    }
    if (fc_reach_has(&fl->p->facts[FC_FACT_flushes], (uint32_t)t.func))
      s->dirty = 0;
    struct fc_unflushed_test cond;
    int returns_output = returned_with(fl, (uint32_t)t.func, ref, &cond);
    if (returns_output && (!(s->dirty & 1) || s->why[0].kind == FC_WHY_ENTRY)) {
      s->why[0].kind = FC_WHY_EVENT;
      s->why[0].ev = ref;
    }
    if (returns_output)
      add_stdout(s, cond);
    passes_stream(fl, f, ref, (uint32_t)t.func, s, vars);
  } else {
    if (fl->propagate && (s->dirty & 1))
      thread_starts_with(fl, f, ref, s);
    s->dirty &= (uint8_t)~flushed_streams(fl, ref, vars);
    int b = written_stream(fl, ref, vars);
    if (b >= 0 && (!(s->dirty >> b & 1) || s->why[b].kind == FC_WHY_ENTRY)) {
      s->why[b].kind = FC_WHY_EVENT;
      s->why[b].ev = ref;
    }
    if (b == 0)
      add_stdout(s, condition(p, f, s));
    else if (b > 0)
      s->dirty |= (uint8_t)(1u << b);
  }
  return !fc_call_noreturn(p, ref);
}

/* The state before event `upto` of block `blk` (all events: UINT32_MAX). */
static struct fc_unflushed_at run_block(struct fc_unflushed *fl, uint32_t f, uint32_t blk, struct fc_unflushed_at s,
                              uint32_t upto, int32_t *vars) {
  for (uint32_t i = 0; i < fc_event_count(fl->p, f, blk) && i < upto && s.live; i++) {
    struct fc_ref ref = fc_block_event(fl->p, f, blk, i);
    if (!step(fl, f, ref, &s, vars))
      s.live = 0;
  }
  return s;
}

static int run_flow(void *ctx, uint32_t b, void *s) {
  struct function_flow *c = ctx;
  struct fc_unflushed_at *st = s;
  *st = run_block(c->fl, c->f, b, *st, UINT32_MAX, c->vars);
  return st->live;
}

static int join_flow(void *ctx, void *into, const void *from) {
  (void)ctx;
  int changed = 0;
  merge(into, from, &changed);
  return changed;
}

/* The state at each block's entry; in[FC_EXIT] is the state at return. */
static struct fc_unflushed_at *flow_function(struct fc_unflushed *fl, uint32_t f, int32_t *vars) {
  struct fc_unflushed_at *in = fc_xcalloc(fc_block_count(fl->p, f), sizeof *in);
  uint32_t entry = FC_ENTRY;
  in[FC_ENTRY].live = 1;
  in[FC_ENTRY].only_if = always;
  for (int i = 0; i < FC_UNFLUSHED_KNOWN; i++)
    in[FC_ENTRY].known[i] = always;
  if (fl->propagate && fl->entry_dirty[f]) {
    in[FC_ENTRY].dirty = 1;
    in[FC_ENTRY].why[0].kind = FC_WHY_ENTRY;
  }
  struct function_flow c = {fl, f, vars};
  struct fc_flow df = {fl->p, f, sizeof *in, 1, run_flow, along_edge, join_flow, &c};
  fc_flow_run(&df, in, &entry, 1);
  return in;
}

static void init_vars(int32_t *vars) {
  for (int b = 0; b < FC_STREAMS; b++)
    vars[b] = -1;
}

/* What f returns on the paths where it returns with output in stdout: a
 * constant in `return 1;`, else anything. */
static enum returned result_with_output(struct fc_unflushed *fl, uint32_t f,
                                        const struct fc_unflushed_at *in, int32_t *vars) {
  const struct fc_program *p = fl->p;
  enum returned r = RET_NONE;
  for (uint32_t k = 0; k < fc_pred_count(p, f, FC_EXIT); k++) {
    uint32_t q = fc_pred(p, f, FC_EXIT, k), n = fc_event_count(p, f, q);
    struct fc_unflushed_at s = run_block(fl, f, q, in[q], UINT32_MAX, vars);
    if (!s.live || !(s.dirty & 1))
      continue;
    struct fc_ref last = n ? fc_block_event(p, f, q, n - 1) : (struct fc_ref){0, FC_NO_EVENT};
    const struct fc_arg *a = n && fc_event_at(p, last)->kind == FC_EV_RETURN
                                 ? fc_call_arg(p, last, 0) : NULL;
    enum returned this = a && a->kind == FC_ARG_CONST ? (a->value ? RET_NONZERO : RET_ZERO) : RET_ANY;
    r = r == RET_NONE || r == this ? this : RET_ANY;
  }
  return r;
}

/* The test of a parameter under which f returns with output (var -1:
 * none): what the flow knows at the return, when the variable is one of
 * f's parameters that f never assigns. */
static struct fc_unflushed_test param_test(const struct fc_program *p, uint32_t f,
                                           struct fc_unflushed_test at_exit) {
  if (at_exit.var < 0 || !(fc_var_flags(p, f, at_exit.var) & FC_VAR_PARAM))
    return always;
  for (uint32_t b = 0; b < fc_block_count(p, f); b++)
    for (uint32_t i = 0; i < fc_event_count(p, f, b); i++) {
      const struct fc_event *ev = fc_event_at(p, fc_block_event(p, f, b, i));
      if (ev->var == at_exit.var && (ev->kind == FC_EV_ASSIGN || ev->kind == FC_EV_CALL))
        return always;
    }
  return at_exit;
}

/* f returns with output (first time: under `test`; again under another
 * test: always). Returns whether anything changed. */
static int returns_output(struct fc_unflushed *fl, uint32_t f, const struct fc_unflushed_at *at_exit) {
  struct fc_unflushed_test test = param_test(fl->p, f, at_exit->only_if);
  if (!fl->out_dirty[f]) {
    fl->out_dirty[f] = 1;
    fl->out_why[f] = at_exit->why[0];
    fl->out_param[f] = test;
    return 1;
  }
  if (fl->out_param[f].var < 0 || same_test(fl->out_param[f], test))
    return 0;
  fl->out_param[f] = always;
  return 1;
}

/* Every function's flow until the facts between functions settle. */
static void settle_phase(struct fc_unflushed *fl) {
  const struct fc_program *p = fl->p;
  do {
    fl->changed = 0;
    for (uint32_t f = 0; f < fc_func_count(p); f++) {
      int32_t vars[FC_STREAMS];
      init_vars(vars);
      struct fc_unflushed_at *in = flow_function(fl, f, vars);
      if (!fl->propagate && (in[FC_EXIT].dirty & 1) && returns_output(fl, f, &in[FC_EXIT]))
        fl->changed = 1;
      uint16_t streams = fl->propagate ? 0 : streams_at_exit(fl, f, &in[FC_EXIT], vars);
      if (streams & ~fl->out_streams[f]) {
        fl->out_streams[f] |= streams;
        for (int b = 1; b < FC_STREAMS && fl->out_why[f].kind == FC_WHY_NONE; b++)
          if ((in[FC_EXIT].dirty >> b & 1) && in[FC_EXIT].why[b].kind == FC_WHY_EVENT)
            fl->out_why[f] = in[FC_EXIT].why[b]; /* for the notes */
        fl->changed = 1;
      }
      uint8_t result = fl->out_dirty[f] && !fl->propagate
                           ? (uint8_t)result_with_output(fl, f, in, vars) : fl->out_result[f];
      if (result != fl->out_result[f]) {
        fl->out_result[f] = result;
        fl->changed = 1;
      }
      free(in);
    }
  } while (fl->changed);
}

/* First which functions return with output they wrote, then, with those,
 * which are called with stdout unflushed. */
static void settle(struct fc_unflushed *fl) {
  fl->propagate = 0;
  settle_phase(fl);
  fl->propagate = 1;
  settle_phase(fl);
}

/* ---- the fact ---------------------------------------------------------- */

void fc_unflushed_compute(struct fc_program *p) {
  uint32_t n = fc_func_count(p) + 1;
  struct fc_unflushed *fl = fc_xcalloc(1, sizeof *fl);
  fl->p = p;
  fl->stdout_buffered = stdout_buffered(p);
  fl->out_dirty = fc_xcalloc(n, 1);
  fl->out_result = fc_xcalloc(n, 1);
  fl->out_param = fc_xcalloc(n, sizeof *fl->out_param);
  fl->out_why = fc_xcalloc(n, sizeof *fl->out_why);
  fl->out_streams = fc_xcalloc(n, sizeof *fl->out_streams);
  fl->entry_dirty = fc_xcalloc(n, 1);
  fl->entry_from = fc_xcalloc(n, sizeof *fl->entry_from);
  fl->entry_caller = fc_xcalloc(n, sizeof *fl->entry_caller);
  fl->entry_why = fc_xcalloc(n, sizeof *fl->entry_why);
  p->unflushed = fl;
  settle(fl);
}

void fc_unflushed_free(struct fc_program *p) {
  struct fc_unflushed *fl = p->unflushed;
  if (!fl)
    return;
  free(fl->out_dirty);
  free(fl->out_result);
  free(fl->out_param);
  free(fl->out_why);
  free(fl->out_streams);
  free(fl->entry_dirty);
  free(fl->entry_from);
  free(fl->entry_caller);
  free(fl->entry_why);
  free(fl);
  p->unflushed = NULL;
}

static struct fc_unflushed *fact(const struct fc_program *p) {
  fc_fact_check(p, FC_FACT_stdout_unflushed);
  return p->unflushed;
}

struct fc_unflushed_at fc_unflushed_before(const struct fc_program *p,
                                           const struct fc_fork_site *s) {
  struct fc_unflushed *fl = fact(p);
  int32_t vars[FC_STREAMS];
  init_vars(vars);
  struct fc_unflushed_at *in = flow_function(fl, s->func, vars);
  struct fc_unflushed_at at = run_block(fl, s->func, s->block, in[s->block], s->index, vars);
  free(in);
  for (int b = 0; b < FC_STREAMS; b++)
    at.vars[b] = vars[b];
  return at;
}

unsigned fc_unflushed_flushed_by(const struct fc_program *p, const struct fc_unflushed_at *at,
                                 struct fc_ref call) {
  int32_t vars[FC_STREAMS];
  for (int b = 0; b < FC_STREAMS; b++)
    vars[b] = at->vars[b];
  return flushed_streams(fact(p), call, vars);
}

struct fc_unflushed_why fc_unflushed_returns(const struct fc_program *p, uint32_t f) {
  return fact(p)->out_why[f];
}

struct fc_unflushed_why fc_unflushed_entry(const struct fc_program *p, uint32_t f,
                                           struct fc_ref *from, uint32_t *caller) {
  const struct fc_unflushed *fl = fact(p);
  *from = fl->entry_from[f];
  *caller = fl->entry_caller[f];
  return fl->entry_why[f];
}
