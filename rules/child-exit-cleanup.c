/*
 * child-exit-cleanup: the child of fork() must not run the exit-time cleanup
 * it inherited from the parent. exit() runs the parent's atexit handlers
 * and flushes the stdio buffers copied at the fork, so both happen twice
 * (quick_exit() runs its at_quick_exit handlers); a return from main is
 * exit(). The classic is `execvp(...); exit(127);` after a failed exec.
 *
 * Only code that the child runs alone is judged: where the parent runs the
 * same code, the child has left its branch (child-fallthrough). A child
 * whose parent exits at once carries on as the process, by design
 * (daemonize); so does a grandchild whose parent exits (double fork), a
 * child after daemon(), and the child of a function that returns the
 * process's role after calling daemon() in the child; and a child whose code
 * can lead back into the function that forked: it runs the program again (a
 * shell's subshell). An exit() after the child registered a handler that
 * ends the process (`atexit(h)`, h calling _exit()) runs h first and
 * nothing else. vfork() children are vfork-child-misuse's.
 *
 * A child's exit() does harm only with evidence that the copied process
 * has work for it to do: the program registers exit-time work, buffered
 * output may be in the copied stdio buffers, or another thread may have
 * held a lock at the fork. The finding names it. `exit(127)` after a
 * failed exec without any is harmless; --exit-cleanup=always reports it
 * (the exit() of a child that can exec, whatever its harm).
 */
#include "rules.h"
#include "unflushed.h"

#include <stdlib.h>

FC_RULE_READS(fc_rule_child_exit_cleanup,
              FC_FACT_BIT(exit_cleanup_here) | FC_FACT_BIT(alloc_failure) | FC_FACT_BIT(execs) |
                  FC_FACT_BIT(exit_work) | FC_FACT_BIT(stdout_unflushed) |
                  FC_FACT_BIT(discards_stdout_fd));

/* Per fork site: the call makes the caller's process a daemon (the parent
 * of the process that carries on exits). */
struct daemonizing {
  uint8_t *site;
};

struct helper_seen {
  int32_t func;   /* the die() helper, or -1: a call of the C library's */
  uint32_t kinds; /* that call's kinds (exit() and err() alike; quick_exit() apart) */
  int no_exec;    /* its notes name the harm (walk.no_exec) */
  size_t finding;
};

/* A handler's guard: the storage it tests, in the function forking. */
struct guard {
  const struct fc_program *p;
  const char *storage;
  uint32_t func;
  struct fc_ref fork;
  uint8_t *in; /* per block: GUARD_* at its entry */
  int none;    /* the exit-time work has no such guard */
};

struct walk {
  struct fc_rule_ctx *ctx;
  const struct fc_fork_site *site;
  const struct fc_reach *exits;
  const struct fc_region *r;
  int in_main;
  int parent_leaves;  /* the parent ends, or returns from main, or never returns */
  int child_goes_on;  /* the child returns to the callers, where the parent never does */
  int threads; /* another thread may exist at the fork: why */
  struct fc_evidence why;
  /* A child that never execs: what makes its exit() harmful besides threads
   * (kind FC_EXITW_NONE, out.dirty 0: nothing). */
  int no_exec;
  struct fc_exit_work work;
  struct fc_unflushed_at out;
  int fork_usual; /* the fork is not itself in code that runs only on a failed allocation */
  int harm_known; /* work and out computed (for a success end that follows no exec) */
  /* what the child inherits, computed once (site_harm) */
  int site_known;
  struct fc_exit_work site_work;
  struct fc_unflushed_at site_out;
  uint32_t deeper; /* blocks this deep (fc_block_child_depth) are a grandchild's */
  uint8_t *middle; /* per block: the middle process of a double fork, after its own
                      fork, that never execs and has no harm to do (middle_ends) */
  /* The die() helpers and the C library's exit calls reported in this
   * child, with their finding (an index into the findings): later calls of
   * one are notes of that finding. */
  FC_VEC(struct helper_seen) helpers;
  FC_VEC(size_t) found; /* every finding made for this child */
  struct fc_region execs; /* with exec as its marker, once needed (fc_region_after_exec) */
  struct fc_region resets; /* with exit_work_reset as its marker, once needed */
  struct guard guard;       /* the handler's guard, once needed (work_disarmed) */
  struct fc_region discards; /* with discards_stdout as its marker, once needed */
  int out_gone; /* the exit() being reported comes after the child discarded stdout */
  /* The child can exec, and the exits are judged by their harm
   * (--exit-cleanup=harm): one on a way where the exec failed or never
   * came (a set-up failure) does not count the copied output as harm. */
  int may_exec;
  int failure_end; /* the exit() being judged is such a one */
};

/* Is output in the copied buffers harm of the exit() being judged? */
static int out_harm(const struct walk *w) {
  return w->out.live && w->out.dirty && !w->failure_end;
}

/* Code the child runs only when an allocation failed (after `if (p ==
 * NULL)` following `p = malloc(n)`): ending there with exit() is the least
 * of a child's problems, and no reviewer asks for _exit() in it. */
static int after_alloc_failure(const struct walk *w, uint32_t block) {
  return w->fork_usual && fc_block_alloc_failed(w->ctx->prog, w->r->func, block);
}

static int in_grandchild(const struct walk *w, uint32_t block) {
  return fc_block_child_depth(w->ctx->prog, w->r->func, block) >= w->deeper;
}

/* Judged: the child runs it alone, not after becoming a daemon nor after
 * registering a handler that ends the process (exit_is_own_after). */
static int child_alone(unsigned state) {
  return (state & FC_CHILD) && !(state & FC_PARENT) && (state & FC_UNMARKED_IN(FC_CHILD));
}

