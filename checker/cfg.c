/* The query layer over the linked program (cfg.h): reads, and two walks. */
#include "cfg.h"
#include "program.h"
#include "knowledge.h"

#include <stdlib.h>
#include <string.h>

/* ---- the program ------------------------------------------------------- */

enum fc_threads_mode fc_threads_mode(const struct fc_program *p) { return p->threads; }
int fc_has_main(const struct fc_program *p) { return p->has_main; }
const struct fc_knowledge *fc_program_knowledge(const struct fc_program *p) { return p->know; }

int fc_any_python(const struct fc_program *p) {
  for (uint32_t t = 0; t < p->n_tus; t++)
    if (p->tus[t]->flags & FC_TU_PYTHON)
      return 1;
  return 0;
}

uint32_t fc_fork_count(const struct fc_program *p) { return (uint32_t)p->forks.n; }
const struct fc_fork_site *fc_fork_at(const struct fc_program *p, uint32_t i) {
  return &p->forks.v[i];
}
int32_t fc_fork_of_call(const struct fc_program *p, struct fc_ref call) {
  uint32_t lo = 0, hi = (uint32_t)p->forks.n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    struct fc_ref at = p->fork_by_call[mid].call;
    if (at.tu == call.tu && at.event == call.event)
      return (int32_t)p->fork_by_call[mid].site;
    if (at.tu < call.tu || (at.tu == call.tu && at.event < call.event))
      lo = mid + 1;
    else
      hi = mid;
  }
  return -1;
}

uint32_t fc_child_site_count(const struct fc_program *p) {
  return (uint32_t)(p->forks.n + p->clones.n);
}
const struct fc_fork_site *fc_child_site_at(const struct fc_program *p, uint32_t i) {
  return i < p->forks.n ? &p->forks.v[i] : &p->clones.v[i - p->forks.n];
}

uint32_t fc_call_count(const struct fc_program *p) { return (uint32_t)p->calls.n; }
struct fc_ref fc_call_at(const struct fc_program *p, uint32_t i) { return p->calls.v[i]; }

/* ---- functions --------------------------------------------------------- */

static const struct fc_pfunc *pfunc(const struct fc_program *p, uint32_t f) {
  return &p->funcs.v[f];
}

uint32_t fc_func_count(const struct fc_program *p) { return (uint32_t)p->funcs.n; }
const char *fc_func_name(const struct fc_program *p, uint32_t f) {
  return fc_pstr(p, pfunc(p, f)->tu, pfunc(p, f)->fn->name);
}
int fc_func_is_main(const struct fc_program *p, uint32_t f) {
  return (pfunc(p, f)->fn->flags & FC_FN_MAIN) != 0;
}

int fc_func_return_ends(const struct fc_program *p, uint32_t f) {
  return pfunc(p, f)->return_ends;
}

_Static_assert(FC_MENTION_COUNT <= 32, "a function's mentions are one 32-bit word");

int fc_func_mentions(const struct fc_program *p, uint32_t f, unsigned mention) {
  return (pfunc(p, f)->fn->mentions >> mention) & 1u;
}
int fc_func_address_taken(const struct fc_program *p, uint32_t f) {
  return pfunc(p, f)->address_taken;
}
int fc_func_noreturn(const struct fc_program *p, uint32_t f) { return pfunc(p, f)->noreturn; }
int fc_func_fork_source(const struct fc_program *p, uint32_t f) {
  return pfunc(p, f)->fork_source;
}
int fc_func_role(const struct fc_program *p, uint32_t f, struct fc_value ret[FC_OUTCOMES],
                 unsigned *outcomes) {
  const struct fc_pfunc *pf = pfunc(p, f);
  if (!pf->role)
    return 0;
  memcpy(ret, pf->role_ret, sizeof pf->role_ret);
  *outcomes = pf->role_outcomes;
  return 1;
}
int fc_func_role_daemon(const struct fc_program *p, uint32_t f) {
  return pfunc(p, f)->role && pfunc(p, f)->role_daemon;
}
uint32_t fc_var_count(const struct fc_program *p, uint32_t f) { return pfunc(p, f)->fn->n_vars; }
uint32_t fc_func_call_count(const struct fc_program *p, uint32_t f) {
  return pfunc(p, f)->calls_count;
}
struct fc_ref fc_func_call(const struct fc_program *p, uint32_t f, uint32_t k) {
  return p->calls.v[pfunc(p, f)->calls_first + k];
}
uint32_t fc_caller_count(const struct fc_program *p, uint32_t f) {
  return p->callers_first[f + 1] - p->callers_first[f];
}
struct fc_caller fc_caller_at(const struct fc_program *p, uint32_t f, uint32_t k) {
  return p->callers[p->callers_first[f] + k];
}
unsigned fc_var_flags(const struct fc_program *p, uint32_t f, int32_t v) {
  const struct fc_pfunc *pf = pfunc(p, f);
  return p->tus[pf->tu]->var_flags.v[pf->fn->var_first + (uint32_t)v];
}
const char *fc_var_storage(const struct fc_program *p, uint32_t f, int32_t v) {
  const struct fc_pfunc *pf = pfunc(p, f);
  const struct fc_tu *tu = p->tus[pf->tu];
  uint32_t i = pf->fn->var_first + (uint32_t)v;
  if (v < 0 || (uint32_t)v >= pf->fn->n_vars || i >= tu->var_storage.n ||
      tu->var_storage.v[i] == FC_NO_STR)
    return NULL;
  return fc_pstr(p, pf->tu, tu->var_storage.v[i]);
}

