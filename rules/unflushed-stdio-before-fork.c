/*
 * unflushed-stdio-before-fork: output written through stdio and still in
 * the stream's buffer at fork() is copied into the child. If the child
 * flushes its copy -- exit(), a return from main, fflush() -- the text is
 * written twice when the stream is a pipe or a file (fully buffered). A
 * child that ends with _exit() or exec only does not flush.
 *
 * Whether a stream holds unflushed output at a fork is a forward flow over
 * each function's CFG: writes (printf, puts, fprintf/fputs/fwrite/putc to
 * stdout or a FILE * variable) set a stream's bit, fflush/fclose of it or
 * fflush(NULL) clear it. stdout's bit also flows between functions: out of
 * a function that may return with it set, and into a function called with
 * it set (a fixpoint over the whole program). stderr is unbuffered and not
 * tracked, nor is stdout when the program makes it unbuffered or line
 * buffered (setvbuf, setbuf, setlinebuf).
 */
#include "rules.h"

#include <stdlib.h>

#define NSTREAMS 8 /* bit 0: stdout; bits 1..7: FILE * variables of the function */

/* Why a stream's bit is set: the first write in the function, else the
 * caller's output passed in. */
enum { PROV_NONE, PROV_EVENT, PROV_ENTRY };
struct prov {
  uint8_t kind;
  struct fc_ref ev; /* PROV_EVENT: the write, or the call that leaves output */
};

struct state {
  uint8_t dirty;
  uint8_t live; /* the path reaches here */
  struct prov why[NSTREAMS];
};

struct flow {
  const struct fc_program *p;
  struct fc_reach flushes;    /* reaches fflush or fclose */
  int stdout_buffered;
  int propagate;              /* second phase: stdout's bit flows into callees */
  int changed;
  uint8_t *out_dirty;         /* per function: may return with output it wrote */
  struct prov *out_why;
  uint8_t *entry_dirty;       /* per function: may be called with stdout unflushed */
  struct fc_ref *entry_from;  /* the call that passes it in */
  uint32_t *entry_caller;     /* the function that makes that call */
  struct prov *entry_why;     /* why stdout is unflushed at that call */
};

/* ---- streams ----------------------------------------------------------- */

/* The stream bit of call argument a, or -1 (stderr, an expression, or no
 * bit left). vars maps bits 1.. to the function's variables. */