/* Does the child reach this point as itself (not after becoming a daemon
 * nor after registering a handler that ends the process), whether or not
 * the parent reaches it too? */
static int child_reaches(unsigned state) {
  return (state & FC_CHILD) && (state & FC_UNMARKED_IN(FC_CHILD));
}

/* Calls among events [0, n) of block b, besides those that only give back
 * what the process holds (free())? */
static int calls_in(const struct fc_program *p, uint32_t f, uint32_t b, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    struct fc_ref ref = fc_block_event(p, f, b, i);
    if (fc_event_at(p, ref)->kind == FC_EV_CALL && !fc_call_releases_only(p, ref))
      return 1;
  }
  return 0;
}

/* A return that ends the process, reached by the child after it left its
 * branch and joined the parent: when the two share calls on the way, the
 * child runs the parent's code first, child-fallthrough's finding. When
 * they share nothing but the end (`rv = 70; break;` after a failed exec,
 * then `return rv;`), the return is this rule's, as if the child had it
 * alone. Block b, its events before the n-th, and the shared blocks before
 * it. */
static int joins_only_to_end(const struct fc_program *p, const struct fc_region *r, uint32_t b,
                             uint32_t n) {
  uint32_t f = r->func, nb = fc_block_count(p, f);
  if (calls_in(p, f, b, n))
    return 0;
  unsigned char *seen = fc_xcalloc(nb, 1);
  FC_VEC(uint32_t) todo = {0};
  seen[b] = 1;
  fc_vec_push(&todo, b);
  int only_end = 1;
  while (todo.n && only_end) {
    uint32_t x = todo.v[--todo.n];
    for (uint32_t k = 0; k < fc_pred_count(p, f, x) && only_end; k++) {
      uint32_t y = fc_pred(p, f, x, k);
      if (y >= nb || seen[y] || (fc_region_in(r, y) & (FC_CHILD | FC_PARENT)) !=
                                    (FC_CHILD | FC_PARENT))
        continue;
      seen[y] = 1;
      if (y == r->site->block || calls_in(p, f, y, fc_event_count(p, f, y)))
        only_end = 0;
      fc_vec_push(&todo, y);
    }
  }
  fc_vec_free(&todo);
  free(seen);
  return only_end;
}

/* The child takes over the process's work, and its exit() is the process's
 * own end: the fork is on a branch, and the child goes on with the code that
 * the process runs when it does not fork, while the parent leaves (it ends,
 * or returns from main, or never returns): setsid's fork when the process
 * leads a group, a sandbox's pid-1 monitor; or the child returns to the
 * callers' code, which the parent never returns to (a server's accept loop
 * whose child returns to handle the connection). */
static int takes_over(const struct walk *w, uint32_t block) {
  return w->child_goes_on || (w->parent_leaves && fc_region_unforked(w->r, block));
}

/* The exit-time work the program registers, where. */
static void note_work(const struct fc_program *p, struct fc_finding *f,
                      const struct fc_exit_work *wk) {
  if (wk->kind == FC_EXITW_CALL) {
    int arg;
    fc_call_kinds(p, wk->at, &arg);
    const struct fc_arg *a = arg < 0 ? NULL : fc_call_arg(p, wk->at, (uint32_t)arg);
    int32_t h = a ? fc_arg_func(p, wk->at, a) : -1;
    if (h >= 0)
      fc_note(f, fc_where_event(p, wk->at),
              "the program registers '%s' with %s() here, and the child inherits it",
              fc_func_name(p, (uint32_t)h), fc_callee_name(p, wk->at));
    else
      fc_note(f, fc_where_event(p, wk->at),
              "the program registers an exit-time handler with %s() here, and the child "
              "inherits it",
              fc_callee_name(p, wk->at));
    return;
  }
  struct fc_where at = fc_where_func(p, (uint32_t)wk->func);
  if (wk->kind == FC_EXITW_DESTRUCTOR)
    fc_note(f, at, "'%s' is a destructor function of the program: exit() runs it in the child "
                   "too",
            fc_func_name(p, (uint32_t)wk->func));
  else if (wk->kind == FC_EXITW_STATIC_OBJECTS)
    fc_note(f, at, "this C++ file has objects of static storage with destructors: exit() "
                   "runs them in the child too");
  else
    fc_note(f, at, "the program embeds Python: exit() runs the interpreter's exit-time "
                   "work in the child too");
}

/* Where the output still in a copied buffer was written (the first stream
 * holding some): the chain down to the write, then what exit() does with it. */
static void note_output(const struct fc_program *p, struct fc_finding *f, const struct walk *w) {
  int b = 0;
  while (b < FC_STREAMS - 1 && !(w->out.dirty >> b & 1))
    b++;
  fc_note_unflushed_write(p, f, w->site->func, w->out.why[b], b,
                          ": the child copies the buffer, and exit() writes it again");
}

/* Why the exit() of a child that never execs does harm. */
static void note_harm(const struct walk *w, struct fc_finding *f) {
  const struct fc_program *p = w->ctx->prog;
  /* Python's thread note already says the file includes Python.h. */
  int python_said = w->threads && w->why.kind == FC_EVID_PYTHON;
  if (w->work.kind != FC_EXITW_NONE && !(w->work.kind == FC_EXITW_PYTHON && python_said))
    note_work(p, f, &w->work);
  if (w->out.live && w->out.dirty && !w->out_gone)
    note_output(p, f, w);
}

/* With threads, exit() is also not async-signal-safe (a lock another thread
 * held at the fork stays locked): child-unsafe-call leaves the call to this
 * finding, which says so with the evidence. */