int fc_var_is_storage(const struct fc_program *p, uint32_t f, int32_t v, const char *storage) {
  const char *s = v >= 0 ? fc_var_storage(p, f, v) : NULL;
  return s && storage && !strcmp(s, storage);
}
int fc_var_in_storage(const struct fc_program *p, uint32_t f, int32_t v, const char *storage) {
  const char *s = fc_var_storage(p, f, v);
  return s && storage && strcmp(s, storage) == 0;
}

/* Does the call pass the storage's address (`&flag`)? */
static int passes_address(const struct fc_program *p, uint32_t f, struct fc_ref call,
                          const char *storage) {
  const struct fc_arg *a;
  for (uint32_t i = 0; (a = fc_call_arg(p, call, i)) != NULL; i++)
    if (a->kind == FC_ARG_ADDR && fc_var_in_storage(p, f, a->var, storage))
      return 1;
  return 0;
}

int fc_call_may_write(const struct fc_program *p, uint32_t f, struct fc_ref call,
                      const char *storage) {
  uint32_t id = storage && p->may_write ? fc_strtab_find(&p->flag_storages, storage) : FC_NO_STR;
  const struct fc_target *t;
  uint32_t n = fc_call_targets(p, call, &t);
  if (id == FC_NO_STR || n == 0)
    return 1;
  int member = strncmp(storage, "f:", 2) == 0;
  for (uint32_t i = 0; i < n; i++)
    if (t[i].func >= 0 ? p->may_write[id][t[i].func]
                       : member || passes_address(p, f, call, storage))
      return 1;
  return 0;
}

static uint32_t mark_from(const struct fc_program *p, uint32_t *queue, uint32_t tail,
                          uint8_t *seen, int handed) {
  for (uint32_t head = 0; head < tail; head++)
    FC_FOR_EACH_CALL(p, queue[head], ref) {
      const struct fc_target *t;
      uint32_t k = fc_call_targets(p, ref, &t);
      for (uint32_t i = 0; i < k; i++)
        if (t[i].func >= 0 && !seen[t[i].func]) {
          seen[t[i].func] = 1;
          queue[tail++] = (uint32_t)t[i].func;
        }
      for (uint32_t i = 0; handed && i < fc_event_at(p, ref)->n_args; i++) {
        int32_t g = fc_arg_func(p, ref, fc_call_arg(p, ref, i));
        if (g >= 0 && !seen[g]) {
          seen[g] = 1;
          queue[tail++] = (uint32_t)g;
        }
      }
    }
  return tail;
}

uint32_t fc_mark_callees(const struct fc_program *p, uint32_t *queue, uint32_t tail,
                         uint8_t *seen) {
  return mark_from(p, queue, tail, seen, 0);
}

uint32_t fc_mark_run(const struct fc_program *p, uint32_t *queue, uint32_t tail, uint8_t *seen) {
  return mark_from(p, queue, tail, seen, 1);
}

uint32_t fc_mark_callers_via(const struct fc_program *p, uint32_t *queue, uint32_t tail,
                             uint8_t *seen, fc_call_pred pass, void *arg) {
  for (uint32_t head = 0; head < tail; head++)
    for (uint32_t k = 0; k < fc_caller_count(p, queue[head]); k++) {
      struct fc_caller c = fc_caller_at(p, queue[head], k);
      if (!seen[c.caller] && (!pass || pass(p, c.call, arg))) {
        seen[c.caller] = 1;
        queue[tail++] = c.caller;
      }
    }
  return tail;
}

uint32_t fc_mark_callers(const struct fc_program *p, uint32_t *queue, uint32_t tail,
                         uint8_t *seen) {
  return fc_mark_callers_via(p, queue, tail, seen, NULL, NULL);
}

void fc_mark_leading_to(const struct fc_program *p, uint32_t f, uint8_t *leads, uint32_t b) {
  uint32_t nb = fc_block_count(p, f);
  leads[b] = 1;
  for (int changed = 1; changed;) {
    changed = 0;
    for (uint32_t a = nb; a-- > 0;) /* blocks mostly come before their successors */
      for (uint32_t e = 0; !leads[a] && e < fc_succ_count(p, f, a); e++) {
        uint32_t t = fc_succ(p, f, a, e);
        if (t < nb && leads[t])
          leads[a] = 1, changed = 1;
      }
  }
}

