/*
 * Link: resolve every TU's callees by USR to the program's definitions,
 * then compute the facts of the link (facts.c, threads.c, and here: which
 * functions never return, which return a fork's result).
 */
#include "program.h"
#include "region.h"

#include <stdlib.h>
#include <string.h>

/* ---- link -------------------------------------------------------------- */

/* Another definition of the same USR in the same file is the same function
 * (an inline function from a header, a file compiled twice). */
static int defined_already(const struct fc_program *p, const int32_t *next_def, int32_t first,
                           const struct fc_tu *tu, const struct fc_function *fn) {
  const char *file = fc_str(&tu->strs, fn->loc.file);
  for (int32_t g = first; g >= 0; g = next_def[g]) {
    const struct fc_pfunc *pg = &p->funcs.v[g];
    if (!strcmp(fc_pstr(p, pg->tu, pg->fn->loc.file), file))
      return 1;
  }
  return 0;
}

static struct fc_pfunc new_function(struct fc_program *p, uint32_t t, const struct fc_function *fn) {
  struct fc_tu *tu = p->tus[t];
  struct fc_pfunc pf = {0};
  pf.tu = t;
  pf.fn = fn;
  pf.calls_first = (uint32_t)p->calls.n;
  pf.registered.event = FC_NO_EVENT;
  pf.noreturn = (fn->flags & FC_FN_NORETURN) != 0;
  for (uint32_t b = 0; b < fn->block_count; b++) {
    const struct fc_block *blk = fc_fn_block(tu, fn, b);
    for (uint32_t i = 0; i < blk->ev_count; i++)
      if (tu->events.v[blk->ev_first + i].kind == FC_EV_CALL) {
        struct fc_ref ref = {t, blk->ev_first + i};
        fc_vec_push(&p->calls, ref);
      }
  }
  pf.calls_count = (uint32_t)p->calls.n - pf.calls_first;
  return pf;
}

/* The program's functions, each with its call events; *usr_func maps the id
 * of a USR in usrs to the first function defined with it, and (*next_def)[f]
 * is the next definition of f's USR in another file, or -1: a compile
 * database often holds several programs, each defining a function of the
 * same name its own way (a build helper's error(), git's helpers' main). */
static void collect_functions(struct fc_program *p, struct fc_strtab *usrs, int32_t **usr_func,
                              int32_t **next_def) {
  FC_VEC(int32_t) first = {0}, next = {0};
  FC_VEC(int32_t) last = {0}; /* per USR: its last definition */
  for (uint32_t t = 0; t < p->n_tus; t++) {
    struct fc_tu *tu = p->tus[t];
    for (size_t f = 0; f < tu->funcs.n; f++) {
      const struct fc_function *fn = &tu->funcs.v[f];
      uint32_t id = fc_strtab_intern(usrs, fc_str(&tu->strs, fn->usr));
      int is_new = id == first.n;
      if (!is_new && !(fn->flags & FC_FN_MAIN) && defined_already(p, next.v, first.v[id], tu, fn))
        continue;
      int32_t g = (int32_t)p->funcs.n;
      if (is_new) {
        fc_vec_push(&first, g);
        fc_vec_push(&last, g);
      } else {
        next.v[last.v[id]] = g;
        last.v[id] = g;
      }
      fc_vec_push(&next, -1);
      fc_vec_push(&p->funcs, new_function(p, t, fn));
      p->has_main |= (fn->flags & FC_FN_MAIN) != 0;
    }
  }
  fc_vec_free(&last);
  *usr_func = first.v;
  *next_def = next.v;
}

/* A callee with definitions in several files, left for choose_definitions. */
#define FC_AMBIGUOUS (-2)

/* The index of the argument of the call event ev of tu that names the
 * handle to look a symbol up in, and that handle's value meaning "the next
 * definition" (dlsym(RTLD_NEXT, "open"), data/next-symbol.def); -1 when the
 * call does not look symbols up. */
static int next_symbol_arg(const struct fc_tu *tu, const struct fc_event *ev, int64_t *handle) {
  int arg;
  if (ev->kind != FC_EV_CALL || ev->callee < 0 ||
      !fc_knowledge_next_symbol(fc_str(&tu->strs, tu->callees.v[ev->callee].name), &arg,
                                handle) ||
      arg < 0 || (uint32_t)arg >= ev->n_args)
    return -1;
  return arg;
}

/* Per TU: does it look up the next definition of a symbol after its own
 * (dlsym(RTLD_NEXT, "open"), data/next-symbol.def), itself or through a
 * function of its own that hands a parameter on as the handle
 * (libfaketime's ft_dlvsym(RTLD_NEXT, "time", ...), which its `dlsym`
 * macro calls)? Then its definitions
 * of library functions -- declared in a system header -- interpose on the
 * library's: firejail's libtrace defines open(), unlink() and mkdir() and
 * forwards to libc's, an LD_PRELOAD library the programs built beside it
 * do not link, and a memory profiler's malloc() forwards to libc's too.
 * Calls from other files run the library's (visible_to), else the wrapper's
 * destructor and logging would count as theirs. Its other functions
 * (haproxy's tools.c, which looks symbols up for its own use) link as any. */
static uint8_t *find_interposers(const struct fc_program *p) {
  uint8_t *interposes = fc_xcalloc(p->n_tus + 1, 1);
  for (uint32_t t = 0; t < p->n_tus; t++) {
    const struct fc_tu *tu = p->tus[t];
    /* per callee of the file: 1 + the parameter a function of the file
     * defined under that callee's name hands on as the handle */
    uint8_t *hands = fc_xcalloc(tu->callees.n + 1, 1);
    int64_t *handles = fc_xcalloc(tu->callees.n + 1, sizeof *handles);
    for (size_t i = 0; i < tu->funcs.n; i++) {
      const struct fc_function *fn = &tu->funcs.v[i];
      for (uint32_t b = fn->block_first; b < fn->block_first + fn->block_count; b++)
        for (uint32_t k = 0; k < tu->blocks.v[b].ev_count; k++) {
          const struct fc_event *ev = &tu->events.v[tu->blocks.v[b].ev_first + k];
          int64_t handle;
          int arg = next_symbol_arg(tu, ev, &handle);
          const struct fc_arg *a = arg < 0 ? NULL : &tu->args.v[ev->args + (uint32_t)arg];
          if (!a || a->kind != FC_ARG_VAR || a->var < 0 || (uint32_t)a->var >= fn->n_vars ||
              !(tu->var_flags.v[fn->var_first + (uint32_t)a->var] & FC_VAR_PARAM) ||
              a->var >= 255)
            continue;
          for (size_t c = 0; c < tu->callees.n; c++)
            if (tu->callees.v[c].usr == fn->usr) {
              hands[c] = (uint8_t)(a->var + 1);
              handles[c] = handle;
            }
        }
    }
    for (size_t i = 0; i < tu->events.n && !interposes[t]; i++) {
      const struct fc_event *ev = &tu->events.v[i];
      int64_t handle;
      int arg = next_symbol_arg(tu, ev, &handle);
      if (arg < 0 && ev->kind == FC_EV_CALL && ev->callee >= 0 && hands[ev->callee] &&
          (uint32_t)(hands[ev->callee] - 1) < ev->n_args) {
        arg = hands[ev->callee] - 1;
        handle = handles[ev->callee];
      }
      if (arg < 0)
        continue;
      const struct fc_arg *a = &tu->args.v[ev->args + (uint32_t)arg];
      interposes[t] = a->kind == FC_ARG_CONST && a->value == handle;
    }
    free(hands);
    free(handles);
  }
  return interposes;
}