static void notes_head(struct walk *w, struct fc_finding *f) {
  fc_note(f, fc_where_event(w->ctx->prog, w->site->call), "child process created here")->role =
      FC_NOTE_ORIGIN;
  if (w->threads)
    fc_note_thread_evidence(w->ctx->prog, f, w->site, &w->why);
  if (w->no_exec)
    note_harm(w, f);
}

static void notes(struct walk *w, struct fc_finding *f, struct fc_where at, const char *fix) {
  notes_head(w, f);
  fc_note(f, at, "%s", fix);
}

/* The same, for a return from func that ends the process. */
static void notes_return(struct walk *w, struct fc_finding *f, struct fc_where at,
                         uint32_t func) {
  notes_head(w, f);
  fc_note(f, at,
          "end the child with _exit() instead of returning from '%s'; confirm at run time with "
          "LD_PRELOAD=libforksafe-detect.so",
          fc_func_name(w->ctx->prog, func));
}

static const char *const fix_call =
    "use _exit() in the child: it ends the process without running the parent's atexit "
    "handlers or flushing its stdio buffers; confirm at run time with "
    "LD_PRELOAD=libforksafe-detect.so";

static const char *const fix_system_exit =
    "end the child with _exit() (os._exit() in Python), not by raising SystemExit";

/* PyErr_SetNone(PyExc_SystemExit) and the like: sys.exit() in C. */
static int raises_system_exit(const struct fc_program *p, struct fc_ref ref) {
  struct fc_target t = fc_call_target(p, ref);
  const struct fc_arg *exc = t.arg < 0 ? NULL : fc_call_arg(p, ref, (uint32_t)t.arg);
  if (!(t.kinds & FC_K_PY_RAISE) || !exc)
    return 0;
  const char *name = fc_arg_global(p, ref, exc);
  return (fc_knowledge_global(fc_program_knowledge(p), name) & FC_G_PY_SYSTEM_EXIT) != 0;
}

/* Does f end the process on its own, at once and without the exit-time
 * cleanup: with _exit() or _Exit() (what a vfork() child may call and
 * never returns), or with a call that never returns, with its arguments,
 * of a function of the program that cannot reach exit() (redis's
 * _serverAssert() ends with bugReportEnd(0, 0), which _exit()s or
 * abort()s)? */
static int ends_on_its_own(const struct fc_program *p, const struct fc_reach *exits, uint32_t f) {
  FC_FOR_EACH_CALL(p, f, ref) {
    struct fc_target t = fc_call_target(p, ref);
    if (!fc_call_is_direct(p, ref))
      continue;
    if (t.func < 0 && (t.kinds & FC_K_NORETURN) && (t.kinds & FC_K_VFORK_ALLOWED))
      return 1;
    if (t.func >= 0 && !fc_reach_has(exits, (uint32_t)t.func) && fc_call_noreturn(p, ref))
      return 1;
  }
  return 0;
}

/* A function that never returns and ends the process through exit(): it
 * does not end it on its own, so the exit() it reaches is its way out
 * (log_die() calling log(PANIC), which exits). */
static int dies_by_exit(const struct fc_program *p, const struct fc_reach *exits, int32_t f) {
  return f >= 0 && fc_func_noreturn(p, (uint32_t)f) && fc_reach_has(exits, (uint32_t)f) &&
         !ends_on_its_own(p, exits, (uint32_t)f);
}

/* Does the call run exit(), or a function that dies by exit()? */
static int calls_exit(const struct fc_program *p, const struct fc_reach *exits,
                      struct fc_ref call) {
  if (!fc_call_is_direct(p, call)) /* through a pointer: the target that exits */
    return dies_by_exit(p, exits, fc_reach_target(p, exits, call));
  struct fc_target t = fc_call_target(p, call);
  return t.func < 0 ? (t.kinds & FC_K_EXIT_CLEANUP) != 0 : dies_by_exit(p, exits, t.func);
}

/* A die() helper: it dies by exit() (it never returns, and does not end
 * the process on its own); or it never returns, ending with _exit() on
 * some paths and calling exit() (or a function that dies by it) on others
 * (uwsgi_exit()); or it returns, and the way it reaches exit() is such a
 * call of its own (check(ok, msg) calling die(msg)). A function that may
 * exit only deeper, on an error path of something it calls (an
 * allocator's out-of-memory exit; a process's _exit() wrapper whose debug
 * trace can panic), is not reported: in a program built on such functions
 * every call would be. */
static int exit_helper(const struct fc_program *p, const struct fc_reach *exits, int32_t f) {
  if (!fc_reach_has(exits, (uint32_t)f))
    return 0;
  if (dies_by_exit(p, exits, f))
    return 1;
  if (fc_func_noreturn(p, (uint32_t)f)) {
    FC_FOR_EACH_CALL(p, (uint32_t)f, ref) {
      if (calls_exit(p, exits, ref))
        return 1;
    }
    return 0;
  }
  return calls_exit(p, exits, fc_reach_via(exits, (uint32_t)f));
}

/* One finding per die() helper in a child: the fix is the same at every
 * call (or in the helper), and thirty calls of one checked-write helper
 * are one thing to fix. A later call of a helper already reported is a
 * note of its finding, one per place. */
static int again(struct walk *w, int32_t helper, struct fc_where at) {
  for (size_t i = 0; i < w->helpers.n; i++)
    if (w->helpers.v[i].func == helper) {
      struct fc_finding *f = &w->ctx->out->v.v[w->helpers.v[i].finding];
      const struct fc_note *last = f->notes.n ? &f->notes.v[f->notes.n - 1] : NULL;
      if (last && last->role == FC_NOTE_ALSO && fc_where_is(at, last->file, last->line, last->col))
        return 1;
      fc_note(f, at, "the child calls '%s' here too",
              fc_func_name(w->ctx->prog, (uint32_t)helper))
          ->role = FC_NOTE_ALSO;
      return 1;
    }
  return 0;
}