static int stream_bit(const struct flow *fl, struct fc_ref call, const struct fc_arg *a,
                      int32_t *vars) {
  if (a->kind != FC_ARG_VAR)
    return -1;
  const char *name = fc_arg_global(fl->p, call, a);
  uint32_t global = fc_knowledge_global(fc_program_knowledge(fl->p), name);
  if (global & FC_G_STDOUT)
    return fl->stdout_buffered ? 0 : -1;
  if (global & FC_G_STDERR)
    return -1;
  for (int b = 1; b < NSTREAMS; b++) {
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
static int written_stream(const struct flow *fl, struct fc_ref ref, int32_t *vars) {
  struct fc_target t = fc_call_target(fl->p, ref);
  if (!(t.kinds & FC_K_STDIO_WRITE))
    return -1;
  if (t.arg < 0)
    return fl->stdout_buffered ? 0 : -1;
  const struct fc_arg *a = fc_call_arg(fl->p, ref, (uint32_t)t.arg);
  return a ? stream_bit(fl, ref, a, vars) : -1;
}

/* The streams an external call flushes: a mask. */
static unsigned flushed_streams(const struct flow *fl, struct fc_ref ref, int32_t *vars) {
  struct fc_target t = fc_call_target(fl->p, ref);
  if (!(t.kinds & FC_K_STDIO_FLUSH))
    return 0;
  const struct fc_arg *a = t.arg < 0 ? NULL : fc_call_arg(fl->p, ref, (uint32_t)t.arg);
  if (!a || a->kind != FC_ARG_VAR)
    return 0xff; /* fflush(NULL), or a stream we do not follow */
  int b = stream_bit(fl, ref, a, vars);
  return b < 0 ? 0 : 1u << b;
}

static int calls_flush(const struct fc_program *p, struct fc_ref ref, void *arg) {
  (void)arg;
  struct fc_target t = fc_call_target(p, ref);
  return t.func < 0 && (t.kinds & FC_K_STDIO_FLUSH);
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
    if (fc_knowledge_global(fc_program_knowledge(p), stream) & FC_G_STDOUT)
      return 0;
  }
  return 1;
}

/* ---- the flow within a function --------------------------------------- */

static void merge(struct state *to, const struct state *from, int *changed) {
  if (!from->live)
    return;
  if (!to->live) {
    *to = *from;
    *changed = 1;
    return;
  }
  uint8_t d = to->dirty | from->dirty;
  for (int b = 0; b < NSTREAMS; b++)
    if ((from->dirty >> b & 1) && !(to->dirty >> b & 1))
      to->why[b] = from->why[b];
  if (d != to->dirty) {
    to->dirty = d;
    *changed = 1;
  }
}

/* Runs event ref of function f on s. Returns 0 when the path ends there. */
static int step(struct flow *fl, uint32_t f, struct fc_ref ref, struct state *s, int32_t *vars) {
  const struct fc_program *p = fl->p;
  const struct fc_event *ev = fc_event_at(p, ref);
  /* A stream variable given a new stream holds no output yet. */
  int overwrites = ev->kind == FC_EV_ASSIGN || ev->kind == FC_EV_CALL;
  for (int b = 1; b < NSTREAMS; b++)
    if (overwrites && ev->var >= 0 && vars[b] == ev->var)
      s->dirty &= (uint8_t)~(1u << b);
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
    if (fc_reach_has(&fl->flushes, (uint32_t)t.func))
      s->dirty = 0;
    if (fl->out_dirty[t.func] && (!(s->dirty & 1) || s->why[0].kind == PROV_ENTRY)) {
      s->dirty |= 1;
      s->why[0].kind = PROV_EVENT;
      s->why[0].ev = ref;
    }
  } else {
    s->dirty &= (uint8_t)~flushed_streams(fl, ref, vars);
    int b = written_stream(fl, ref, vars);
    if (b >= 0 && (!(s->dirty >> b & 1) || s->why[b].kind == PROV_ENTRY)) {
      s->dirty |= (uint8_t)(1u << b);
      s->why[b].kind = PROV_EVENT;
      s->why[b].ev = ref;
    }
  }
  return !fc_call_noreturn(p, ref);
}

/* The state before event `upto` of block `blk` (all events: UINT32_MAX). */
static struct state run_block(struct flow *fl, uint32_t f, uint32_t blk, struct state s,
                              uint32_t upto, int32_t *vars) {
  for (uint32_t i = 0; i < fc_event_count(fl->p, f, blk) && i < upto && s.live; i++) {
    struct fc_ref ref = fc_block_event(fl->p, f, blk, i);
    if (!step(fl, f, ref, &s, vars))
      s.live = 0;
  }
  return s;
}

struct function_flow {
  struct flow *fl;
  uint32_t f;
  int32_t *vars;
};