/* Does a call in TU t of callee ce link to definition g: its own file's,
 * one of a file that does not interpose, or one of a function that no
 * system header declares (find_interposers)? */
static int visible_to(const struct fc_program *p, const uint8_t *interposes, uint32_t t,
                      const struct fc_callee *ce, int32_t g) {
  uint32_t u = p->funcs.v[g].tu;
  return u == t || !interposes[u] || !(ce->flags & FC_CALLEE_SYSTEM);
}

/* Every callee of every TU: a function of the program, or an external
 * with what is known about it. */
static void resolve_callees(struct fc_program *p, const struct fc_strtab *usrs,
                            const int32_t *usr_func, const int32_t *next_def,
                            const uint8_t *interposes) {
  p->targets = fc_xcalloc(p->n_tus, sizeof *p->targets);
  for (uint32_t t = 0; t < p->n_tus; t++) {
    struct fc_tu *tu = p->tus[t];
    p->targets[t] = fc_xcalloc(tu->callees.n + 1, sizeof **p->targets);
    for (size_t c = 0; c < tu->callees.n; c++) {
      const struct fc_callee *ce = &tu->callees.v[c];
      uint32_t id = fc_strtab_find(usrs, fc_str(&tu->strs, ce->usr));
      struct fc_target *tg = &p->targets[t][c];
      unsigned defs = 0;
      tg->func = -1;
      tg->arg = -1;
      for (int32_t g = id == FC_NO_STR ? -1 : usr_func[id]; g >= 0; g = next_def[g])
        if (visible_to(p, interposes, t, ce, g) && defs++ == 0)
          tg->func = g;
      if (defs > 1)
        tg->func = FC_AMBIGUOUS;
      if (tg->func == -1) {
        struct fc_known k = fc_knowledge_of(p->know, fc_str(&tu->strs, ce->name));
        tg->kinds = k.kinds;
        tg->arg = k.arg;
        if (ce->flags & FC_CALLEE_NORETURN)
          tg->kinds |= FC_K_NORETURN;
        if ((ce->flags & FC_CALLEE_COMPILER) && !(k.kinds & ~FC_K_NORETURN))
          tg->kinds |= FC_K_ASYNC_SAFE;
      }
    }
  }
}

/* Per TU, a bit per main (words of 64 bits each): the mains whose direct
 * calls, through callees of one definition, reach one of its functions;
 * per function (fin), the mains that reach it. A file reached hands on the
 * functions whose address it takes: got's main runs its commands from a
 * table in got.c, got_commands[] = {{"fetch", cmd_fetch, ...}, ...}. */
static uint64_t *tu_programs(const struct fc_program *p, const uint32_t *mains, size_t n_mains,
                             size_t words, uint64_t *fin) {
  uint32_t n = (uint32_t)p->funcs.n;
  uint64_t *in = fc_xcalloc(p->n_tus * words + 1, sizeof *in);
  uint32_t *queue = fc_xmalloc((size_t)(n + 1) * sizeof *queue);
  uint8_t *seen = fc_xcalloc(n + 1, 1);
  for (size_t m = 0; m < n_mains; m++) {
    memset(seen, 0, n);
    uint32_t tail = 0;
    queue[tail++] = mains[m];
    seen[mains[m]] = 1;
    for (uint32_t head = 0; head < tail; head++) {
      uint32_t f = queue[head], u = p->funcs.v[f].tu;
      uint64_t bit = 1ull << (m % 64);
      fin[f * words + m / 64] |= bit;
      FC_FOR_EACH_CALL(p, f, ref) {
        int32_t g = fc_call_target(p, ref).func;
        if (g >= 0 && !seen[g]) {
          seen[g] = 1;
          queue[tail++] = (uint32_t)g;
        }
      }
      if (in[u * words + m / 64] & bit)
        continue;
      in[u * words + m / 64] |= bit;
      for (size_t a = 0; a < p->tus[u]->addr_taken.n; a++) {
        int32_t g = p->targets[u][p->tus[u]->addr_taken.v[a]].func;
        if (g >= 0 && !seen[g]) {
          seen[g] = 1;
          queue[tail++] = (uint32_t)g;
        }
      }
    }
  }
  free(queue);
  free(seen);
  return in;
}

/* How many of the words of TU t's bits are shared with TU u's (u == t:
 * how many t has). */
static size_t shared_programs(const uint64_t *in, size_t words, uint32_t t, uint32_t u) {
  size_t shared = 0;
  for (size_t w = 0; w < words; w++)
    shared += (in[t * words + w] & in[u * words + w]) != 0;
  return shared;
}

/* The mains that most of TU t's callees of one definition are in: a file
 * no main reaches is often a plugin, loaded by a host program whose
 * functions it calls (pppd/plugins/winbind.c calls pppd's info(), error(),
 * add_options()); it runs its host's definition of a function other
 * programs define too (pppd's fatal(), not chat's). */
static void host_programs(const struct fc_program *p, const uint64_t *in, size_t words,
                          uint32_t t, uint32_t *votes, size_t n_mains, uint64_t *host) {
  memset(votes, 0, n_mains * sizeof *votes);
  uint32_t most = 0;
  for (size_t c = 0; c < p->tus[t]->callees.n; c++) {
    int32_t g = p->targets[t][c].func;
    if (g < 0)
      continue;
    const uint64_t *bits = &in[p->funcs.v[g].tu * words];
    for (size_t w = 0; w < words; w++)
      for (uint64_t b = bits[w]; b; b &= b - 1) {
        size_t m = w * 64 + (size_t)__builtin_ctzll(b);
        if (++votes[m] > most)
          most = votes[m];
      }
  }
  for (size_t m = 0; most && m < n_mains; m++)
    if (votes[m] == most)
      host[m / 64] |= 1ull << (m % 64);
}

/* Each file no main reaches takes the programs of its host (host_programs),
 * judged on what the mains reach themselves. */