/* One finding per child for the C library's exit() too: a child that ends
 * with exit() in six places (after each failed set-up step, and after the
 * exec) has one thing wrong, and the fix, _exit() at each of them, is the
 * finding's fix-its. A later exit() is a note of the first one's finding
 * when that finding's notes say all there is to say of it: quick_exit(),
 * which runs other handlers, and a success end whose notes name a harm
 * the others' do not (visit()), have findings of their own. */
static int again_exit(struct walk *w, struct fc_ref ref, uint32_t kinds, struct fc_where at) {
  for (size_t i = 0; i < w->helpers.n; i++)
    if (w->helpers.v[i].func < 0 && w->helpers.v[i].kinds == kinds &&
        w->helpers.v[i].no_exec == w->no_exec) {
      struct fc_finding *f = &w->ctx->out->v.v[w->helpers.v[i].finding];
      fc_note(f, at, "the child calls '%s' here too", fc_callee_name(w->ctx->prog, ref))->role =
          FC_NOTE_ALSO;
      fc_fix_dropin(w->ctx->prog, f, ref);
      return 1;
    }
  return 0;
}

/* One finding per place in a child: the calls one macro expands to
 * (PostgreSQL's `ereport(FATAL, (errmsg(...), errdetail(...)))`: errstart(),
 * errmsg(), errdetail(), errfinish()) share a place, and the fix there is
 * one. A later call at the place of a finding is a note of it, and so are
 * the later calls of its helper elsewhere. */
static int same_place(struct walk *w, struct fc_ref ref, int32_t helper, struct fc_where at) {
  for (size_t i = 0; i < w->found.n; i++) {
    struct fc_finding *f = &w->ctx->out->v.v[w->found.v[i]];
    if (!fc_where_is(at, f->file, f->line, f->col))
      continue;
    fc_note(f, at, "'%s' here reaches exit() too",
            fc_callee_name(w->ctx->prog, ref))
        ->role = FC_NOTE_ALSO;
    if (helper >= 0) {
      struct helper_seen hs = {helper, 0, 0, w->found.v[i]};
      fc_vec_push(&w->helpers, hs);
    }
    return 1;
  }
  return 0;
}

/* Reports event ref of function func, run by the child, when it ends the
 * process with the exit-time cleanup: a call of exit() or of a die()
 * helper, or a return when returning from func ends the process
 * (`returns_end`). The finding, or NULL. */
static struct fc_finding *report_at(struct walk *w, struct fc_ref ref, uint32_t func,
                                    int returns_end) {
  const struct fc_program *p = w->ctx->prog;
  const struct fc_event *ev = fc_event_at(p, ref);
  struct fc_where at = fc_where_event(p, ref);
  if (ev->kind == FC_EV_RETURN) {
    if (!returns_end)
      return NULL;
    struct fc_finding *f =
        fc_report(w->ctx->out, w->ctx->id, at,
                  "return from '%s' in the child of fork() calls exit()%s, which runs the "
                  "parent's atexit handlers and flushes the stdio buffers copied from it",
                  fc_func_name(p, func),
                  fc_func_is_main(p, func) ? "" : " (its callers only end the process)");
    notes_return(w, f, at, func);
    return f;
  }
  if (ev->kind != FC_EV_CALL)
    return NULL;
  struct fc_target t = fc_call_target(p, ref);
  if (!fc_call_is_direct(p, ref) && (t.func = fc_reach_target(p, w->exits, ref)) < 0)
    return NULL;
  struct fc_finding *f;
  if (t.func < 0 && raises_system_exit(p, ref)) {
    f = fc_report(w->ctx->out, w->ctx->id, at,
                  "'%s' raises SystemExit in the child of fork(): when the child returns to "
                  "the interpreter, it exits as sys.exit() does, running the parent's atexit "
                  "handlers and flushing the buffers copied from it",
                  fc_callee_name(p, ref));
    notes(w, f, at, fix_system_exit);
    return f;
  }
  if (t.func < 0) {
    if (!(t.kinds & FC_K_EXIT_CLEANUP) || same_place(w, ref, -1, at) ||
        again_exit(w, ref, t.kinds, at))
      return NULL;
    const char *name = fc_callee_name(p, ref);
    f = fc_report(w->ctx->out, w->ctx->id, at,
                  "'%s' in the child of fork() runs the parent's exit-time cleanup: %s", name,
                  (t.kinds & FC_K_EXIT_FLUSH)
                      ? "its atexit handlers, and a flush of the stdio buffers copied from it"
                      : "its at_quick_exit handlers");
    fc_fix_dropin(p, f, ref);
    struct helper_seen hs = {-1, t.kinds, w->no_exec, w->ctx->out->v.n - 1};
    fc_vec_push(&w->helpers, hs);
  } else {
    if (!exit_helper(p, w->exits, t.func) ||
        !fc_fact_call_args(p, FC_FACT_exit_cleanup_here, ref))
      return NULL;
    if (again(w, t.func, at) || same_place(w, ref, t.func, at))
      return NULL;
    struct fc_finding scratch = {0};
    const char *last = fc_note_chain(p, &scratch, w->exits, ref);
    f = fc_report(w->ctx->out, w->ctx->id, at,
                  "call to '%s' reaches '%s', which runs the parent's exit-time cleanup in the "
                  "child of fork()",
                  fc_callee_name(p, ref), last);
    f->notes = scratch.notes;
    struct helper_seen hs = {t.func, 0, 0, w->ctx->out->v.n - 1};
    fc_vec_push(&w->helpers, hs);
  }
  notes(w, f, at, fix_call);
  fc_vec_push(&w->found, w->ctx->out->v.n - 1);
  return f;
}

