/*
 * unflushed-stdio-before-fork: output written through stdio and still in
 * the stream's buffer at fork() is copied into the child. If the child
 * flushes its copy -- exit(), a return from main, fflush() -- the text is
 * written twice when the stream is a pipe or a file (fully buffered). A
 * child that ends with _exit() or exec only does not flush.
 *
 * Which streams hold output at a fork is the stdout_unflushed fact of the
 * link (checker/unflushed.h); this rule judges what the child does with
 * them.
 *
 * In a child that can exec, the exit() where the exec (or the set-up
 * before it) failed is no flush to report: it writes the copy only when
 * that fails (checker/childexec.c), as child-exit-cleanup judges it.
 * Where the child's flush is its exit() (or a return from main), the
 * same _exit() that child-exit-cleanup asks for there removes this
 * finding too, and that finding names the output: this one yields to it.
 * Where the child flushes after it returned into its caller's code, it
 * yields to child-fallthrough's at the fork.
 */
#include "rules.h"
#include "unflushed.h"

#include <stdlib.h>

FC_RULE_READS(fc_rule_unflushed_stdio_before_fork,
              FC_FACT_BIT(stdout_unflushed) | FC_FACT_BIT(flushes) | FC_FACT_BIT(flushes_stdout) |
                  FC_FACT_BIT(exit_cleanup) | FC_FACT_BIT(exit_cleanup_usual) |
                  FC_FACT_BIT(alloc_failure) | FC_FACT_BIT(replaces_stdout_fd) |
                  FC_FACT_BIT(discards_stdout_fd) | FC_FACT_BIT(execs));

/* ---- the child -------------------------------------------------------- */

struct child_walk {
  const struct fc_program *p;
  const struct fc_region *r;        /* marked by the calls that move descriptor 1 */
  const struct fc_unflushed_at *at; /* the streams holding output at the fork */
  uint32_t func;                    /* the function the region covers */
  int in_main;
  struct fc_ref child_flush;  /* a place the child flushes (before descriptor 1 moved,
                                 when there is one), or none */
  int flush_unmoved;          /* the child may flush before it closed or replaced
                                 descriptor 1 */
  int parent_flushes;
  int fork_usual; /* the fork is not itself in code that runs only on a failed allocation */
  int may_exec;   /* the child can exec (fc_child_may_exec) */
};

/* A function of the program is judged with the call's constant arguments:
 * acquire_lock(1) does not reach its exit() under `if (!closeflag)`. With
 * the fact exit_cleanup_usual, not an exit() that runs only when an
 * allocation failed. */
static int flushes_at_exit(const struct fc_program *p, struct fc_ref ref, enum fc_fact exits) {
  struct fc_target t = fc_call_target(p, ref);
  if (t.func >= 0)
    return fc_fact_call_args(p, exits, ref);
  return (t.kinds & FC_K_EXIT_FLUSH) != 0;
}

/* Does the call flush output copied from the parent? fflush(f) and
 * fclose(f) flush f only (a pipe opened with fdopen() is not stdout); a
 * function of the program flushes stdout's copy when it may flush stdout,
 * and any stream's when it may flush any. */
static int flushes_copy(const struct child_walk *w, struct fc_ref ref) {
  struct fc_target t = fc_call_target(w->p, ref);
  if (t.func >= 0 || !(t.kinds & FC_K_STDIO_FLUSH))
    return fc_fact_call(w->p, w->at->dirty & ~1u ? FC_FACT_flushes : FC_FACT_flushes_stdout, ref);
  return (fc_unflushed_flushed_by(w->p, w->at, ref) & w->at->dirty) != 0;
}

/* Does the event flush? The child's flush is not one where it runs only
 * when an allocation failed (its own exit() after a failed malloc(), or an
 * xmalloc()'s): output written twice then is not what a reviewer asks to
 * fix, as child-exit-cleanup judges. */
static int flushes_at(const struct child_walk *w, struct fc_ref ref, uint32_t block, int child) {
  const struct fc_program *p = w->p;
  if (child && w->fork_usual && fc_block_alloc_failed(p, w->func, block))
    return 0;
  if (fc_event_at(p, ref)->kind == FC_EV_RETURN)
    return w->in_main;
  return fc_call_is_direct(p, ref) &&
         (flushes_at_exit(p, ref, child ? FC_FACT_exit_cleanup_usual : FC_FACT_exit_cleanup) ||
          flushes_copy(w, ref));
}