static void adopt_plugins(const struct fc_program *p, uint64_t *in, size_t words,
                          size_t n_mains) {
  uint64_t *hosts = fc_xcalloc(p->n_tus * words + 1, sizeof *hosts);
  uint32_t *votes = fc_xcalloc(n_mains + 1, sizeof *votes);
  for (uint32_t t = 0; t < p->n_tus; t++)
    if (!shared_programs(in, words, t, t))
      host_programs(p, in, words, t, votes, n_mains, &hosts[t * words]);
  for (size_t w = 0; w < p->n_tus * words; w++)
    in[w] |= hosts[w];
  free(votes);
  free(hosts);
}

/* Do the program masks a and b (`words` words each) share a program? */
static int masks_meet(const uint64_t *a, const uint64_t *b, size_t words) {
  for (size_t w = 0; w < words; w++)
    if (a[w] & b[w])
      return 1;
  return 0;
}

/* Per callee of one definition too many of each TU (at off[t] + c), the
 * programs that reach the functions calling it: their own, not their
 * file's. gotd reaches a function of got's lib/fetch.c, but not the
 * got_fetch_pack() that calls got_privsep_exec_child(), which in gotd is
 * a stub that exits. */
static uint64_t *caller_programs(const struct fc_program *p, const uint64_t *fin, size_t words,
                                 size_t *off) {
  size_t total = 0;
  for (uint32_t t = 0; t < p->n_tus; t++) {
    off[t] = total;
    total += p->tus[t]->callees.n;
  }
  uint64_t *mask = fc_xcalloc(total * words + 1, sizeof *mask);
  for (uint32_t f = 0; f < p->funcs.n; f++) {
    uint32_t t = p->funcs.v[f].tu;
    FC_FOR_EACH_CALL(p, f, ref) {
      int32_t c = fc_event_at(p, ref)->callee;
      if (c < 0 || p->targets[t][c].func != FC_AMBIGUOUS)
        continue;
      for (size_t w = 0; w < words; w++)
        mask[(off[t] + (size_t)c) * words + w] |= fin[f * words + w];
    }
  }
  return mask;
}

/* The definition a call in TU t runs, of those chained from `first` that
 * a call in t links to (visible_to): the one in t itself; else, when the
 * programs that reach the functions calling it are known (`callers`), one
 * of theirs, or one in a file no program reaches (a library's); else one
 * of a program t is in (or, for a file no main reaches, of its host:
 * adopt_plugins), else a library's, else the first. */
static int32_t definition_for(const struct fc_program *p, const uint64_t *in, size_t words,
                              uint32_t t, int32_t first, const int32_t *next_def,
                              const uint8_t *interposes, const struct fc_callee *ce,
                              const uint64_t *callers) {
  int32_t unreached = -1, any = -1;
  for (int32_t g = first; g >= 0; g = next_def[g]) {
    uint32_t u = p->funcs.v[g].tu;
    if (u == t)
      return g;
    if (!visible_to(p, interposes, t, ce, g))
      continue;
    if (any < 0)
      any = g;
    if (unreached < 0 && !shared_programs(in, words, u, u))
      unreached = g;
  }
  /* Known callers rule out a definition only other programs reach. */
  if (masks_meet(callers, callers, words)) {
    for (int32_t g = first; g >= 0; g = next_def[g])
      if (visible_to(p, interposes, t, ce, g) &&
          masks_meet(callers, &in[p->funcs.v[g].tu * words], words))
        return g;
    if (unreached >= 0)
      return unreached;
  }
  for (int32_t g = first; g >= 0; g = next_def[g])
    if (visible_to(p, interposes, t, ce, g) && shared_programs(in, words, t, p->funcs.v[g].tu))
      return g;
  return unreached >= 0 ? unreached : any;
}

/* A function defined in several files is a function of several programs:
 * a call runs the definition of its own program, known from the mains that
 * reach its file. */
static void choose_definitions(struct fc_program *p, const struct fc_strtab *usrs,
                               const int32_t *usr_func, const int32_t *next_def,
                               const uint8_t *interposes) {
  FC_VEC(uint32_t) mains = {0};
  for (uint32_t f = 0; f < p->funcs.n; f++)
    if (p->funcs.v[f].fn->flags & FC_FN_MAIN)
      fc_vec_push(&mains, f);
  size_t words = mains.n / 64 + 1;
  uint64_t *in = NULL, *fin = NULL, *callers = NULL;
  size_t *off = NULL;
  for (uint32_t t = 0; t < p->n_tus; t++)
    for (size_t c = 0; c < p->tus[t]->callees.n; c++) {
      struct fc_target *tg = &p->targets[t][c];
      if (tg->func != FC_AMBIGUOUS)
        continue;
      if (!in) {
        fin = fc_xcalloc(p->funcs.n * words + 1, sizeof *fin);
        in = tu_programs(p, mains.v, mains.n, words, fin);
        adopt_plugins(p, in, words, mains.n);
        off = fc_xcalloc(p->n_tus + 1, sizeof *off);
        callers = caller_programs(p, fin, words, off);
      }
      const struct fc_callee *ce = &p->tus[t]->callees.v[c];
      const char *usr = fc_str(&p->tus[t]->strs, ce->usr);
      tg->func = definition_for(p, in, words, t, usr_func[fc_strtab_find(usrs, usr)], next_def,
                                interposes, ce, &callers[(off[t] + c) * words]);
    }
  free(in);
  free(fin);
  free(callers);
  free(off);
  fc_vec_free(&mains);
}

/* The functions whose address is taken somewhere. */
static void mark_address_taken(struct fc_program *p) {
  for (uint32_t t = 0; t < p->n_tus; t++)
    for (size_t a = 0; a < p->tus[t]->addr_taken.n; a++) {
      int32_t f = p->targets[t][p->tus[t]->addr_taken.v[a]].func;
      if (f >= 0)
        p->funcs.v[f].address_taken = 1;
    }
}

/* The parameters (bit N: parameter N, N < 64) that function f hands to an
 * external function, itself or through a function of the program that does
 * (`registering` so far): a thread-start wrapper's start routine
 * (shairport-sync's named_pthread_create(thread, attr, fn, arg, name)
 * passes fn to pthread_create). */
static uint64_t handed_params(const struct fc_program *p, uint32_t f, const uint64_t *registering) {
  uint64_t mask = 0;
  FC_FOR_EACH_CALL(p, f, ref) {
    int32_t g = fc_call_target(p, ref).func;
    if (!fc_call_is_direct(p, ref) || (g >= 0 && !registering[g]))
      continue;
    const struct fc_arg *arg;
    for (uint32_t a = 0; (arg = fc_call_arg(p, ref, a)) != NULL; a++)
      if (arg->kind == FC_ARG_VAR && arg->var >= 0 && arg->var < 64 &&
          (fc_var_flags(p, f, arg->var) & FC_VAR_PARAM) &&
          (g < 0 || (a < 64 && (registering[g] >> a & 1))))
        mask |= UINT64_C(1) << arg->var;
  }
  return mask;
}

/* The types of address-taken functions, and the first call that hands each
 * function to an external one: a function handed to a library
 * (pthread_create, signal, an event loop) runs whenever the library calls
 * it. */