int fc_var_settled(const struct fc_program *p, uint32_t f, int32_t v) {
  const char *s = v >= 0 && (fc_var_flags(p, f, v) & (FC_VAR_GLOBAL | FC_VAR_VOLATILE)) ==
                               FC_VAR_GLOBAL && p->settled
                      ? fc_var_storage(p, f, v) : NULL;
  uint32_t id = s ? fc_strtab_find(&p->flag_storages, s) : FC_NO_STR;
  return id != FC_NO_STR && p->settled[id];
}

/* ---- blocks ------------------------------------------------------------ */

static const struct fc_block *block(const struct fc_program *p, uint32_t f, uint32_t b) {
  const struct fc_pfunc *pf = pfunc(p, f);
  return fc_fn_block(p->tus[pf->tu], pf->fn, b);
}

uint32_t fc_block_count(const struct fc_program *p, uint32_t f) {
  return pfunc(p, f)->fn->block_count;
}
uint32_t fc_succ_count(const struct fc_program *p, uint32_t f, uint32_t b) {
  return block(p, f, b)->edge_count;
}
const struct fc_edge *fc_succ_edge(const struct fc_program *p, uint32_t f, uint32_t b,
                                   uint32_t e) {
  return &p->tus[pfunc(p, f)->tu]->edges.v[block(p, f, b)->edge_first + e];
}
uint32_t fc_succ(const struct fc_program *p, uint32_t f, uint32_t b, uint32_t e) {
  return fc_succ_edge(p, f, b, e)->target;
}
uint32_t fc_pred_count(const struct fc_program *p, uint32_t f, uint32_t b) {
  return pfunc(p, f)->pred_first[b + 1] - pfunc(p, f)->pred_first[b];
}
uint32_t fc_pred(const struct fc_program *p, uint32_t f, uint32_t b, uint32_t k) {
  return pfunc(p, f)->preds[pfunc(p, f)->pred_first[b] + k];
}
uint32_t fc_event_count(const struct fc_program *p, uint32_t f, uint32_t b) {
  return block(p, f, b)->ev_count;
}
struct fc_ref fc_block_event(const struct fc_program *p, uint32_t f, uint32_t b, uint32_t i) {
  struct fc_ref r = {pfunc(p, f)->tu, block(p, f, b)->ev_first + i};
  return r;
}
uint32_t fc_block_event_index(const struct fc_program *p, uint32_t f, uint32_t b,
                              struct fc_ref ref) {
  const struct fc_block *bl = block(p, f, b);
  return ref.event >= bl->ev_first && ref.event - bl->ev_first < bl->ev_count
             ? ref.event - bl->ev_first
             : bl->ev_count;
}
int fc_block_end(const struct fc_program *p, uint32_t f, uint32_t b, struct fc_loc *out) {
  *out = block(p, f, b)->end;
  return out->file != FC_NO_STR;
}

int fc_block_falls_off(const struct fc_program *p, uint32_t f, uint32_t b, uint32_t *edge) {
  uint32_t n = fc_event_count(p, f, b);
  struct fc_loc end;
  if ((n && fc_event_at(p, fc_block_event(p, f, b, n - 1))->kind == FC_EV_RETURN) ||
      !fc_block_end(p, f, b, &end))
    return 0;
  for (uint32_t e = 0; e < fc_succ_count(p, f, b); e++)
    if (fc_succ(p, f, b, e) == FC_EXIT) {
      *edge = e;
      return 1;
    }
  return 0;
}

/* ---- events and calls -------------------------------------------------- */

const struct fc_event *fc_event_at(const struct fc_program *p, struct fc_ref r) {
  return &p->tus[r.tu]->events.v[r.event];
}

int fc_in_python_tu(const struct fc_program *p, struct fc_ref ev) {
  return (p->tus[ev.tu]->flags & FC_TU_PYTHON) != 0;
}

/* The integer macros recorded per file (data/macros.def). */
enum macro_id {
#define FC_MACRO(name) MACRO_##name,
#include "macros.def"
};

static const char *const macro_names[] = {
#define FC_MACRO(name) #name,
#include "macros.def"
};

/* The value of macro m in the file of event ev: 1 with *value when the file
 * defines it as an integer literal. */
static int tu_macro(const struct fc_program *p, struct fc_ref ev, enum macro_id m,
                    int64_t *value) {
  const struct fc_tu *tu = p->tus[ev.tu];
  for (size_t i = 0; i < tu->macros.n; i++)
    if (!strcmp(fc_str(&tu->strs, tu->macros.v[i].name), macro_names[m])) {
      *value = tu->macros.v[i].value;
      return 1;
    }
  return 0;
}

int fc_macro_value(const struct fc_program *p, struct fc_ref ev, const char *name,
                   int64_t *value) {
  for (size_t m = 0; m < sizeof macro_names / sizeof macro_names[0]; m++)
    if (!strcmp(macro_names[m], name))
      return tu_macro(p, ev, (enum macro_id)m, value);
  return 0;
}

uint32_t fc_py_version(const struct fc_program *p, struct fc_ref ev) {
  int64_t hex, major, minor = 0;
  if (tu_macro(p, ev, MACRO_PY_VERSION_HEX, &hex))
    return (uint32_t)hex;
  if (!tu_macro(p, ev, MACRO_PY_MAJOR_VERSION, &major))
    return 0;
  tu_macro(p, ev, MACRO_PY_MINOR_VERSION, &minor);
  return (uint32_t)(major & 0xff) << 24 | (uint32_t)(minor & 0xff) << 16;
}