/* Does the call end the interpreter: the Python C API's Py_Exit() or
 * Py_Finalize*(), or raising SystemExit? */
static int ends_interpreter(const struct fc_program *p, struct fc_ref ref) {
  return fc_event_at(p, ref)->kind == FC_EV_CALL && fc_call_is_direct(p, ref) &&
         fc_call_target(p, ref).func < 0 &&
         ((fc_call_py_role(p, ref) == FC_PY_API &&
           (fc_call_kinds(p, ref, NULL) & FC_K_EXIT_CLEANUP)) ||
          raises_system_exit(p, ref));
}

/* Does the child end the interpreter itself (ends_interpreter)? An
 * fc_region_visit that stops at the first. */
struct interp_end {
  const struct fc_program *p;
  int found;
};

static int child_ends_interpreter(void *arg, struct fc_ref ref, uint32_t block,
                                  unsigned state) {
  struct interp_end *v = arg;
  (void)block;
  v->found = (state & FC_CHILD) && ends_interpreter(v->p, ref);
  return v->found;
}

/* The exit-time work the child inherits (fc_exit_work_at(), a walk up
 * the callers) and the output in its copied buffers, computed once per
 * fork site. The interpreter a program embeds registers no exit-time work
 * with the C library: CPython runs its atexit callbacks and Py_AtExit()
 * functions, and flushes sys.stdout, in Py_FinalizeEx(), not in exit().
 * So a file that includes Python.h is exit-time work only for a child
 * that ends the interpreter itself (Py_Exit(), Py_Finalize*(), raising
 * SystemExit); a plain exit() (kitty's child.c) runs none of it. */
static void site_harm(struct walk *w) {
  if (w->site_known)
    return;
  w->site_known = 1;
  w->site_work = fc_exit_work_at(w->ctx->prog, w->site);
  w->site_out = fc_unflushed_before(w->ctx->prog, w->site);
  if (w->site_work.kind == FC_EXITW_PYTHON) {
    struct interp_end v = {w->ctx->prog, 0};
    fc_region_walk(w->ctx->prog, w->r, child_ends_interpreter, &v);
    if (!v.found)
      w->site_work.kind = FC_EXITW_NONE;
  }
}

/* exit(0) in a child that can exec, with no exec before it: the designed
 * end of a way through the child that does its own work instead (the root
 * branch of unshare's uid-map helper; the middle process of swayidle's
 * optional double fork, once its child is forked). It is neither the exit
 * after a failed exec nor a setup failure before one, and is judged as a
 * child's that never execs: by its harm. */
static int success_end_harmless(struct walk *w) {
  if (!w->harm_known) {
    w->harm_known = 1;
    site_harm(w);
    w->work = w->site_work;
    w->out = w->site_out;
  }
  return !w->threads && w->work.kind == FC_EXITW_NONE && !(w->out.live && w->out.dirty);
}

/* Does the call empty the exit-time callback lists the child inherited
 * (PostgreSQL's on_exit_reset(): data/exit-reset.def)? An fc_call_pred. */
static int exit_work_reset(const struct fc_program *p, struct fc_ref ref, void *arg) {
  (void)arg;
  return fc_call_is_direct(p, ref) && fc_knowledge_exit_reset(fc_callee_name(p, ref));
}

/* A child that never execs, whose exit() would harm only by the work the
 * program registers with atexit(): on every path from the fork to event
 * ref of block b, has it emptied the lists that work runs? Then the
 * handler finds nothing to do, and the exit() is the child's designed
 * end. */
static int work_was_reset(struct walk *w, uint32_t b, struct fc_ref ref) {
  const struct fc_program *p = w->ctx->prog;
  if (w->threads || w->work.kind != FC_EXITW_CALL || out_harm(w))
    return 0;
  if (!w->resets.in)
    fc_region_compute_marked(p, w->site, exit_work_reset, NULL, &w->resets);
  return fc_region_marked_before(p, &w->resets, b, ref);
}

/* Per block, whether the guard is 0 there: on no path yet, on every path,
 * or not known. */
enum { GUARD_UNSEEN, GUARD_ZERO, GUARD_ANY };

static int is_guard(const struct guard *g, const struct fc_program *p, int32_t v) {
  return fc_var_is_storage(p, g->func, v, g->storage);
}

/* What event ref does to the guard: assigned 0 (or the fork's result, 0
 * in the child), or anything else; a call that may write it. */
static uint8_t guard_after(const struct guard *g, const struct fc_program *p, struct fc_ref ref,
                           uint8_t st) {
  const struct fc_event *ev = fc_event_at(p, ref);
  struct fc_arg a;
  if (ev->kind == FC_EV_ASSIGN && is_guard(g, p, ev->var))
    return fc_event_value(p, ref, &a) && a.kind == FC_ARG_CONST && a.value == 0 ? GUARD_ZERO
                                                                                  : GUARD_ANY;
  if (ev->kind != FC_EV_CALL)
    return st;
  if (ref.tu == g->fork.tu && ref.event == g->fork.event)
    return is_guard(g, p, ev->var) ? GUARD_ZERO : st;
  if (is_guard(g, p, ev->var))
    return GUARD_ANY;
  /* A function of the program that may assign it; a library function only
   * through an address it is given (`close(pidfile.fd)` changes no
   * member). */
  if (fc_call_target(p, ref).func >= 0 || !fc_call_is_direct(p, ref))
    return fc_call_may_write(p, g->func, ref, g->storage) ? GUARD_ANY : st;
  const struct fc_arg *arg;
  for (uint32_t i = 0; (arg = fc_call_arg(p, ref, i)) != NULL; i++)
    if (arg->kind == FC_ARG_ADDR)
      return GUARD_ANY;
  return st;
}