static void find_callbacks(struct fc_program *p) {
  fc_strtab_init(&p->fn_types);
  for (uint32_t f = 0; f < p->funcs.n; f++) {
    struct fc_pfunc *pf = &p->funcs.v[f];
    if (pf->address_taken)
      pf->type = fc_strtab_intern(&p->fn_types, fc_pstr(p, pf->tu, pf->fn->type));
  }
  for (uint32_t f = 0; f < p->funcs.n; f++)
    FC_FOR_EACH_CALL(p, f, ref) {
      if (fc_call_target(p, ref).func >= 0 ||
          (fc_call_is_direct(p, ref) && fc_knowledge_never_calls(fc_callee_name(p, ref))))
        continue; /* dladdr(main, &info) registers nothing */
      const struct fc_arg *arg;
      for (uint32_t a = 0; (arg = fc_call_arg(p, ref, a)) != NULL; a++) {
        int32_t g = fc_arg_func(p, ref, arg);
        if (g >= 0 && p->funcs.v[g].registered.event == FC_NO_EVENT)
          p->funcs.v[g].registered = ref;
      }
    }
  /* A function handed to a wrapper of the program that hands it on to a
   * library is handed to the library by the call of the wrapper. */
  uint64_t *registering = fc_xcalloc(p->funcs.n + 1, sizeof *registering);
  for (int changed = 1; changed;) {
    changed = 0;
    for (uint32_t f = 0; f < p->funcs.n; f++) {
      uint64_t m = registering[f] | handed_params(p, f, registering);
      changed |= m != registering[f];
      registering[f] = m;
    }
  }
  for (uint32_t f = 0; f < p->funcs.n; f++)
    FC_FOR_EACH_CALL(p, f, ref) {
      int32_t w = fc_call_target(p, ref).func;
      if (w < 0 || !registering[w] || !fc_call_is_direct(p, ref))
        continue;
      const struct fc_arg *arg;
      for (uint32_t a = 0; a < 64 && (arg = fc_call_arg(p, ref, a)) != NULL; a++) {
        int32_t g = fc_arg_func(p, ref, arg);
        if (g >= 0 && (registering[w] >> a & 1) && p->funcs.v[g].registered.event == FC_NO_EVENT)
          p->funcs.v[g].registered = ref;
      }
    }
  free(registering);
}

static void link_functions(struct fc_program *p) {
  struct fc_strtab usrs; /* the USRs of the program's functions */
  int32_t *usr_func, *next_def;
  fc_strtab_init(&usrs);
  collect_functions(p, &usrs, &usr_func, &next_def);
  uint8_t *interposes = find_interposers(p);
  resolve_callees(p, &usrs, usr_func, next_def, interposes);
  choose_definitions(p, &usrs, usr_func, next_def, interposes);
  free(interposes);
  mark_address_taken(p);
  fc_strtab_free(&usrs);
  free(usr_func);
  free(next_def);
  find_callbacks(p);
  fc_pointers_resolve(p);
}

/* ---- noreturn ---------------------------------------------------------- */

/* A walk from the entry of func to its exit; with param >= 0, assuming
 * that parameter (which func never assigns) is 0 (cls 0) or not (cls 1). */
struct ret_walk {
  const struct fc_program *p;
  uint32_t func;
  int32_t param;
  int cls;
};

/* The exit ends the search; a call that does not return, with what the
 * walk assumes, ends the path. */
static int enter_to_exit(void *ctx, uint32_t b) {
  const struct ret_walk *w = ctx;
  if (b == FC_EXIT)
    return FC_DFS_STOP;
  if (fc_block_ends(w->p, w->func, b))
    return FC_DFS_SKIP;
  for (uint32_t i = 0; w->param >= 0 && i < fc_event_count(w->p, w->func, b); i++) {
    struct fc_ref ref = fc_block_event(w->p, w->func, b, i);
    if (fc_event_at(w->p, ref)->kind == FC_EV_CALL &&
        fc_call_ends_with(w->p, ref, w->param, w->cls))
      return FC_DFS_SKIP;
  }
  return FC_DFS_FOLLOW;
}

/* An edge testing the parameter assumed is taken only when its test can
 * hold for it. */
static int edge_to_exit(void *ctx, uint32_t b, uint32_t e, uint32_t t, int seen) {
  (void)t, (void)seen;
  const struct ret_walk *w = ctx;
  const struct fc_edge *ed = fc_succ_edge(w->p, w->func, b, e);
  if (w->param < 0 || ed->var != w->param || ed->test == FC_T_ALWAYS ||
      ed->test == FC_T_DEFAULT)
    return FC_DFS_FOLLOW;
  int holds = w->cls ? fc_test_holds_nonzero(ed->test, ed->value)
                     : fc_test_holds(ed->test, 0, ed->value);
  return holds ? FC_DFS_FOLLOW : FC_DFS_SKIP;
}

static int reaches_exit(const struct fc_program *p, uint32_t f, int32_t param, int cls) {
  struct ret_walk w = {p, f, param, cls};
  struct fc_dfs d = {p, f, enter_to_exit, edge_to_exit, &w};
  return fc_dfs_run(&d, FC_ENTRY);
}

/* The parameters of f that may decide whether it returns: never assigned,
 * and tested by an edge or passed on to a call; none when no call of f
 * can end a path. */
static uint16_t deciding_params(const struct fc_program *p, uint32_t f) {
  uint64_t used = 0;
  int ends = 0;
  for (uint32_t b = 0; b < fc_block_count(p, f); b++) {
    for (uint32_t e = 0; e < fc_succ_count(p, f, b); e++) {
      const struct fc_edge *ed = fc_succ_edge(p, f, b, e);
      if (ed->var >= 0 && (uint32_t)ed->var < FC_NORET_PARAMS && ed->test != FC_T_ALWAYS)
        used |= UINT64_C(1) << ed->var;
    }
    for (uint32_t i = 0; i < fc_event_count(p, f, b); i++) {
      struct fc_ref ref = fc_block_event(p, f, b, i);
      if (fc_event_at(p, ref)->kind != FC_EV_CALL)
        continue;
      int32_t g = fc_call_target(p, ref).func;
      ends |= fc_call_noreturn(p, ref) ||
              (g >= 0 && (p->funcs.v[g].noret_param[0] | p->funcs.v[g].noret_param[1]));
      const struct fc_arg *a;
      for (uint32_t j = 0; g >= 0 && (a = fc_call_arg(p, ref, j)); j++)
        if (a->kind == FC_ARG_VAR && a->var >= 0 && (uint32_t)a->var < FC_NORET_PARAMS)
          used |= UINT64_C(1) << a->var;
    }
  }
  return ends ? (uint16_t)(used & fc_func_kept_params(p, f, FC_NORET_PARAMS)) : 0;
}

