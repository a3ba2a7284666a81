/*
 * vfork-child-misuse: the child of vfork() runs on the parent's memory and
 * stack, and the parent is suspended until the child calls _exit() or
 * succeeds in an exec. POSIX leaves everything else undefined: any other
 * call, any write other than to the variable holding vfork()'s result, and
 * returning from the function that called vfork() (which pops the frame the
 * parent will return into). The Clang analyzer's unix.Vfork semantics,
 * with the vfork site in a note.
 */
#include "rules.h"

FC_RULE_READS(fc_rule_vfork_child_misuse, 0);


struct walk {
  struct fc_rule_ctx *ctx;
  const struct fc_fork_site *site;
  int32_t result; /* the variable holding vfork()'s result */
};

/* _exit, _Exit and the exec family; and reading errno (glibc's errno is a
 * call that returns the thread's errno address and writes nothing), so that
 * `_exit(errno == ENOENT ? 127 : 126)` is fine. */
/* A variable of static storage itself, not memory reached through one. */
static int static_flag(const struct fc_program *p, uint32_t func, int32_t var) {
  unsigned flags = fc_var_flags(p, func, var);
  return (flags & FC_VAR_GLOBAL) && !(flags & FC_VAR_MEMORY);
}

static int allowed_call(const struct fc_program *p, struct fc_ref ref) {
  struct fc_target t = fc_call_target(p, ref);
  return t.func < 0 && (t.kinds & (FC_K_EXEC | FC_K_VFORK_ALLOWED));
}

static int visit(void *arg, struct fc_ref ref, uint32_t block, unsigned state) {
  (void)block;
  struct walk *w = arg;
  const struct fc_program *p = w->ctx->prog;
  if (!(state & FC_CHILD))
    return 0;
  const struct fc_event *ev = fc_event_at(p, ref);
  struct fc_where at = fc_where_event(p, ref);
  struct fc_finding *f;
  switch (ev->kind) {
  case FC_EV_CALL:
    if (allowed_call(p, ref))
      return 0;
    f = fc_report(w->ctx->out, w->ctx->id, at,
                  "call to '%s' in the child of vfork(): only _exit() and the exec functions "
                  "may be called before the child ends or execs",
                  fc_callee_name(p, ref));
    break;
  case FC_EV_ASSIGN:
  case FC_EV_STORE:
    if (ev->var == w->result && ev->var >= 0)
      return 0;
    /* A flag of static storage set for the parent to read after the child
     * ends (libuv probes vfork this way): not the parent's stack frame and
     * not library state, so not what breaks the parent. */
    if (ev->kind == FC_EV_ASSIGN && ev->var >= 0 && static_flag(p, w->site->func, ev->var))
      return 0;
    f = fc_report(w->ctx->out, w->ctx->id, at,
                  "write to memory in the child of vfork(): the child shares the parent's "
                  "memory and may change only the variable holding vfork()'s result");
    break;
  case FC_EV_RETURN:
    f = fc_report(w->ctx->out, w->ctx->id, at,
                  "return in the child of vfork(): it pops the stack frame that the parent "
                  "returns into when it resumes");
    break;
  default:
    return 0;
  }
  fc_note(f, fc_where_event(p, w->site->call),
          "child process created here by vfork(), sharing the parent's memory")
      ->role = FC_NOTE_ORIGIN;
  fc_note(f, at,
          "in the child of vfork() call only _exit() or an exec function, with everything "
          "prepared before vfork(); use fork() or posix_spawn() for anything more");
  return 0;
}

void fc_rule_vfork_child_misuse(struct fc_rule_ctx *ctx) {
  const struct fc_program *p = ctx->prog;
  for (uint32_t i = 0; i < fc_fork_count(p); i++) {
    const struct fc_fork_site *s = fc_fork_at(p, i);
    if (s->kind != FC_SITE_VFORK)
      continue;
    struct fc_region r;
    fc_region_compute(p, s, &r);
    struct walk w = {ctx, s, fc_event_at(p, s->call)->var};
    if (fc_child_separated(p, &r))
      fc_region_walk(p, &r, visit, &w);
    fc_region_free(&r);
  }
}
