/*
 * Descriptors put in another's place: which dup2(fd, n) calls put a
 * descriptor of a null device (/dev/null) there, and which close(n) calls
 * leave n closed, so that what a process writes to n afterwards goes
 * nowhere (data/fd-replace.def). Computed at link for
 * fc_call_discards_fd(), which the engine's facts ask.
 *
 * A close(n) leaves n closed unless a call that returns the lowest free
 * descriptor may follow it in its function (`close(1); dup(pipe_fd);`: 1
 * again, now the pipe); the functions it calls are not looked into.
 *
 * A descriptor variable holds a null device when every value the program
 * gives it is an opener's result for such a path (`fd = open("/dev/null",
 * O_RDWR)`), or a constant (-1 before the open, as the open's failure
 * would leave it): for a local, in its function; for a global or a member,
 * in every function. Its address must not be taken, and a parameter's
 * value comes from the callers: neither is known.
 */
#include "program.h"

#include <stdlib.h>

/* Does the call open a null device: `open("/dev/null", ...)`? */
static int opens_null_device(const struct fc_program *p, struct fc_ref ref) {
  if (!fc_call_is_direct(p, ref) || fc_call_target(p, ref).func >= 0)
    return 0;
  int i = fc_knowledge_fd_open(fc_callee_name(p, ref));
  const struct fc_arg *a = i < 0 ? NULL : fc_call_arg(p, ref, (uint32_t)i);
  const char *path = a ? fc_arg_string(p, ref, a) : NULL;
  return path && fc_knowledge_null_device(path);
}

struct holder {
  int32_t var;         /* a local of the function asked about, or -1 */
  const char *storage; /* else the global or member */
  int opened;          /* a null device was opened into it */
};

static int names(const struct fc_program *p, uint32_t f, const struct holder *h, int32_t v) {
  return v >= 0 && (h->storage ? fc_var_in_storage(p, f, v, h->storage) : v == h->var);
}

/* Are the values f gives the holder only a null device's descriptor or a
 * constant? */
static int gives_only_null(const struct fc_program *p, uint32_t f, struct holder *h) {
  for (uint32_t b = 0; b < fc_block_count(p, f); b++)
    for (uint32_t i = 0; i < fc_event_count(p, f, b); i++) {
      struct fc_ref ref = fc_block_event(p, f, b, i);
      const struct fc_event *ev = fc_event_at(p, ref);
      struct fc_arg val;
      if (ev->kind == FC_EV_CALL)
        for (uint32_t k = 0; k < ev->n_args; k++) {
          const struct fc_arg *a = fc_call_arg(p, ref, k);
          if (a->kind == FC_ARG_ADDR && names(p, f, h, a->var))
            return 0;
        }
      if ((ev->kind != FC_EV_CALL && ev->kind != FC_EV_ASSIGN) || !names(p, f, h, ev->var))
        continue;
      if (ev->kind == FC_EV_CALL && opens_null_device(p, ref))
        h->opened = 1;
      else if (!(ev->kind == FC_EV_ASSIGN && fc_event_value(p, ref, &val) &&
                 val.kind == FC_ARG_CONST))
        return 0;
    }
  return 1;
}

/* Does variable v of f hold only a descriptor of a null device (or a
 * constant, before it is opened)? */
static int holds_null_device(const struct fc_program *p, uint32_t f, int32_t v) {
  if (v < 0 || (fc_var_flags(p, f, v) & FC_VAR_PARAM))
    return 0;
  struct holder h = {v, fc_var_storage(p, f, v), 0};
  if (!h.storage)
    return gives_only_null(p, f, &h) && h.opened;
  for (uint32_t g = 0; g < fc_func_count(p); g++)
    if (!gives_only_null(p, g, &h))
      return 0;
  return h.opened;
}

/* Does the call return the lowest free descriptor? An fc_call_pred. */
static int opens_lowest(const struct fc_program *p, struct fc_ref ref, void *arg) {
  (void)arg;
  return fc_call_is_direct(p, ref) && fc_call_target(p, ref).func < 0 &&
         fc_knowledge_fd_lowest(fc_callee_name(p, ref));
}

void fc_fds_compute(struct fc_program *p) {
  for (uint32_t f = 0; f < fc_func_count(p); f++) {
    FC_FOR_EACH_CALL(p, f, ref) {
      if (!fc_call_is_direct(p, ref) || fc_call_target(p, ref).func >= 0)
        continue;
      const char *name = fc_callee_name(p, ref);
      int into = fc_knowledge_fd_replace(name);
      const struct fc_arg *from = fc_call_arg(p, ref, 0);
      if (into == 0) { /* close(n), n a constant */
        if (!from || from->kind != FC_ARG_CONST)
          continue;
        if (!fc_call_then(p, f, ref, opens_lowest, NULL))
          fc_vec_push(&p->null_fd_calls, ref);
        continue;
      }
      /* dup2(old, new): the replacing descriptor is the first argument */
      if (into > 0 && from && from->kind == FC_ARG_VAR && holds_null_device(p, f, from->var))
        fc_vec_push(&p->null_fd_calls, ref);
    }
  }
  if (p->null_fd_calls.n > 1)
    qsort(p->null_fd_calls.v, p->null_fd_calls.n, sizeof *p->null_fd_calls.v, fc_ref_order);
}

int fc_call_discards_fd(const struct fc_program *p, struct fc_ref call, int64_t fd) {
  if (!fc_call_is_direct(p, call) || fc_call_target(p, call).func >= 0)
    return 0;
  int i = fc_knowledge_fd_replace(fc_callee_name(p, call));
  const struct fc_arg *a = i < 0 ? NULL : fc_call_arg(p, call, (uint32_t)i);
  if (!a || a->kind != FC_ARG_CONST || a->value != fd)
    return 0;
  return p->null_fd_calls.n > 0 &&
         bsearch(&call, p->null_fd_calls.v, p->null_fd_calls.n, sizeof call, fc_ref_order) != NULL;
}