/* Function f judged again with what its callees have now: does it never
 * return, or never with one of its parameters 0, or not 0 (`if
 * (finally_exit) exit_shell();` at its every way out)? Whether it changed. */
static int judge_return(struct fc_program *p, uint32_t f) {
  struct fc_pfunc *pf = &p->funcs.v[f];
  if (pf->noreturn)
    return 0;
  if (!reaches_exit(p, f, -1, 0))
    return pf->noreturn = 1;
  uint16_t params = deciding_params(p, f);
  int changed = 0;
  for (uint32_t i = 0; params >> i; i++)
    for (int k = 0; k < 2 && (params >> i & 1); k++)
      if (!(pf->noret_param[k] >> i & 1) && !reaches_exit(p, f, (int32_t)i, k)) {
        pf->noret_param[k] |= (uint16_t)(1u << i);
        changed = 1;
      }
  return changed;
}

/* A function whose exit no path reaches makes its callers' paths end too,
 * and so does one whose exit no path reaches with a parameter 0, or not 0,
 * at the calls that pass such a constant or pass on such a parameter of
 * their own: a worklist of functions to look at again, each caller pushed
 * when a function it calls gains one, so a chain of any length takes one
 * pass. Calls through a parameter do not make their function a caller
 * (build_callers), so a last sweep looks for what they end. */
static void compute_noreturn(struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n;
  struct fc_worklist w;
  fc_worklist_init(&w, n, 1);
  for (int changed = 1; changed;) {
    changed = 0;
    for (uint32_t f = n; f-- > 0;)
      fc_worklist_push(&w, f);
    while (w.count > 0) {
      uint32_t f = fc_worklist_pop(&w);
      if (!judge_return(p, f))
        continue;
      changed = 1;
      for (uint32_t e = p->callers_first[f]; e < p->callers_first[f + 1]; e++)
        fc_worklist_push(&w, p->callers[e].caller);
    }
  }
  fc_worklist_free(&w);
}

/* The functions that call nothing but functions that give back what the
 * process holds (free(), close(), or such functions of the program): a
 * worklist up the callers, each function taken once. */
static void compute_release_only(struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n;
  struct fc_worklist w;
  fc_worklist_init(&w, n, 1);
  for (uint32_t f = n; f-- > 0;)
    fc_worklist_push(&w, f);
  while (w.count > 0) {
    uint32_t f = fc_worklist_pop(&w);
    struct fc_pfunc *pf = &p->funcs.v[f];
    if (pf->release_only)
      continue;
    int only = 1;
    FC_FOR_EACH_CALL(p, f, ref) {
      if (!fc_call_releases_only(p, ref)) {
        only = 0;
        break;
      }
    }
    if (!only)
      continue;
    pf->release_only = 1;
    for (uint32_t e = p->callers_first[f]; e < p->callers_first[f + 1]; e++)
      fc_worklist_push(&w, p->callers[e].caller);
  }
  fc_worklist_free(&w);
}

/* Per call: can its function return after it -- no call after it in its
 * block that never returns, and a way from the block's end to the exit
 * through blocks without one? Backward from the exit. */
static void compute_returns_after(struct fc_program *p) {
  p->returns_after = fc_xcalloc(p->n_tus + 1, sizeof *p->returns_after);
  for (uint32_t t = 0; t < p->n_tus; t++)
    p->returns_after[t] = fc_xcalloc(p->tus[t]->events.n + 1, 1);
  FC_VEC(uint32_t) todo = {0};
  for (uint32_t f = 0; f < p->funcs.n; f++) {
    uint32_t nb = fc_block_count(p, f);
    uint8_t *end_ok = fc_xcalloc(nb + 1, 1);
    todo.n = 0;
    for (uint32_t k = 0; FC_EXIT < nb && k < fc_pred_count(p, f, FC_EXIT); k++) {
      uint32_t b = fc_pred(p, f, FC_EXIT, k);
      if (b < nb && !end_ok[b]) {
        end_ok[b] = 1;
        fc_vec_push(&todo, b);
      }
    }
    while (todo.n) {
      uint32_t s = todo.v[--todo.n];
      if (fc_block_ends(p, f, s))
        continue;
      for (uint32_t k = 0; k < fc_pred_count(p, f, s); k++) {
        uint32_t b = fc_pred(p, f, s, k);
        if (b < nb && !end_ok[b]) {
          end_ok[b] = 1;
          fc_vec_push(&todo, b);
        }
      }
    }
    for (uint32_t b = 0; b < nb; b++) {
      int ok = end_ok[b];
      for (uint32_t i = fc_event_count(p, f, b); ok && i-- > 0;) {
        struct fc_ref ref = fc_block_event(p, f, b, i);
        if (fc_event_at(p, ref)->kind != FC_EV_CALL)
          continue;
        p->returns_after[ref.tu][ref.event] = 1;
        ok = !fc_call_noreturn(p, ref);
      }
    }
    free(end_ok);
  }
  fc_vec_free(&todo);
}

int fc_call_returns_after(const struct fc_program *p, struct fc_ref call) {
  return p->returns_after[call.tu][call.event];
}

/* ---- fork sites and fork sources --------------------------------------- */

/* A call through a pointer every function of which is a fork wrapper. */
static int forks_through_pointer(const struct fc_program *p, struct fc_ref call) {
  const struct fc_target *t;
  uint32_t n = fc_call_targets(p, call, &t), forks = 0;
  for (uint32_t i = 0; i < n; i++)
    forks += t[i].func >= 0 && p->funcs.v[t[i].func].fork_source;
  return n > 0 && forks == n;
}

/* A call of function g, a fork when the function passed for g's callback
 * forks: g returns the callback's result in the child (param_fork), and the
 * argument is a fork wrapper or fork() itself. */
static int forks_through_callback(const struct fc_program *p, struct fc_ref call, int32_t g) {
  const struct fc_pfunc *pg = &p->funcs.v[g];
  const struct fc_arg *a = pg->param_fork ? fc_call_arg(p, call, pg->param_fork - 1u) : NULL;
  if (!a || a->kind != FC_ARG_FUNC)
    return 0;
  const struct fc_target *t = &p->targets[call.tu][a->value];
  return t->func >= 0 ? p->funcs.v[t->func].fork_source : (t->kinds & FC_K_FORK) != 0;
}

/* What kind of fork a call makes, or -1; *role: it calls a function that
 * returns the process's role (fc_func_role); *child: the function a clone()
 * child runs (-1: the child returns from the call, as from fork()). */