int fc_call_py_deprecated(const struct fc_program *p, struct fc_ref call) {
  uint32_t since = fc_knowledge_py_deprecated(fc_callee_name(p, call));
  uint32_t version = fc_py_version(p, call);
  return since && (!version || version >= since);
}

int fc_call_is_direct(const struct fc_program *p, struct fc_ref call) {
  const struct fc_event *ev = fc_event_at(p, call);
  return ev->kind == FC_EV_CALL && ev->callee >= 0;
}

const char *fc_callee_name(const struct fc_program *p, struct fc_ref call) {
  const struct fc_event *ev = fc_event_at(p, call);
  const struct fc_tu *tu = p->tus[call.tu];
  if (ev->callee < 0) {
    /* The pointer's name: a global's or a field's USR ends with it. */
    const char *via = ev->via == FC_NO_STR ? NULL : strrchr(fc_str(&tu->strs, ev->via), '@');
    return via && via[1] ? via + 1 : "<indirect>";
  }
  return fc_str(&tu->strs, tu->callees.v[ev->callee].name);
}

int fc_same_callee(const struct fc_program *p, struct fc_ref a, struct fc_ref b) {
  return !strcmp(fc_callee_name(p, a), fc_callee_name(p, b));
}

int fc_callee_is_system(const struct fc_program *p, struct fc_ref call) {
  const struct fc_event *ev = fc_event_at(p, call);
  return ev->callee >= 0 && (p->tus[call.tu]->callees.v[ev->callee].flags & FC_CALLEE_SYSTEM);
}

uint32_t fc_call_targets(const struct fc_program *p, struct fc_ref call,
                         const struct fc_target **out) {
  const struct fc_event *ev = fc_event_at(p, call);
  if (ev->kind == FC_EV_CALL && ev->callee < 0 && p->ptr_first) {
    uint32_t first = p->ptr_first[call.tu][call.event];
    uint32_t n = p->ptr_first[call.tu][call.event + 1] - first;
    *out = n ? p->ptr_targets.v + first : NULL;
    return n;
  }
  if (ev->kind != FC_EV_CALL || ev->callee < 0) {
    *out = NULL;
    return 0;
  }
  *out = &p->targets[call.tu][ev->callee];
  return 1;
}

/* Only a direct call: a call through a pointer may run any of its targets,
 * which the callers that follow pointers ask fc_call_targets for. */
struct fc_target fc_call_target(const struct fc_program *p, struct fc_ref call) {
  const struct fc_target *t;
  struct fc_target none = {-1, 0, -1, 0};
  if (!fc_call_is_direct(p, call))
    return none;
  return fc_call_targets(p, call, &t) ? *t : none;
}

/* A call through a pointer never returns when none of its targets does. */
int fc_call_noreturn(const struct fc_program *p, struct fc_ref call) {
  if (!fc_call_is_direct(p, call)) {
    const struct fc_target *t;
    uint32_t n = fc_call_targets(p, call, &t), ends = 0;
    for (uint32_t i = 0; i < n; i++)
      ends += t[i].func >= 0 && p->funcs.v[t[i].func].noreturn;
    return n > 0 && ends == n;
  }
  struct fc_target t = fc_call_target(p, call);
  if (t.func >= 0)
    return p->funcs.v[t.func].noreturn || fc_call_ends_with(p, call, -1, 0);
  /* through fc_call_kinds: syscall(SYS_exit_group, status) is _exit() */
  return (fc_call_kinds(p, call, NULL) & FC_K_NORETURN) != 0;
}

int fc_call_ends_with(const struct fc_program *p, struct fc_ref call, int32_t var, int cls) {
  int32_t g = fc_call_target(p, call).func;
  if (g < 0)
    return 0;
  const uint16_t *noret = p->funcs.v[g].noret_param;
  if (!(noret[0] | noret[1]))
    return 0;
  const struct fc_arg *a;
  for (uint32_t j = 0; j < FC_NORET_PARAMS && (a = fc_call_arg(p, call, j)); j++) {
    int k = -1;
    if (a->kind == FC_ARG_CONST)
      k = a->value != 0;
    else if (var >= 0 && a->kind == FC_ARG_VAR && a->var == var)
      k = cls;
    if (k >= 0 && (noret[k] >> j & 1))
      return 1;
  }
  return 0;
}

uint64_t fc_func_kept_params(const struct fc_program *p, uint32_t f, uint32_t n) {
  uint64_t kept = 0;
  uint32_t n_vars = fc_var_count(p, f);
  for (uint32_t i = 0; i < n && i < n_vars && i < 64; i++)
    if (fc_var_flags(p, f, (int32_t)i) & FC_VAR_PARAM)
      kept |= UINT64_C(1) << i;
  for (uint32_t b = 0; kept && b < fc_block_count(p, f); b++)
    for (uint32_t i = 0; i < fc_event_count(p, f, b); i++) {
      const struct fc_event *ev = fc_event_at(p, fc_block_event(p, f, b, i));
      if (ev->var >= 0 && (uint32_t)ev->var < n &&
          (ev->kind == FC_EV_ASSIGN || ev->kind == FC_EV_CALL))
        kept &= ~(UINT64_C(1) << ev->var);
    }
  return kept;
}