/* The region's marker: a call that closes or replaces descriptor 1 (with
 * arg, one that closes it or puts /dev/null there). */
static int moves_stdout(const struct fc_program *p, struct fc_ref ref, void *arg) {
  return fc_fact_call(p, arg ? FC_FACT_discards_stdout_fd : FC_FACT_replaces_stdout_fd, ref);
}

/* In a child that can exec, an exit() (or a return from main) where the
 * exec failed, or before it on a set-up failure, writes the copy again
 * only when that fails: no flush to report (fc_exit_on_exec_failure; as
 * child-exit-cleanup judges the same exit). */
static int flush_on_exec_failure(const struct child_walk *w, struct fc_ref ref, uint32_t block) {
  const struct fc_program *p = w->p;
  int exits = fc_event_at(p, ref)->kind == FC_EV_RETURN ||
              flushes_at_exit(p, ref, FC_FACT_exit_cleanup_usual);
  return w->may_exec && exits && fc_exit_on_exec_failure(p, w->r, block, ref);
}

static int visit_child(void *arg, struct fc_ref ref, uint32_t block, unsigned state) {
  struct child_walk *w = arg;
  if (state & FC_PARENT) {
    w->parent_flushes |= flushes_at(w, ref, block, 0);
  } else if ((state & FC_CHILD) && flushes_at(w, ref, block, 1) &&
             !flush_on_exec_failure(w, ref, block)) {
    int unmoved = !fc_region_marked_before(w->p, w->r, block, ref);
    if (w->child_flush.event == FC_NO_EVENT || (unmoved && !w->flush_unmoved))
      w->child_flush = ref; /* the note names one where the copy goes where the parent's did */
    w->flush_unmoved |= unmoved;
  }
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

/* Stdout alone holds output, and the child closes descriptor 1 or puts
 * /dev/null there before each place it flushes (AFL's fork server, the
 * `close(0); close(1); close(2); execl(...); exit(1);` of aircrack-ng's
 * helpers): its copy goes nowhere, whether or not the parent goes on. A
 * pipe put there instead gets the parent's text, and stays reported. */
static int child_discards(const struct fc_program *p, const struct fc_fork_site *s,
                          const struct fc_unflushed_at *at, int returns_alone) {
  if (at->dirty != 1)
    return 0;
  static int discards = 1;
  struct fc_region r;
  fc_region_compute_marked(p, s, moves_stdout, &discards, &r);
  struct child_walk w = {p, &r, at, r.func, fc_func_is_main(p, s->func), {0, FC_NO_EVENT}, 0, 0,
                         !fc_block_alloc_failed(p, s->func, s->block), 0};
  fc_region_walk(p, &r, visit_child, &w);
  /* a return on a path without the marker, or the end of a void function */
  int unmarked_return =
      returns_alone && (r.child_unmarked || (fc_region_in(&r, FC_EXIT) & FC_UNMARKED_IN(FC_CHILD)));
  fc_region_free(&r);
  return !w.flush_unmoved && !unmarked_return;
}

/* ---- notes -------------------------------------------------------------- */

/* The note of where the child flushes; the finding yields to the one that
 * the same _exit() fixes (see the top). */
static void note_child_flush(const struct fc_program *p, struct fc_finding *f,
                             const struct child_walk *w, const struct fc_region *r,
                             size_t write_note) {
  if (w->child_flush.event == FC_NO_EVENT) {
    fc_note(f, fc_where_event(p, r->site->call),
            "the child returns from '%s', and its caller may flush the copied buffer",
            fc_func_name(p, r->site->func));
    f->yields_to = fc_rule_child_fallthrough_id;
    /* Or a caller's exit() flushes it, and child-exit-cleanup's finding
     * there names the same write (tini's spawn(), whose child returns 1 to
     * main when its set-up fails, and main returns it). */
    f->also_yields_to = fc_rule_child_exit_cleanup_id;
    f->also_note = write_note;
    return;
  }
  if (fc_event_at(p, w->child_flush)->kind == FC_EV_RETURN)
    fc_note(f, fc_where_event(p, w->child_flush),
            "the child returns from 'main' here: exit() flushes the copied buffer");
  else
    fc_note(f, fc_where_event(p, w->child_flush),
            "the copied buffer is flushed here in the child, by '%s'",
            fc_callee_name(p, w->child_flush));
  if (fc_event_at(p, w->child_flush)->kind == FC_EV_RETURN ||
      flushes_at_exit(p, w->child_flush, FC_FACT_exit_cleanup_usual)) {
    f->yields_to = fc_rule_child_exit_cleanup_id;
    f->yield_note = f->notes.n;
  }
}

static void check_site(struct fc_rule_ctx *ctx, const struct fc_fork_site *s) {
  const struct fc_program *p = ctx->prog;
  if (s->role)
    return; /* the fork inside the function that returns the role is judged */
  struct fc_unflushed_at at = fc_unflushed_before(p, s);
  if (!at.live || !at.dirty)
    return;
  struct fc_region r;
  fc_region_compute_marked(p, s, moves_stdout, NULL, &r);
  struct child_walk w = {p, &r, &at, r.func, fc_func_is_main(p, s->func), {0, FC_NO_EVENT}, 0, 0,
                         !fc_block_alloc_failed(p, s->func, s->block), fc_child_may_exec(p, &r)};
  fc_region_walk(p, &r, visit_child, &w);
  int returns_alone = !r.child_returns && child_returns_alone(p, &r);
  /* A child that execs in its own code and returns to callers that only
   * end the process: a way where the exec, or its set-up, failed (jove's
   * recover child returns when the header cannot be read, before it execs
   * mv), as an exit() there. A return into code that goes on is
   * child-fallthrough's. */
  if (returns_alone && w.may_exec && fc_func_return_ends(p, r.func) &&
      fc_region_execs(p, &r, fc_region_grandchild_depth(p, &r), FC_CHILD, FC_PARENT))
    returns_alone = 0;
  int child_flushes = w.child_flush.event != FC_NO_EVENT || returns_alone;
  /* A parent that ends with _exit() leaves the child's copy the only one.
   * A daemon (the parent ends at once) that closes or replaces descriptor
   * 1 on every way to each place it may flush (onto /dev/null: sslh's
   * close_std(), pimd) writes its copy of stdout's buffer elsewhere, not a
   * second time where the parent wrote it. Decided by the flow of the
   * region's marker, not by the order the walk visits blocks in. */
  int daemon_moves = r.parent_exits && w.child_flush.event != FC_NO_EVENT && !w.flush_unmoved &&
                     !(returns_alone && r.child_unmarked) && at.dirty == 1;
  if (child_flushes && !(r.parent_exits && !w.parent_flushes) && !daemon_moves &&
      !child_discards(p, s, &at, returns_alone)) {
    struct fc_finding *f = fc_report(
        ctx->out, ctx->id, fc_where_event(p, s->call),
        (at.dirty & 1) ? "output written to stdout before this fork is still in its buffer, and "
                         "the child can flush its copy: the text appears twice when stdout is a "
                         "pipe or a file"
                       : "output written to a stream before this fork is still in its buffer, "
                         "and the child can flush its copy: the text is written twice");
    size_t write_note = 0; /* the first stream's write (note_child_flush) */
    for (int b = 0; b < FC_STREAMS; b++)
      if (at.dirty >> b & 1) {
        fc_note_unflushed_write(p, f, s->func, at.why[b], b, "");
        write_note = write_note ? write_note : f->notes.n;
      }
    note_child_flush(p, f, &w, &r, write_note);
    if (f->yields_to)
      fc_note(f, fc_where_event(p, s->call),
              "call fflush(NULL) before fork(), or end the child with _exit(); forksafe_fork() "
              "flushes stdio before forking");
    else /* the child flushes on purpose: only the parent's flush helps */
      fc_note(f, fc_where_event(p, s->call),
              "call fflush(NULL) before fork(); forksafe_fork() flushes stdio before forking");
  }
  fc_region_free(&r);
}

void fc_rule_unflushed_stdio_before_fork(struct fc_rule_ctx *ctx) {
  fc_check_sites(ctx, 1u << FC_SITE_FORK, check_site);
}