static int fork_kind(const struct fc_program *p, struct fc_ref call, uint8_t *role,
                     int32_t *child) {
  *role = 0;
  *child = -1;
  if (!fc_call_is_direct(p, call))
    return forks_through_pointer(p, call) ? FC_SITE_FORK : -1;
  struct fc_target t = fc_call_target(p, call);
  if (t.func >= 0) {
    *role = !p->funcs.v[t.func].fork_source && p->funcs.v[t.func].role;
    return p->funcs.v[t.func].fork_source || *role || forks_through_callback(p, call, t.func)
               ? FC_SITE_FORK : -1;
  }
  uint32_t kinds = fc_call_kinds(p, call, NULL);
  if ((kinds & FC_K_CLONE_FN) && (kinds & (FC_K_FORK | FC_K_VFORK))) {
    const struct fc_arg *fn = fc_call_arg(p, call, 0);
    if (!fn || (*child = fc_arg_func(p, call, fn)) < 0)
      return -1;
  }
  if (kinds & FC_K_FORK)
    return FC_SITE_FORK;
  if (kinds & FC_K_VFORK)
    return FC_SITE_VFORK;
  return kinds & FC_K_DAEMON ? FC_SITE_DAEMON : -1;
}

/* Appends function f's fork sites to out, and its clone() calls whose
 * child runs a function to clones (dropped when clones is NULL). */
static void sites_of(const struct fc_program *p, uint32_t f, struct fc_site_vec *out,
                     struct fc_site_vec *clones) {
  for (uint32_t b = 0; b < fc_block_count(p, f); b++)
    for (uint32_t i = 0; i < fc_event_count(p, f, b); i++) {
      struct fc_ref ref = fc_block_event(p, f, b, i);
      uint8_t role = 0;
      int32_t child = -1;
      int kind =
          fc_event_at(p, ref)->kind == FC_EV_CALL ? fork_kind(p, ref, &role, &child) : -1;
      struct fc_fork_site s = {f, b, i, ref, (uint8_t)kind, role, child};
      if (kind >= 0 && child < 0)
        fc_vec_push(out, s);
      else if (kind >= 0 && clones)
        fc_vec_push(clones, s);
    }
}

static void collect_fork_sites(struct fc_program *p) {
  p->forks.n = 0;
  p->clones.n = 0;
  for (uint32_t f = 0; f < p->funcs.n; f++)
    sites_of(p, f, &p->forks, &p->clones);
}

/* What the function returns in the parent for its callers: a return on a
 * path that did not fork is the parent's too (that process has no child).
 * The pid the parent returns is above 0: with -1 returned when a step
 * before the fork fails (libreswan's child_pipeline(): pipe2()), never 0. */
static struct fc_value parent_side(const struct fc_region *r) {
  struct fc_value v = r->ret[FC_IN_PARENT], u = r->ret[FC_IN_BEFORE];
  if (!(r->ret_outcomes & FC_BEFORE) || (u.cls == v.cls && u.c == v.c))
    return v;
  if (v.cls == FC_V_FORK && ((u.cls == FC_V_CONST && u.c != 0) || u.cls == FC_V_NONZERO))
    return (struct fc_value){FC_V_NONZERO, 0};
  return fc_value_join(u, v);
}

static int makes_daemon(const struct fc_program *p, struct fc_ref call, void *arg) {
  (void)arg;
  return (fc_call_target(p, call).kinds & FC_K_DAEMON) != 0;
}

/* Function f's fork sites make it a fork for its callers: it returns
 * the fork's result in the child (1), or a role that tells the child from
 * the parent (2, with the values in pf). */
static int wrapper_kind(struct fc_program *p, uint32_t f) {
  struct fc_site_vec sites = {0};
  sites_of(p, f, &sites, NULL);
  int kind = 0, forks = 0;
  struct fc_pfunc *pf = &p->funcs.v[f];
  for (size_t i = 0; i < sites.n; i++)
    forks += sites.v[i].kind == FC_SITE_FORK;
  for (size_t i = 0; i < sites.n && kind != 1; i++) {
    if (sites.v[i].kind != FC_SITE_FORK)
      continue;
    struct fc_region r;
    fc_region_compute_marked(p, &sites.v[i], makes_daemon, NULL, &r);
    /* The other forks, when each is made only by this fork's child (the
     * second fork of a daemonize helper, whose parent ends): the role
     * returned is this fork's. */
    int others = 0;
    for (size_t k = 0; k < sites.n; k++)
      others += k != i && sites.v[k].kind == FC_SITE_FORK &&
                !(sites.v[k].func == f && fc_region_child_only(&r, sites.v[k].block));
    if (r.child_returns && !sites.v[i].role) {
      kind = 1;
    } else if ((forks == 1 || !others) &&
               (r.ret_outcomes & (FC_CHILD | FC_PARENT)) == (FC_CHILD | FC_PARENT)) {
      r.ret[FC_IN_PARENT] = parent_side(&r);
      if (fc_tells_apart(&r.ret[FC_IN_CHILD], &r.ret[FC_IN_PARENT])) {
        kind = 2;
        memcpy(pf->role_ret, r.ret, sizeof pf->role_ret);
        pf->role_outcomes = r.ret_outcomes & FC_ALL;
        pf->role_daemon = !r.child_unmarked;
      }
    }
    fc_region_free(&r);
  }
  fc_vec_free(&sites);
  return kind;
}

/* Does function f return variable v somewhere? */
static int returns_var(const struct fc_program *p, uint32_t f, int32_t v) {
  for (uint32_t b = 0; b < fc_block_count(p, f); b++)
    for (uint32_t i = 0; i < fc_event_count(p, f, b); i++) {
      const struct fc_event *ev = fc_event_at(p, fc_block_event(p, f, b, i));
      if (ev->kind == FC_EV_RETURN && ev->var == v)
        return 1;
    }
  return 0;
}

/* The parameter N + 1 through which function f calls a callback and
 * returns its result, as it would a fork's in the child, or 0: then a call
 * of f that passes a fork is a fork (forks_through_callback). */
static uint8_t param_fork_of(const struct fc_program *p, uint32_t f) {
  for (uint32_t b = 0; b < fc_block_count(p, f); b++)
    for (uint32_t i = 0; i < fc_event_count(p, f, b); i++) {
      struct fc_ref ref = fc_block_event(p, f, b, i);
      const struct fc_event *ev = fc_event_at(p, ref);
      const char *via = ev->kind == FC_EV_CALL && ev->callee < 0 && ev->via != FC_NO_STR
                            ? fc_pstr(p, ref.tu, ev->via) : "";
      unsigned long n = strncmp(via, "p:", 2) == 0 ? strtoul(via + 2, NULL, 10) : 255;
      if (n >= 255 || ev->var < 0 || !returns_var(p, f, ev->var))
        continue;
      struct fc_fork_site s = {f, b, i, ref, FC_SITE_FORK, 0, -1};
      struct fc_region r;
      fc_region_compute(p, &s, &r);
      int returns = r.child_returns;
      fc_region_free(&r);
      if (returns)
        return (uint8_t)(n + 1);
    }
  return 0;
}

/* A function that returns a fork's result on a path where it is the child
 * is a fork itself for its callers (wrappers, through any number of
 * levels); so is one that returns a role (fc_func_role). A worklist of
 * functions: a function becomes a wrapper at most once, and then its
 * callers are looked at again. */