int fc_call_releases_only(const struct fc_program *p, struct fc_ref call) {
  if (!fc_call_is_direct(p, call))
    return 0;
  int32_t g = fc_call_target(p, call).func;
  return g >= 0 ? p->funcs.v[g].release_only
                : fc_knowledge_release_only(fc_callee_name(p, call));
}

int fc_call_exits_with_cleanup(const struct fc_program *p, struct fc_ref call) {
  if (fc_event_at(p, call)->kind != FC_EV_CALL || !fc_call_is_direct(p, call))
    return 0;
  struct fc_target t = fc_call_target(p, call);
  return t.func < 0 && (t.kinds & FC_K_NORETURN) && (t.kinds & FC_K_EXIT_CLEANUP);
}

int fc_block_ends(const struct fc_program *p, uint32_t f, uint32_t b) {
  for (uint32_t i = 0; i < fc_event_count(p, f, b); i++) {
    struct fc_ref ref = fc_block_event(p, f, b, i);
    if (fc_event_at(p, ref)->kind == FC_EV_CALL && fc_call_noreturn(p, ref))
      return 1;
  }
  return 0;
}

int fc_call_reenters(const struct fc_program *p, struct fc_ref call, uint32_t f) {
  const struct fc_target *t;
  uint32_t n = fc_call_targets(p, call, &t), back = 0;
  for (uint32_t i = 0; i < n; i++)
    back += t[i].func >= 0 && p->cycle[t[i].func] == p->cycle[f];
  return n > 0 && back == n;
}

/* The constant value of argument i, when it is one. */
static int const_arg(const struct fc_program *p, struct fc_ref call, int i, int64_t *out) {
  const struct fc_arg *a = i < 0 ? NULL : fc_call_arg(p, call, (uint32_t)i);
  if (!a || a->kind != FC_ARG_CONST)
    return 0;
  *out = a->value;
  return 1;
}

uint32_t fc_call_kinds(const struct fc_program *p, struct fc_ref call, int *arg) {
  struct fc_target t = fc_call_target(p, call);
  int64_t v;
  if ((t.kinds & FC_K_SYSCALL) && const_arg(p, call, t.arg, &v)) {
    struct fc_known k = fc_knowledge_syscall(v);
    t.kinds = k.kinds;
    t.arg = k.arg;
  }
  if (t.kinds & FC_K_CLONE)
    t.kinds = (t.kinds & ~(uint32_t)FC_K_CLONE) |
              (const_arg(p, call, t.arg, &v) ? fc_knowledge_clone_kind(v) : 0);
  if (arg)
    *arg = t.arg;
  return t.kinds;
}

int fc_target_is_unsafe_external(const struct fc_program *p, struct fc_ref call) {
  if (!fc_call_is_direct(p, call))
    return 0;
  struct fc_target t = fc_call_target(p, call);
  if (t.func >= 0 || (t.kinds & FC_K_ASYNC_SAFE))
    return 0;
  const struct fc_arg *first = fc_call_arg(p, call, 0);
  if (!(t.kinds & FC_K_SAFE_WITH_ARG) || !first)
    return 1;
  return first->kind != FC_ARG_CONST ||
         !fc_knowledge_safe_with(p->know, fc_callee_name(p, call), first->value);
}

/* Does a reach of the ends pass up this call: a direct one, and with
 * `arg` set, of a function that never returns (the caller's way out)? */
static int passes_ends(const struct fc_program *p, struct fc_ref call, void *arg) {
  if (!fc_call_is_direct(p, call))
    return 0;
  int32_t g = fc_call_target(p, call).func;
  return !arg || g < 0 || fc_func_noreturn(p, (uint32_t)g);
}

/* Functions that reach, through their own direct calls (only those that
 * never return, with `way_out`), an external call that ends the process
 * the way `mask` asks (FC_K_* kinds, or 0 for a crash function):
 * breadth-first up the direct callers, linear in the program. */
static uint8_t *reach_ends(const struct fc_program *p, uint32_t mask, int way_out) {
  uint32_t n = (uint32_t)p->funcs.n, tail = 0;
  uint8_t *r = fc_xcalloc(n + 1, 1);
  uint32_t *queue = fc_xmalloc((size_t)(n + 1) * sizeof *queue);
  for (uint32_t f = 0; f < n; f++)
    FC_FOR_EACH_CALL(p, f, ref) {
      if (r[f] || !fc_call_is_direct(p, ref) || fc_call_target(p, ref).func >= 0)
        continue;
      int is_crash = fc_knowledge_crash(fc_callee_name(p, ref));
      if (mask ? !is_crash && (fc_call_kinds(p, ref, NULL) & mask) : is_crash) {
        r[f] = 1;
        queue[tail++] = f;
      }
    }
  fc_mark_callers_via(p, queue, tail, r, passes_ends, way_out ? &way_out : NULL);
  free(queue);
  return r;
}