static int run_flow(void *ctx, uint32_t b, void *s) {
  struct function_flow *c = ctx;
  struct state *st = s;
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
static struct state *flow_function(struct flow *fl, uint32_t f, int32_t *vars) {
  struct state *in = fc_xcalloc(fc_block_count(fl->p, f), sizeof *in);
  uint32_t entry = FC_ENTRY;
  in[FC_ENTRY].live = 1;
  if (fl->propagate && fl->entry_dirty[f]) {
    in[FC_ENTRY].dirty = 1;
    in[FC_ENTRY].why[0].kind = PROV_ENTRY;
  }
  struct function_flow c = {fl, f, vars};
  struct fc_flow df = {fl->p, f, sizeof *in, 1, run_flow, NULL, join_flow, &c};
  fc_flow_run(&df, in, &entry, 1);
  return in;
}

static void init_vars(int32_t *vars) {
  for (int b = 0; b < NSTREAMS; b++)
    vars[b] = -1;
}

/* Every function's flow until the facts between functions settle. */
static void settle_phase(struct flow *fl) {
  const struct fc_program *p = fl->p;
  do {
    fl->changed = 0;
    for (uint32_t f = 0; f < fc_func_count(p); f++) {
      int32_t vars[NSTREAMS];
      init_vars(vars);
      struct state *in = flow_function(fl, f, vars);
      if (!fl->propagate && (in[FC_EXIT].dirty & 1) && !fl->out_dirty[f]) {
        fl->out_dirty[f] = 1;
        fl->out_why[f] = in[FC_EXIT].why[0];
        fl->changed = 1;
      }
      free(in);
    }
  } while (fl->changed);
}

/* First which functions return with output they wrote, then, with those,
 * which are called with stdout unflushed. */
static void settle(struct flow *fl) {
  fl->propagate = 0;
  settle_phase(fl);
  fl->propagate = 1;
  settle_phase(fl);
}

/* ---- the child -------------------------------------------------------- */

struct child_walk {
  const struct fc_program *p;
  const struct flow *fl;
  const struct fc_reach *exits;
  int in_main;
  struct fc_ref child_flush;  /* first place the child flushes, or none */
  int parent_flushes;
};

static int flushes_at_exit(const struct fc_program *p, const struct fc_reach *exits,
                           struct fc_ref ref) {
  struct fc_target t = fc_call_target(p, ref);
  if (t.func >= 0)
    return fc_reach_has(exits, (uint32_t)t.func);
  return (t.kinds & FC_K_EXIT_FLUSH) != 0;
}

static int visit_child(void *arg, struct fc_ref ref, uint32_t block, unsigned state) {
  (void)block;
  struct child_walk *w = arg;
  const struct fc_program *p = w->p;
  const struct fc_event *ev = fc_event_at(p, ref);
  int flushes = 0;
  if (ev->kind == FC_EV_RETURN)
    flushes = w->in_main;
  else if (fc_call_is_direct(p, ref))
    flushes = flushes_at_exit(p, w->exits, ref) ||
              fc_reach_call(p, &w->fl->flushes, calls_flush, NULL, ref);
  if (!flushes)
    return 0;
  if (state & FC_PARENT)
    w->parent_flushes = 1;
  else if ((state & FC_CHILD) && w->child_flush.event == FC_NO_EVENT)
    w->child_flush = ref;
  return 0;
}

/* Does the child alone reach the end of the function (and return to its
 * caller, which may flush)? */
static int child_returns_alone(const struct fc_program *p, const struct fc_region *r) {
  uint32_t f = r->site->func;
  for (uint32_t b = 0; b < fc_block_count(p, f); b++) {
    for (uint32_t e = 0; e < fc_succ_count(p, f, b); e++) {
      if (fc_succ(p, f, b, e) != FC_EXIT)
        continue;
      unsigned st = fc_region_edge_state(p, r, b, e);
      if ((st & FC_CHILD) && !(st & FC_PARENT))
        return 1;
    }
  }
  return 0;
}

/* ---- notes -------------------------------------------------------------- */

/* Where the unflushed output of stream bit b was written: a chain of notes
 * from the fork's function down to the write. */
static void note_write(const struct flow *fl, struct fc_finding *f, uint32_t func,
                       struct prov why, int b) {
  const struct fc_program *p = fl->p;
  for (uint32_t hops = 0; hops <= fc_func_count(p) && why.kind != PROV_NONE; hops++) {
    if (why.kind == PROV_ENTRY) {
      fc_note(f, fc_where_event(p, fl->entry_from[func]),
              "'%s' is called here with output still in stdout's buffer", fc_func_name(p, func));
      why = fl->entry_why[func];
      func = fl->entry_caller[func];
      continue;
    }
    struct fc_target t = fc_call_target(p, why.ev);
    if (t.func < 0) {
      fc_note(f, fc_where_event(p, why.ev),
              b ? "'%s' writes to this stream here, and nothing flushes it before the fork"
                : "'%s' writes to stdout here, and nothing flushes it before the fork",
              fc_callee_name(p, why.ev));
      return;
    }
    fc_note(f, fc_where_event(p, why.ev),
            "'%s', called here, leaves output in stdout's buffer", fc_func_name(p, (uint32_t)t.func));
    func = (uint32_t)t.func;
    why = fl->out_why[func];
  }
}

static void note_child_flush(const struct fc_program *p, struct fc_finding *f,
                             const struct child_walk *w, const struct fc_region *r) {
  if (w->child_flush.event == FC_NO_EVENT)
    fc_note(f, fc_where_event(p, r->site->call),
            "the child returns from '%s', and its caller may flush the copied buffer",
            fc_func_name(p, r->site->func));
  else if (fc_event_at(p, w->child_flush)->kind == FC_EV_RETURN)
    fc_note(f, fc_where_event(p, w->child_flush),
            "the child returns from 'main' here: exit() flushes the copied buffer");
  else
    fc_note(f, fc_where_event(p, w->child_flush),
            "the copied buffer is flushed here in the child, by '%s'",
            fc_callee_name(p, w->child_flush));
}

static void check_site(struct flow *fl, struct fc_rule_ctx *ctx, const struct fc_reach *exits,
                       const struct fc_fork_site *s) {
  const struct fc_program *p = fl->p;
  int32_t vars[NSTREAMS];
  init_vars(vars);
  struct state *in = flow_function(fl, s->func, vars);
  struct state at = run_block(fl, s->func, s->block, in[s->block], s->index, vars);
  free(in);
  if (!at.live || !at.dirty)
    return;
  struct fc_region r;
  fc_region_compute(p, s, &r);
  struct child_walk w = {p, fl, exits, fc_func_is_main(p, s->func),
                         {0, FC_NO_EVENT}, 0};
  fc_region_walk(p, &r, visit_child, &w);
  int child_flushes =
      w.child_flush.event != FC_NO_EVENT || (!r.child_returns && child_returns_alone(p, &r));
  /* A parent that ends with _exit() leaves the child's copy the only one. */
  if (child_flushes && !(r.parent_exits && !w.parent_flushes)) {
    struct fc_finding *f = fc_report(
        ctx->out, ctx->id, fc_where_event(p, s->call),
        (at.dirty & 1) ? "output written to stdout before this fork is still in its buffer, and "
                         "the child can flush its copy: the text appears twice when stdout is a "
                         "pipe or a file"
                       : "output written to a stream before this fork is still in its buffer, "
                         "and the child can flush its copy: the text is written twice");
    for (int b = 0; b < NSTREAMS; b++)
      if (at.dirty >> b & 1)
        note_write(fl, f, s->func, at.why[b], b);
    note_child_flush(p, f, &w, &r);
    fc_note(f, fc_where_event(p, s->call),
            "call fflush(NULL) before fork(), or end the child with _exit(); forksafe_fork() "
            "flushes stdio before forking");
  }
  fc_region_free(&r);
}

void fc_rule_unflushed_stdio_before_fork(struct fc_rule_ctx *ctx) {
  const struct fc_program *p = ctx->prog;
  uint32_t n = fc_func_count(p) + 1;
  struct flow fl = {p, fc_reach_compute(p, calls_flush, NULL), stdout_buffered(p), 0, 0,
                    fc_xcalloc(n, 1), fc_xcalloc(n, sizeof(struct prov)), fc_xcalloc(n, 1),
                    fc_xcalloc(n, sizeof(struct fc_ref)), fc_xcalloc(n, sizeof(uint32_t)),
                    fc_xcalloc(n, sizeof(struct prov))};
  struct fc_reach exits = fc_reach_compute(p, fc_calls_exit_cleanup, NULL);
  settle(&fl);
  for (uint32_t i = 0; i < fc_fork_count(p); i++)
    if (fc_fork_at(p, i)->kind == FC_SITE_FORK)
      check_site(&fl, ctx, &exits, fc_fork_at(p, i));
  fc_reach_free(&exits);
  fc_reach_free(&fl.flushes);
  free(fl.out_dirty);
  free(fl.out_why);
  free(fl.entry_dirty);
  free(fl.entry_from);
  free(fl.entry_caller);
  free(fl.entry_why);
}