static void compute_fork_sources(struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n;
  struct fc_worklist w;
  fc_worklist_init(&w, n, 0);
  for (uint32_t f = 0; f < n; f++) {
    p->funcs.v[f].param_fork = param_fork_of(p, f);
    fc_worklist_push(&w, f);
  }
  while (w.count > 0) {
    uint32_t f = fc_worklist_pop(&w);
    struct fc_pfunc *pf = &p->funcs.v[f];
    if (pf->fork_source || pf->role)
      continue;
    int kind = wrapper_kind(p, f);
    if (!kind)
      continue;
    pf->fork_source = kind == 1;
    pf->role = kind == 2;
    for (uint32_t e = p->callers_first[f]; e < p->callers_first[f + 1]; e++)
      fc_worklist_push(&w, p->callers[e].caller);
  }
  fc_worklist_free(&w);
  collect_fork_sites(p);
}

static int by_call(const void *a, const void *b) {
  const struct fc_fork_key *x = a, *y = b;
  if (x->call.tu != y->call.tu)
    return x->call.tu < y->call.tu ? -1 : 1;
  return (x->call.event > y->call.event) - (x->call.event < y->call.event);
}

/* The fork sites ordered by their call, for fc_fork_of_call. */
static void index_fork_sites(struct fc_program *p) {
  p->fork_by_call = fc_xmalloc((p->forks.n + 1) * sizeof *p->fork_by_call);
  for (uint32_t i = 0; i < p->forks.n; i++) {
    struct fc_fork_key k = {p->forks.v[i].call, i};
    p->fork_by_call[i] = k;
  }
  qsort(p->fork_by_call, p->forks.n, sizeof *p->fork_by_call, by_call);
}

/* ---- what may change a flag ------------------------------------------- */

/* The storage event ref of function f gives a value (arg 0: an assignment,
 * a call's result) or passes the address of (arg i: its argument i - 1):
 * its id in p->flag_storages, else FC_NO_STR. A store's variable is the
 * value stored, not where. */
static uint32_t flag_written(const struct fc_program *p, uint32_t f, struct fc_ref ref,
                             uint32_t arg) {
  const struct fc_event *ev = fc_event_at(p, ref);
  const struct fc_arg *a;
  int32_t v = -1;
  if (arg == 0 && (ev->kind == FC_EV_ASSIGN || ev->kind == FC_EV_CALL))
    v = ev->var;
  else if (arg > 0 && (a = fc_call_arg(p, ref, arg - 1)) != NULL && a->kind == FC_ARG_ADDR)
    v = a->var;
  const char *s = v >= 0 && (fc_var_flags(p, f, v) & (FC_VAR_GLOBAL | FC_VAR_MEMORY))
                      ? fc_var_storage(p, f, v) : NULL;
  return s ? fc_strtab_find(&p->flag_storages, s) : FC_NO_STR;
}

/* A global (not a member: a pointer elsewhere may name the same object). */
static int global_storage(const struct fc_program *p, uint32_t f, int32_t v) {
  return v >= 0 && (fc_var_flags(p, f, v) & FC_VAR_GLOBAL) &&
         !(fc_var_flags(p, f, v) & FC_VAR_MEMORY) && fc_var_storage(p, f, v) &&
         strncmp(fc_var_storage(p, f, v), "f:", 2) != 0;
}

/* The storages that functions with a fork site assign, and the globals
 * they test (a mode such as `dontfork`, fc_var_settled). */
static void collect_flag_storages(struct fc_program *p) {
  fc_strtab_init(&p->flag_storages);
  for (size_t i = 0; i < p->forks.n; i++) {
    uint32_t f = p->forks.v[i].func;
    for (uint32_t b = 0; b < fc_block_count(p, f); b++) {
      for (uint32_t k = 0; k < fc_event_count(p, f, b); k++) {
        const struct fc_event *ev = fc_event_at(p, fc_block_event(p, f, b, k));
        const char *s = ev->kind == FC_EV_ASSIGN && ev->var >= 0 &&
                                (fc_var_flags(p, f, ev->var) & (FC_VAR_GLOBAL | FC_VAR_MEMORY))
                            ? fc_var_storage(p, f, ev->var) : NULL;
        if (s)
          fc_strtab_intern(&p->flag_storages, s);
      }
      for (uint32_t e = 0; e < fc_succ_count(p, f, b); e++)
        if (global_storage(p, f, fc_succ_edge(p, f, b, e)->var))
          fc_strtab_intern(&p->flag_storages,
                           fc_var_storage(p, f, fc_succ_edge(p, f, b, e)->var));
    }
  }
}

/* The functions that may run at any time relative to the program's flow:
 * each whose address is taken (a signal handler set through sigaction's
 * struct, a thread's start, an event loop's callback), and what they call. */
static uint8_t *asynchronous_functions(const struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n, tail = 0;
  uint8_t *async = fc_xcalloc(n + 1, 1);
  uint32_t *queue = fc_xmalloc((size_t)(n + 1) * sizeof *queue);
  for (uint32_t f = 0; f < n; f++)
    if (p->funcs.v[f].address_taken || p->funcs.v[f].registered.event != FC_NO_EVENT) {
      async[f] = 1;
      queue[tail++] = f;
    }
  fc_mark_callees(p, queue, tail, async);
  free(queue);
  return async;
}

/* Which flag storages are settled globals: a global that only the
 * program's own flow assigns, never a function that may run at any time
 * (asynchronous_functions), and whose address is never taken; between two
 * tests of it, only the calls that may assign it (fc_call_may_write)
 * change it. Its address in a static initializer (getopt_long's table)
 * is not seen: such a global is set while the options are read, before
 * the forks the rules judge. Called for each way event ref of f writes
 * storage s (arg as in flag_written), and for each address it takes. */
static void unsettle(struct fc_program *p, const uint8_t *async, uint32_t f, uint32_t s,
                     uint32_t arg) {
  if (s != FC_NO_STR && (arg > 0 || async[f]))
    p->settled[s] = 0;
}

/* Per flag storage, the functions that may change it: those that assign it
 * or take its address, then their callers, a worklist per storage; and
 * which storages are settled globals (unsettle). */