/* Is the event after event i of block b of f a direct call of abort() or
 * of what the program writes to say control does not get there
 * (__builtin_unreachable(): data/crash.def)? */
static int declared_not_to_return(const struct fc_program *p, uint32_t f, uint32_t b,
                                  uint32_t i) {
  if (i + 1 >= fc_event_count(p, f, b))
    return 0;
  struct fc_ref next = fc_block_event(p, f, b, i + 1);
  if (fc_event_at(p, next)->kind != FC_EV_CALL || !fc_call_is_direct(p, next) ||
      fc_call_target(p, next).func >= 0)
    return 0;
  const char *name = fc_callee_name(p, next);
  return fc_knowledge_crash(name) || fc_knowledge_unreachable(name);
}

/* A function that never returns, whose own calls (not its hooks, called
 * through pointers: varnish's VAS_Fail() calls VAS_Fail_Func, then
 * abort()s; the test harness's hook exits instead) reach a crash function
 * and no other way to end the process (exit, _exit, exec): an assertion
 * macro's failure handler. The handler's own code is what ends the
 * process.
 *
 * And a call the program declares not to return (an assertion macro's
 * `(_serverAssert(...), __builtin_unreachable())`, redis) of a function
 * that reaches a crash function and whose way out is neither exit() nor an
 * exec (made by itself or by a function it calls that never returns): the
 * compiler may not see that it never returns (redis's bugReportEnd() can
 * kill() itself with a signal instead, or _exit() under a debug option),
 * but the program says so, and its way out is a crash. An exit() deep in
 * what it calls on its way (redis's crash report runs a memory test that
 * exit()s only when interactive) is not its way out. Those calls are kept
 * sorted in crash_calls. */
void fc_crash_compute(struct fc_program *p) {
  uint8_t *crashes = reach_ends(p, 0, 0),
          *other = reach_ends(p, FC_K_NORETURN | FC_K_EXIT_CLEANUP | FC_K_EXEC, 0),
          *leaves = reach_ends(p, FC_K_EXIT_CLEANUP | FC_K_EXEC, 1);
  p->crash_only = fc_xcalloc(p->funcs.n + 1, 1);
  for (uint32_t f = 0; f < p->funcs.n; f++)
    p->crash_only[f] = fc_func_noreturn(p, f) && crashes[f] && !other[f];
  for (uint32_t f = 0; f < p->funcs.n; f++)
    for (uint32_t b = 0; b < fc_block_count(p, f); b++)
      for (uint32_t i = 0; i < fc_event_count(p, f, b); i++) {
        struct fc_ref ref = fc_block_event(p, f, b, i);
        if (fc_event_at(p, ref)->kind != FC_EV_CALL || !fc_call_is_direct(p, ref))
          continue;
        struct fc_target t = fc_call_target(p, ref);
        if (t.func >= 0 && crashes[t.func] && !leaves[t.func] && !p->crash_only[t.func] &&
            declared_not_to_return(p, f, b, i))
          fc_vec_push(&p->crash_calls, ref);
      }
  if (p->crash_calls.n > 1)
    qsort(p->crash_calls.v, p->crash_calls.n, sizeof *p->crash_calls.v, fc_ref_order);
  free(crashes);
  free(other);
  free(leaves);
}

int fc_call_crash_only(const struct fc_program *p, struct fc_ref call) {
  if (!fc_call_is_direct(p, call))
    return 0;
  struct fc_target t = fc_call_target(p, call);
  if (t.func < 0)
    return fc_knowledge_crash(fc_callee_name(p, call));
  return p->crash_only[t.func] ||
         (p->crash_calls.n > 0 && bsearch(&call, p->crash_calls.v, p->crash_calls.n,
                                          sizeof call, fc_ref_order) != NULL);
}

int fc_ref_order(const void *a, const void *b) {
  const struct fc_ref *x = a, *y = b;
  if (x->tu != y->tu)
    return x->tu < y->tu ? -1 : 1;
  return (x->event > y->event) - (x->event < y->event);
}

int fc_call_fork_resets(const struct fc_program *p, struct fc_ref call) {
  if (!fc_call_is_direct(p, call) || fc_call_target(p, call).func >= 0)
    return 0;
  const char *name = fc_callee_name(p, call);
  return fc_knowledge_fork_resets(p->know, name) ||
         (p->env_free_calls.n > 0 && fc_knowledge_env_lock(p->know, name) &&
          bsearch(&call, p->env_free_calls.v, p->env_free_calls.n, sizeof call, fc_ref_order));
}

int fc_fork_resets_trusted(const struct fc_program *p) {
  return fc_knowledge_profile(p->know) == FC_PROFILE_LINUX;
}

int fc_fork_resets_cover(const struct fc_program *p, const struct fc_evidence *e) {
  return fc_evidence_hypothetical(e) || fc_fork_resets_trusted(p);
}