static int guard_run(void *ctx, uint32_t b, void *s) {
  const struct guard *g = ctx;
  uint8_t *st = s;
  for (uint32_t i = 0; i < fc_event_count(g->p, g->func, b); i++)
    *st = guard_after(g, g->p, fc_block_event(g->p, g->func, b, i), *st);
  return *st != GUARD_UNSEEN;
}

/* A test of the guard that holds only for 0 makes it 0 on that way. */
static int guard_along(void *ctx, uint32_t b, uint32_t e, void *s) {
  const struct guard *g = ctx;
  const struct fc_edge *ed = fc_succ_edge(g->p, g->func, b, e);
  uint8_t *st = s;
  if (ed->test == FC_T_ALWAYS || !is_guard(g, g->p, ed->var))
    return 1;
  if (!fc_test_holds(ed->test, 0, ed->value))
    return *st != GUARD_ZERO; /* a way 0 cannot take */
  if (ed->test == FC_T_EQ)
    *st = GUARD_ZERO;
  return 1;
}

static int guard_join(void *ctx, void *into, const void *from) {
  (void)ctx;
  uint8_t *a = into;
  const uint8_t *b = from;
  if (*b <= *a)
    return 0;
  *a = *b;
  return 1;
}

/* The program's one handler does nothing unless a global is non-zero, and
 * on every path from the fork to event ref of block b the child has set
 * it to 0, or found it 0 (arachsys init's children: `if (pidfile.path)
 * pidfile.path = NULL;` before the exec, and pidfile_close() unlinks only
 * `if (pidfile.path)`), or holds the fork's result in it, 0 in the child
 * (kpropd: `fullprop_child = fork();`, and the handler kills only `if
 * (fullprop_child > 0)`); no call since may have set it again. */
static int work_disarmed(struct walk *w, uint32_t b, struct fc_ref ref) {
  const struct fc_program *p = w->ctx->prog;
  struct guard *g = &w->guard;
  if (w->threads || out_harm(w) || w->site->child >= 0 || g->none)
    return 0;
  if (!g->in) {
    const char *storage = fc_exit_work_guard(p, &w->work);
    if (!storage) {
      g->none = 1; /* once per fork site */
      return 0;
    }
    uint32_t n = fc_block_count(p, w->site->func), entry = FC_ENTRY;
    *g = (struct guard){p, storage, w->site->func, w->site->call, fc_xcalloc(n + 1, 1), 0};
    g->in[FC_ENTRY] = GUARD_ANY;
    struct fc_flow fl = {p, g->func, 1, 0, guard_run, guard_along, guard_join, g};
    fc_flow_run(&fl, g->in, &entry, 1);
  }
  uint8_t st = g->in[b];
  for (uint32_t i = 0; i < fc_event_count(p, g->func, b); i++) {
    struct fc_ref e = fc_block_event(p, g->func, b, i);
    if (e.tu == ref.tu && e.event == ref.event)
      break;
    st = guard_after(g, p, e, st);
  }
  return st == GUARD_ZERO;
}

/* Does the call close descriptor 1 or put /dev/null there? An fc_call_pred. */
static int discards_stdout(const struct fc_program *p, struct fc_ref ref, void *arg) {
  (void)arg;
  return fc_fact_call(p, FC_FACT_discards_stdout_fd, ref);
}

/* Stdout alone holds copied output, and on every path from the fork to
 * event ref of block b the child closed descriptor 1 or put /dev/null there
 * (`close(0); close(1); close(2); execl(...); exit(1);`): its flush writes
 * nothing where the parent's output went. */
static int stdout_discarded(struct walk *w, uint32_t b, struct fc_ref ref) {
  const struct fc_program *p = w->ctx->prog;
  if (!w->out.live || w->out.dirty != 1)
    return 0;
  if (!w->discards.in)
    fc_region_compute_marked(p, w->site, discards_stdout, NULL, &w->discards);
  return fc_region_marked_before(p, &w->discards, b, ref);
}

/* The exit() would harm only by that output: none. */
static int output_discarded(struct walk *w, uint32_t b, struct fc_ref ref) {
  return !w->threads && w->work.kind == FC_EXITW_NONE && stdout_discarded(w, b, ref);
}

static int visit(void *arg, struct fc_ref ref, uint32_t block, unsigned state) {
  struct walk *w = arg;
  const struct fc_program *p = w->ctx->prog;
  const struct fc_event *ev = fc_event_at(p, ref);
  /* A return from main, or the parent's exit() (fc_call_exits_with_cleanup),
   * that the child meets after it left its branch with nothing shared before
   * it (joins_only_to_end) is the child's end as much as the parent's (the
   * grandchild of a double fork whose exec failed, falling onto the middle
   * process's exit(0)). */
  int shared_end = (ev->kind == FC_EV_RETURN ? w->in_main : fc_call_exits_with_cleanup(p, ref)) &&
                   child_reaches(state) && !child_alone(state) &&
                   joins_only_to_end(p, w->r, block,
                                     fc_block_event_index(p, w->r->func, block, ref));
  if ((!child_alone(state) && !shared_end) || takes_over(w, block) ||
      after_alloc_failure(w, block) || in_grandchild(w, block) ||
      (w->middle && w->middle[block]))
    return 0;
  /* A failed assertion's handler that a hook makes exit (a test harness's)
   * is a crash by design, unless it reports a failed exec. */
  if (ev->kind == FC_EV_CALL && fc_call_crash_only(p, ref) &&
      !fc_region_after_exec(p, w->site, &w->execs, block, ref))
    return 0;
  if (!w->no_exec && fc_exit_success(p, ref) && !fc_child_exec_before(p, w->r, block, ref)) {
    if (success_end_harmless(w) || work_was_reset(w, block, ref) ||
        work_disarmed(w, block, ref) || output_discarded(w, block, ref))
      return 0;
    w->no_exec = 1; /* its notes name the harm */
    report_at(w, ref, w->r->func, w->in_main);
    w->no_exec = 0;
    return 0;
  }
  /* In a child that can exec, an exit() on a way where the exec failed, or
   * before it on a set-up failure, writes the copied output again only
   * when that fails: no harm without the program's work or a thread
   * (--exit-cleanup=always reports it). One with no exec before it and
   * not on a call's failure is the designed end of a way that does the
   * child's own work: it writes the copy every time it runs. */
  w->failure_end = w->may_exec && fc_exit_on_exec_failure(p, w->r, block, ref);
  if ((w->failure_end && !w->threads && w->work.kind == FC_EXITW_NONE) ||
      (w->no_exec && (work_was_reset(w, block, ref) || work_disarmed(w, block, ref) ||
                      output_discarded(w, block, ref)))) {
    w->failure_end = 0;
    return 0;
  }
  w->out_gone = w->no_exec && (w->failure_end || stdout_discarded(w, block, ref));
  report_at(w, ref, w->r->func, w->in_main);
  w->out_gone = 0;
  w->failure_end = 0;
  return 0;
}