static void compute_may_write(struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n, ns;
  collect_flag_storages(p);
  ns = p->flag_storages.n;
  p->may_write = fc_xcalloc(ns + 1, sizeof *p->may_write);
  for (uint32_t s = 0; s < ns; s++)
    p->may_write[s] = fc_xcalloc(n + 1, 1);
  uint8_t *async = ns ? asynchronous_functions(p) : NULL;
  p->settled = fc_xmalloc(ns + 1);
  for (uint32_t s = 0; s < ns; s++)
    p->settled[s] = strncmp(fc_str(&p->flag_storages, s), "f:", 2) != 0;
  for (uint32_t f = 0; f < n && ns; f++)
    for (uint32_t b = 0; b < fc_block_count(p, f); b++)
      for (uint32_t k = 0; k < fc_event_count(p, f, b); k++) {
        struct fc_ref ref = fc_block_event(p, f, b, k);
        uint32_t n_args = fc_event_at(p, ref)->n_args;
        for (uint32_t a = 0; a <= n_args; a++) {
          uint32_t s = flag_written(p, f, ref, a);
          if (s != FC_NO_STR)
            p->may_write[s][f] = 1;
          unsettle(p, async, f, s, a);
        }
      }
  free(async);
  uint32_t *queue = fc_xmalloc((size_t)(n + 1) * sizeof *queue);
  for (uint32_t s = 0; s < ns; s++) {
    uint8_t *w = p->may_write[s];
    uint32_t tail = 0;
    for (uint32_t f = 0; f < n; f++)
      if (w[f])
        queue[tail++] = f;
    fc_mark_callers(p, queue, tail, w);
  }
  free(queue);
}

static void free_may_write(struct fc_program *p) {
  for (uint32_t s = 0; p->may_write && s < p->flag_storages.n; s++)
    free(p->may_write[s]);
  free(p->may_write);
  free(p->settled);
  free(p->site_mode_single);
  free(p->site_main);
  fc_strtab_free(&p->flag_storages);
}

/* ---- callers and predecessors ------------------------------------------ */

/* A function called through a parameter runs what each caller passes: the
 * union over the callers is right at the call, but going up it would give
 * the enclosing function what any caller passes (a parser taking a handler
 * would reach every handler), so the facts do not climb through it. */
static int counts_as_caller(const struct fc_target *t) { return t->func >= 0 && !t->param; }

static void build_callers(struct fc_program *p) {
  uint32_t n = (uint32_t)p->funcs.n;
  p->callers_first = fc_xcalloc(n + 2, sizeof *p->callers_first);
  for (size_t c = 0; c < p->calls.n; c++) {
    const struct fc_target *t;
    uint32_t nt = fc_call_targets(p, p->calls.v[c], &t);
    for (uint32_t i = 0; i < nt; i++)
      if (counts_as_caller(&t[i]))
        p->callers_first[t[i].func + 1]++;
  }
  for (uint32_t f = 0; f < n; f++)
    p->callers_first[f + 1] += p->callers_first[f];
  p->callers = fc_xcalloc(p->callers_first[n] + 1, sizeof *p->callers);
  uint32_t *fill = fc_xcalloc(n + 1, sizeof *fill);
  for (uint32_t f = 0; f < n; f++)
    FC_FOR_EACH_CALL(p, f, ref) {
      const struct fc_target *t;
      uint32_t nt = fc_call_targets(p, ref, &t);
      for (uint32_t i = 0; i < nt; i++)
        if (counts_as_caller(&t[i])) {
          struct fc_caller e = {f, ref};
          p->callers[p->callers_first[t[i].func] + fill[t[i].func]++] = e;
        }
    }
  free(fill);
}

/* The blocks with an edge into each block, in block order. */
static void build_preds(struct fc_program *p) {
  for (uint32_t f = 0; f < p->funcs.n; f++) {
    struct fc_pfunc *pf = &p->funcs.v[f];
    uint32_t n = pf->fn->block_count, edges = 0;
    pf->pred_first = fc_xcalloc(n + 2, sizeof *pf->pred_first);
    for (uint32_t b = 0; b < n; b++)
      for (uint32_t e = 0; e < fc_succ_count(p, f, b); e++) {
        uint32_t t = fc_succ(p, f, b, e);
        if (t < n) {
          pf->pred_first[t + 1]++;
          edges++;
        }
      }
    for (uint32_t b = 0; b < n; b++)
      pf->pred_first[b + 1] += pf->pred_first[b];
    pf->preds = fc_xmalloc((size_t)(edges + 1) * sizeof *pf->preds);
    uint32_t *fill = fc_xcalloc(n + 1, sizeof *fill);
    for (uint32_t b = 0; b < n; b++)
      for (uint32_t e = 0; e < fc_succ_count(p, f, b); e++) {
        uint32_t t = fc_succ(p, f, b, e);
        if (t < n)
          pf->preds[pf->pred_first[t] + fill[t]++] = b;
      }
    free(fill);
  }
}

/* ---- entry points ------------------------------------------------------ */

struct fc_program *fc_program_link(struct fc_tu **tus, uint32_t n_tus,
                                   const struct fc_knowledge *know,
                                   enum fc_threads_mode threads, uint64_t facts) {
  struct fc_program *p = fc_xcalloc(1, sizeof *p);
  p->tus = tus;
  p->n_tus = n_tus;
  p->know = know;
  p->threads = threads;
  link_functions(p);
  build_callers(p);
  compute_noreturn(p);
  compute_release_only(p);
  fc_cycles_compute(p); /* after noreturn: a call that never returns is no way back */
  compute_fork_sources(p);
  index_fork_sites(p);
  compute_may_write(p);
  build_preds(p);
  compute_returns_after(p);
  fc_fds_compute(p);
  fc_return_ends_compute(p);
  fc_crash_compute(p);
  fc_children_compute(p);
  fc_pool_drains_compute(p); /* before the facts: thread_join reads it */
  fc_facts_compute(p, facts);
  fc_threads_compute(p);
  fc_threads_modes_compute(p);
  return p;
}

void fc_program_free(struct fc_program *p) {
  if (!p)
    return;
  for (size_t f = 0; f < p->funcs.n; f++) {
    free(p->funcs.v[f].block_threads);
    free(p->funcs.v[f].child_depth);
    free(p->funcs.v[f].pred_first);
    free(p->funcs.v[f].preds);
    free(p->funcs.v[f].alloc_failed);
  }
  fc_vec_free(&p->funcs);
  for (uint32_t t = 0; t < p->n_tus; t++)
    free(p->targets[t]);
  free(p->targets);
  fc_vec_free(&p->forks);
  fc_vec_free(&p->clones);
  free(p->fork_by_call);
  fc_vec_free(&p->calls);
  free(p->callers_first);
  free(p->callers);
  free(p->cycle);
  free(p->crash_only);
  fc_vec_free(&p->crash_calls);
  for (uint32_t t = 0; p->returns_after && t < p->n_tus; t++)
    free(p->returns_after[t]);
  free(p->returns_after);
  fc_vec_free(&p->null_fd_calls);
  fc_facts_free(p);
  fc_strtab_free(&p->fn_types);
  fc_pointers_free(p);
  free_may_write(p);
  free(p->prog_mask);
  free(p->start_mask);
  free(p->tu_main);
  free(p->main_start);
  free(p->tu_threads);
  for (uint32_t t = 0; p->child_event && t < p->n_tus; t++)
    free(p->child_event[t]);
  free(p->child_event);
  free(p);
}