int fc_evidence_hypothetical(const struct fc_evidence *e) {
  return e->kind == FC_EVID_NO_MAIN || e->kind == FC_EVID_PYTHON;
}

enum fc_py_role fc_call_py_role(const struct fc_program *p, struct fc_ref call) {
  if (!fc_call_is_direct(p, call))
    return FC_PY_NONE;
  enum fc_py_role r = fc_knowledge_py_role(p->know, fc_callee_name(p, call), NULL);
  if (r != FC_PY_API)
    return r;
  return fc_in_python_tu(p, call) ? FC_PY_API : FC_PY_NONE;
}

const struct fc_arg *fc_call_arg(const struct fc_program *p, struct fc_ref call, uint32_t i) {
  const struct fc_event *ev = fc_event_at(p, call);
  return i < ev->n_args ? &p->tus[call.tu]->args.v[ev->args + i] : NULL;
}

int fc_event_value(const struct fc_program *p, struct fc_ref ev, struct fc_arg *out) {
  const struct fc_event *e = fc_event_at(p, ev);
  if ((e->kind != FC_EV_ASSIGN && e->kind != FC_EV_RETURN) || e->n_args != 1)
    return 0;
  *out = p->tus[ev.tu]->args.v[e->args];
  return out->kind == FC_ARG_CONST || out->kind == FC_ARG_VAR || out->kind == FC_ARG_VAR_PLUS;
}

const char *fc_arg_global(const struct fc_program *p, struct fc_ref call, const struct fc_arg *a) {
  const struct fc_tu *tu = p->tus[call.tu];
  if (a->kind != FC_ARG_VAR || a->value < 0 || a->value >= tu->strs.n)
    return NULL;
  return fc_str(&tu->strs, (uint32_t)a->value);
}

const char *fc_arg_string(const struct fc_program *p, struct fc_ref call, const struct fc_arg *a) {
  const struct fc_tu *tu = p->tus[call.tu];
  if (a->kind != FC_ARG_STR || a->value < 0 || a->value >= tu->strs.n)
    return NULL;
  return fc_str(&tu->strs, (uint32_t)a->value);
}

int32_t fc_arg_func(const struct fc_program *p, struct fc_ref call, const struct fc_arg *a) {
  if (a->kind != FC_ARG_FUNC)
    return -1;
  return p->targets[call.tu][a->value].func;
}

/* ---- the forward flow -------------------------------------------------- */

void fc_worklist_init(struct fc_worklist *w, uint32_t n_blocks, int lifo) {
  w->v = fc_xmalloc((size_t)(n_blocks + 1) * sizeof *w->v);
  w->head = w->count = 0;
  w->cap = n_blocks + 1;
  w->queued = fc_xcalloc(n_blocks + 1, 1);
  w->lifo = lifo;
}

void fc_worklist_free(struct fc_worklist *w) {
  free(w->v);
  free(w->queued);
  w->v = NULL;
  w->queued = NULL;
}

void fc_worklist_push(struct fc_worklist *w, uint32_t b) {
  if (w->queued[b])
    return;
  w->queued[b] = 1;
  w->v[w->lifo ? w->count : (w->head + w->count) % w->cap] = b;
  w->count++;
}

uint32_t fc_worklist_pop(struct fc_worklist *w) {
  uint32_t b;
  if (w->lifo) {
    b = w->v[--w->count];
  } else {
    b = w->v[w->head];
    w->head = (w->head + 1) % w->cap;
    w->count--;
  }
  w->queued[b] = 0;
  return b;
}

/* Passes block b's end state `out` along its edges; `along` is scratch. */
static void pass_on(const struct fc_flow *fl, struct fc_worklist *w, char *in, uint32_t b,
                    const void *out, void *along) {
  uint32_t n = fc_block_count(fl->p, fl->func);
  for (uint32_t e = 0; e < fc_succ_count(fl->p, fl->func, b); e++) {
    uint32_t t = fc_succ(fl->p, fl->func, b, e);
    memcpy(along, out, fl->size);
    if (t >= n || (fl->along && !fl->along(fl->ctx, b, e, along)))
      continue;
    if (fl->join(fl->ctx, in + (size_t)t * fl->size, along))
      fc_worklist_push(w, t);
  }
}

void fc_flow_run(const struct fc_flow *fl, void *in, const uint32_t *seeds, uint32_t n_seeds) {
  uint32_t n = fc_block_count(fl->p, fl->func);
  struct fc_worklist w;
  fc_worklist_init(&w, n, fl->lifo);
  char *out = fc_xmalloc(2 * fl->size + 1), *along = out + fl->size;
  for (uint32_t i = 0; i < n_seeds; i++)
    if (seeds[i] < n)
      fc_worklist_push(&w, seeds[i]);
  while (w.count) {
    uint32_t b = fc_worklist_pop(&w);
    memcpy(out, (char *)in + (size_t)b * fl->size, fl->size);
    if (fl->run(fl->ctx, b, out))
      pass_on(fl, &w, in, b, out, along);
  }
  fc_worklist_free(&w);
  free(out);
}