/* The child reaches the closing brace of main: an implicit return. */
static void falls_off_main(struct walk *w, const struct fc_region *r) {
  const struct fc_program *p = w->ctx->prog;
  uint32_t fn = w->site->func, e;
  for (uint32_t b = 0; b < fc_block_count(p, fn); b++) {
    if (!fc_block_falls_off(p, fn, b, &e))
      continue;
    unsigned st = fc_region_edge_state(p, r, b, e);
    int shared_end = child_reaches(st) && !child_alone(st) &&
                     joins_only_to_end(p, r, b, fc_event_count(p, fn, b));
    if ((!child_alone(st) && !shared_end) || takes_over(w, b) || after_alloc_failure(w, b) ||
        in_grandchild(w, b))
      continue;
    struct fc_where at = fc_where_block_end(p, fn, b);
    struct fc_finding *f =
        fc_report(w->ctx->out, w->ctx->id, at,
                  "the child of fork() reaches the end of '%s', which calls exit()%s: the "
                  "parent's atexit handlers run and the stdio buffers copied from it are "
                  "flushed",
                  fc_func_name(p, fn),
                  fc_func_is_main(p, fn) ? "" : " (its callers only end the process)");
    notes_return(w, f, at, fn);
  }
}

/* The child runs the program's own logic again: a call in its code may lead
 * back into the function that forked (a shell's subshell runs the command
 * interpreter that forked it). Its exit() ends that copy of the program, by
 * design, as the parent's would. */
struct rerun {
  const struct fc_program *p;
  uint32_t func;
  int found;
};

static int reenters(void *arg, struct fc_ref ref, uint32_t block, unsigned state) {
  (void)block;
  struct rerun *rr = arg;
  rr->found = child_alone(state) && fc_event_at(rr->p, ref)->kind == FC_EV_CALL &&
              fc_call_reenters(rr->p, ref, rr->func);
  return rr->found;
}

static int reruns_program(const struct fc_program *p, const struct fc_region *r) {
  struct rerun rr = {p, r->site->func, 0};
  fc_region_walk(p, r, reenters, &rr);
  return rr.found;
}

/* A child whose exit() has nothing to do that harms: no exit-time work in
 * its program, no output in the copied buffers, no other thread at the
 * fork. With --exit-cleanup=always, only a child that never execs: its
 * exit() is its designed end, where one after a failed exec is reported
 * whatever its harm. */
static int harmless_end(struct walk *w, const struct fc_region *r) {
  const struct fc_program *p = w->ctx->prog;
  int may_exec = fc_child_may_exec(p, r);
  if (w->ctx->exit_always && may_exec)
    return 0;
  w->may_exec = may_exec;
  w->no_exec = 1;
  site_harm(w);
  w->work = w->site_work;
  w->out = w->site_out;
  return !w->threads && w->work.kind == FC_EXITW_NONE && !(w->out.live && w->out.dirty);
}

/* The exits of the middle process of a double fork after its own fork
 * (`if ((pid = fork()) < 0) exit(1); if (pid > 0) { waitpid(pid, ...);
 * exit(0); }`), where that process never execs: the exec is the
 * grandchild's, and the child execs itself only in a mode without the
 * second fork (sysvinit's spawn()). Such an exit() is judged by its harm,
 * as a child's that never execs: the blocks are marked when there is none. */
static uint8_t *middle_ends(struct walk *w, const struct fc_region *r) {
  const struct fc_program *p = w->ctx->prog;
  uint8_t *mark = NULL;
  if (w->site->child >= 0)
    return NULL;
  for (uint32_t i = 0; i < fc_fork_count(p); i++) {
    const struct fc_fork_site *s2 = fc_fork_at(p, i);
    if (s2 == w->site || s2->func != r->func || s2->child >= 0 || s2->kind != FC_SITE_FORK ||
        !fc_region_child_only(r, s2->block))
      continue;
    struct fc_region r2;
    fc_region_compute(p, s2, &r2);
    /* Its own fork's parent and failure sides: does one exec? */
    int execs = fc_region_execs(p, &r2, UINT32_MAX, FC_PARENT | FC_FAILED, 0);
    for (uint32_t b = 0; !execs && b < fc_block_count(p, r->func); b++) {
      unsigned in = fc_region_in(&r2, b);
      if (!(in & (FC_PARENT | FC_FAILED)) || (in & FC_CHILD) || fc_region_unforked(&r2, b))
        continue;
      if (!mark) {
        if (w->threads)
          break;
        site_harm(w);
        if (w->site_work.kind != FC_EXITW_NONE || (w->site_out.live && w->site_out.dirty))
          break;
        mark = fc_xcalloc(fc_block_count(p, r->func) + 1, 1);
      }
      mark[b] = 1;
    }
    fc_region_free(&r2);
  }
  return mark;
}

