/*
 * python-deprecated-afterfork: PyOS_AfterFork() is deprecated since Python
 * 3.7 in favour of PyOS_AfterFork_Child(), which it calls. The new name says
 * which process it is for, and comes with PyOS_BeforeFork() and
 * PyOS_AfterFork_Parent(), which run the os.register_at_fork() handlers. The
 * other Python rules take the old call as PyOS_AfterFork_Child().
 *
 * Against the headers of a Python before 3.7 (PY_VERSION_HEX, or
 * PY_MAJOR_VERSION and PY_MINOR_VERSION, as the file saw them), the old
 * call is the only one there is, and is not reported.
 */
#include "python.h"

FC_RULE_READS(fc_rule_python_deprecated_afterfork, 0);

void fc_rule_python_deprecated_afterfork(struct fc_rule_ctx *ctx) {
  const struct fc_program *p = ctx->prog;
  for (uint32_t c = 0; c < fc_call_count(p); c++) {
    struct fc_ref ref = fc_call_at(p, c);
    if (fc_call_py_role(p, ref) != FC_PY_AFTER_LEGACY || fc_call_target(p, ref).func >= 0 ||
        !fc_call_py_deprecated(p, ref))
      continue;
    struct fc_where at = fc_where_event(p, ref);
    struct fc_finding *f = fc_report(ctx->out, ctx->id, at,
                                     "'PyOS_AfterFork' is deprecated since Python 3.7; use "
                                     "'PyOS_AfterFork_Child'");
    fc_fix_dropin(p, f, ref);
    fc_note(f, at,
            "call PyOS_AfterFork_Child() in the child, with PyOS_BeforeFork() before the fork "
            "and PyOS_AfterFork_Parent() in the parent (also when fork fails)");
  }
}