/* ---- the depth-first search -------------------------------------------- */

int fc_dfs_run(const struct fc_dfs *d, uint32_t start) {
  uint32_t n = fc_block_count(d->p, d->func), sp = 0;
  if (start >= n)
    return 0;
  uint8_t *mark = fc_xcalloc(n, 1); /* FC_DFS_NEW, _ON_PATH, _DONE */
  uint32_t *path = fc_xmalloc((size_t)n * sizeof *path);
  uint32_t *next = fc_xmalloc((size_t)n * sizeof *next);
  int act = d->enter ? d->enter(d->ctx, start) : FC_DFS_FOLLOW;
  mark[start] = FC_DFS_ON_PATH;
  path[sp] = start;
  next[sp++] = act == FC_DFS_FOLLOW ? 0 : UINT32_MAX;
  while (sp && act != FC_DFS_STOP) {
    uint32_t b = path[sp - 1], e = next[sp - 1];
    if (e == UINT32_MAX || e >= fc_succ_count(d->p, d->func, b)) {
      mark[b] = FC_DFS_DONE;
      sp--;
      continue;
    }
    next[sp - 1]++;
    uint32_t t = fc_succ(d->p, d->func, b, e);
    if (t >= n)
      continue;
    act = d->edge ? d->edge(d->ctx, b, e, t, mark[t]) : FC_DFS_FOLLOW;
    if (act != FC_DFS_FOLLOW || mark[t] != FC_DFS_NEW)
      continue;
    act = d->enter ? d->enter(d->ctx, t) : FC_DFS_FOLLOW;
    mark[t] = FC_DFS_ON_PATH;
    path[sp] = t;
    next[sp++] = act == FC_DFS_FOLLOW ? 0 : UINT32_MAX;
  }
  free(mark);
  free(path);
  free(next);
  return act == FC_DFS_STOP;
}

/* ---- what runs after a call ------------------------------------------- */

struct after_call {
  const struct fc_program *p;
  uint32_t func, block, index; /* the call */
  fc_call_pred pred;
  void *arg;
  int found, returns;
  int ends; /* a way ends at a call that never returns */
  int ended; /* found_in met such a call */
};

static int found_in(struct after_call *a, uint32_t b, uint32_t from, uint32_t to) {
  a->ended = 0;
  for (uint32_t i = from; i < to && !a->found && !a->ended; i++) {
    struct fc_ref ref = fc_block_event(a->p, a->func, b, i);
    int call = fc_event_at(a->p, ref)->kind == FC_EV_CALL;
    a->found = call && a->pred(a->p, ref, a->arg);
    a->ended = a->ends && call && fc_call_noreturn(a->p, ref);
  }
  return a->found;
}

static int after_enter(void *ctx, uint32_t b) {
  struct after_call *a = ctx;
  a->returns |= b == FC_EXIT;
  uint32_t from = b == a->block ? a->index + 1 : 0;
  if (found_in(a, b, from, fc_event_count(a->p, a->func, b)))
    return FC_DFS_STOP;
  return a->ended ? FC_DFS_SKIP : FC_DFS_FOLLOW;
}

/* Back to the call's own block: its events before the call run again. */
static int after_edge(void *ctx, uint32_t b, uint32_t e, uint32_t t, int seen) {
  (void)b, (void)e, (void)seen;
  struct after_call *a = ctx;
  return t == a->block && found_in(a, t, 0, a->index + 1) ? FC_DFS_STOP : FC_DFS_FOLLOW;
}

int fc_event_place(const struct fc_program *p, uint32_t f, struct fc_ref ev, uint32_t *block,
                   uint32_t *index) {
  for (uint32_t b = 0; b < fc_block_count(p, f); b++)
    for (uint32_t i = 0; i < fc_event_count(p, f, b); i++) {
      struct fc_ref r = fc_block_event(p, f, b, i);
      if (r.tu == ev.tu && r.event == ev.event) {
        *block = b, *index = i;
        return 1;
      }
    }
  return 0;
}

static int followed_by(const struct fc_program *p, uint32_t f, struct fc_ref call,
                       fc_call_pred pred, void *arg, int *returns, int ends) {
  struct after_call a = {p, f, 0, 0, pred, arg, 0, 0, ends, 0};
  if (!fc_event_place(p, f, call, &a.block, &a.index)) {
    if (returns)
      *returns = 0;
    return 0;
  }
  struct fc_dfs d = {p, f, after_enter, after_edge, &a};
  fc_dfs_run(&d, a.block);
  if (returns)
    *returns = a.returns;
  return a.found;
}

int fc_call_followed_by(const struct fc_program *p, uint32_t f, struct fc_ref call,
                        fc_call_pred pred, void *arg, int *returns) {
  return followed_by(p, f, call, pred, arg, returns, 0);
}

int fc_call_then(const struct fc_program *p, uint32_t f, struct fc_ref call, fc_call_pred pred,
                 void *arg) {
  return followed_by(p, f, call, pred, arg, NULL, 1);
}