/* atexit(h) with a handler h that ends the process (`_exit()`): handlers
 * run last registered first, so an exit() after it runs h alone and neither
 * the parent's handlers nor the flush of the copied buffers. */
static int preempts_cleanup(const struct fc_program *p, struct fc_ref call) {
  int arg;
  if (!(fc_call_kinds(p, call, &arg) & FC_K_ATEXIT) || arg < 0)
    return 0;
  const struct fc_arg *a = fc_call_arg(p, call, (uint32_t)arg);
  int32_t h = a ? fc_arg_func(p, call, a) : -1;
  return h >= 0 && fc_func_noreturn(p, (uint32_t)h);
}

/* A fork made in the child of another, a child that never returns, to run
 * a command (its child can exec): the middle process of a double fork
 * that spawns, whose end is not the program's. The grandchild's exit()
 * after a failed exec runs the cleanup of the process alive above them,
 * as a plain child's would. A grandchild that never execs is a daemon
 * (setsid(), then the program's own work): its exit() is its own end. */
static int spawns(const struct fc_program *p, const struct fc_fork_site *s,
                  const struct fc_region *r) {
  return s->child < 0 && fc_call_in_child(p, s->call) && fc_child_may_exec(p, r);
}

/* Does the parent of the fork exec after it (the middle process of w3m's
 * uncompress_stream(): its child feeds it the data, it execs the
 * decompressor)? Then it does not hand the process over to the child: the
 * exec is its own, and its exits are judged. */
static int parent_execs(const struct fc_program *p, const struct fc_region *r) {
  return fc_region_execs(p, r, UINT32_MAX, FC_PARENT, FC_CHILD);
}

/* The marker of the child's region: after it, the child's exit() is not
 * the parent's cleanup. */
static int exit_is_own_after(const struct fc_program *p, struct fc_ref call, void *arg) {
  const struct daemonizing *d = arg;
  int32_t i = fc_fork_of_call(p, call);
  return (i >= 0 && d->site[i]) || preempts_cleanup(p, call);
}

void fc_rule_child_exit_cleanup(struct fc_rule_ctx *ctx) {
  const struct fc_program *p = ctx->prog;
  const struct fc_reach *exits = fc_fact(p, FC_FACT_exit_cleanup_here);
  struct daemonizing d = {fc_xcalloc(fc_child_site_count(p) + 1, 1)};
  for (uint32_t i = 0; i < fc_child_site_count(p); i++) {
    const struct fc_fork_site *s = fc_child_site_at(p, i);
    struct fc_region r;
    fc_region_compute(p, s, &r);
    int32_t callee = fc_call_target(p, s->call).func;
    if (s->kind == FC_SITE_DAEMON ||
        (r.parent_exits && !r.parent_stays && !spawns(p, s, &r) && !parent_execs(p, &r)) ||
        (s->role && callee >= 0 && fc_func_role_daemon(p, (uint32_t)callee)))
      d.site[i] = 1;
    fc_region_free(&r);
  }
  for (uint32_t i = 0; i < fc_child_site_count(p); i++) {
    const struct fc_fork_site *s = fc_child_site_at(p, i);
    if (s->kind != FC_SITE_FORK || d.site[i])
      continue;
    struct fc_region r;
    fc_region_compute_marked(p, s, exit_is_own_after, &d, &r);
    if (reruns_program(p, &r)) {
      fc_region_free(&r);
      continue;
    }
    struct walk w = {.ctx = ctx, .site = s, .exits = exits, .r = &r,
                     .deeper = fc_region_grandchild_depth(p, &r)};
    /* main, or a function whose callers only end the process after it
     * (a clone() child's function returning ends the child without cleanup) */
    w.in_main = s->child < 0 && fc_func_return_ends(p, r.func);
    int parent_returns = (fc_region_in(&r, FC_EXIT) & FC_PARENT) != 0;
    /* A parent that comes back to the fork (a loop that spawns several
     * children) does not leave the work to one of them. */
    int forks_again = (fc_region_in(&r, s->block) & FC_PARENT) != 0;
    w.parent_leaves = (w.in_main || !parent_returns) && !forks_again && !spawns(p, s, &r);
    w.child_goes_on = !w.in_main && !parent_returns && (fc_region_in(&r, FC_EXIT) & FC_CHILD);
    /* Another thread makes exit() harmful by the locks it may have held at
     * the fork: those of stdio, which exit() flushes. glibc's fork()
     * resets them in the child, and where threads are only a hypothesis
     * child-unsafe-call leaves stdio out too (fc_fork_resets_cover): then
     * only the program's work and pending output are harm. */
    w.threads = fc_threads_at(p, s, &w.why) && !fc_fork_resets_cover(p, &w.why);
    w.fork_usual = s->child >= 0 || !fc_block_alloc_failed(p, s->func, s->block);
    if (harmless_end(&w, &r)) {
      fc_region_free(&r);
      continue;
    }
    w.middle = middle_ends(&w, &r);
    fc_region_walk(p, &r, visit, &w);
    if (w.in_main)
      falls_off_main(&w, &r);
    fc_vec_free(&w.helpers);
    fc_vec_free(&w.found);
    free(w.middle);
    fc_region_free(&w.execs);
    fc_region_free(&w.resets);
    free(w.guard.in);
    fc_region_free(&w.discards);
    fc_region_free(&r);
  }
  free(d.site);
}
