/*
 * The query layer: what the rules see of the linked program, read-only.
 * Functions are numbered 0..fc_func_count()-1, blocks within a function
 * from FC_ENTRY and FC_EXIT up, events by struct fc_ref. How the summaries
 * store them (arrays of every TU, indices into each other) stays behind
 * these functions, so the storage can change without touching a rule.
 *
 * Two walks over a function's CFG are here too, so that no rule writes its
 * own: a forward dataflow to a fixpoint (fc_flow_run) and a depth-first
 * search (fc_dfs_run). Both keep their work on explicit worklists that hold
 * each block at most once: memory is bounded by the function's size, never
 * by the depth of a recursion.
 */
#ifndef FORKCHECK_CFG_H
#define FORKCHECK_CFG_H

#include <stddef.h>
#include <stdint.h>

#include "knowledge.h"
#include "summary.h"

struct fc_program;

/* An event, named by its TU and its index in that TU's events. */
struct fc_ref {
  uint32_t tu;
  uint32_t event; /* FC_NO_EVENT: none */
};

#define FC_NO_EVENT UINT32_MAX

/* auto: from the program's own evidence; yes: assumed at every fork; no:
 * none; library: as auto, and files without a main are a library whose
 * host may have started threads (a hypothesis auto does not make). */
enum fc_threads_mode { FC_THREADS_AUTO, FC_THREADS_YES, FC_THREADS_NO, FC_THREADS_LIBRARY };

/* Why another thread may exist at a point. */
enum fc_evidence_kind {
  FC_EVID_NONE,
  FC_EVID_THREAD_START, /* at: the call that starts (or leads to) a thread */
  FC_EVID_CALLBACK,     /* func may run at any time: registered with a library
                           (at: the registration) or never called (at: none) */
  FC_EVID_NO_MAIN,      /* a library: threads may exist everywhere */
  FC_EVID_PYTHON,       /* the TU includes Python.h */
  FC_EVID_ASSUMED,      /* --threads=yes */
};

struct fc_evidence {
  uint8_t kind;
  struct fc_ref at;
  int32_t func; /* FC_EVID_CALLBACK: the function */
  /* FC_EVID_THREAD_START: the programs whose thread starts it stands for
   * (fc_program.prog_mask bits; 0: every program's). */
  uint64_t origins;
};

/* Is the evidence only that threads could exist (a library's unknown host,
 * an interpreter that may run threads), with no thread start seen? */
int fc_evidence_hypothetical(const struct fc_evidence *e);

/* What a call resolves to. */
struct fc_target {
  int32_t func;   /* program function index, or -1 for an external */
  uint32_t kinds; /* FC_K_* of the external (plus FC_K_NORETURN if declared so) */
  int arg;        /* the argument the kinds are about, or -1 (data/functions.def) */
  int param;      /* a call through a parameter: the function the caller passed */
};

enum fc_site_kind { FC_SITE_FORK, FC_SITE_VFORK, FC_SITE_DAEMON };

struct fc_fork_site {
  uint32_t func;   /* program function containing the call */
  uint32_t block;  /* within the function */
  uint32_t index;  /* event index within the block */
  struct fc_ref call;
  uint8_t kind;
  uint8_t role;    /* a call of a function that returns the process's role, not a
                      pid (fc_func_role): only where the child's process ends
                      is judged there (by the rule for the child's end); the fork inside
                      the function is the one the other rules judge */
  int32_t child;   /* clone(fn, ...): fn, which the child runs from its entry
                      (the child ends when it returns); -1 for a fork */
};

/* What a variable holds on the paths of one outcome of a fork: unknown, the
 * fork's result itself (0 in the child, a pid in the parent, -1 on
 * failure), some value other than 0, the constant c, (a global or a
 * member) what it held when the function was entered, unknown to it,
 * some value <= 0 (a child that returns 0, or -1 when its setsid() fails),
 * or some value other than the constant c (c not 0: a mode `Fork != -1`). */
enum fc_value_class {
  FC_V_UNKNOWN,
  FC_V_FORK,
  FC_V_NONZERO,
  FC_V_CONST,
  FC_V_ENTRY,
  FC_V_NONPOS,
  FC_V_NOT
};
struct fc_value {
  uint8_t cls;
  int64_t c;
};
/* The outcomes of a fork, as indices of per-outcome arrays; FC_IN_BEFORE:
 * the process on a path that did not fork (region.c). */
enum { FC_IN_CHILD, FC_IN_PARENT, FC_IN_FAILED, FC_OUTCOMES, FC_IN_BEFORE = FC_OUTCOMES };

/* A test of calls (fc_reach_compute, region markers). */
typedef int (*fc_call_pred)(const struct fc_program *p, struct fc_ref call, void *arg);

/* A call made in a function: who calls, and where. */
struct fc_caller {
  uint32_t caller;
  struct fc_ref call;
};

/* ---- the program ------------------------------------------------------- */

enum fc_threads_mode fc_threads_mode(const struct fc_program *p);
int fc_has_main(const struct fc_program *p); /* some TU defines main */
int fc_any_python(const struct fc_program *p); /* some TU includes Python.h */
/* What is known about functions by name (knowledge.h). */
const struct fc_knowledge *fc_program_knowledge(const struct fc_program *p);

uint32_t fc_fork_count(const struct fc_program *p);
const struct fc_fork_site *fc_fork_at(const struct fc_program *p, uint32_t i);
/* The fork site that call is, or -1. */
int32_t fc_fork_of_call(const struct fc_program *p, struct fc_ref call);
/* Is the call made in the child alone of a fork in its function, a child
 * that never returns from that function? What it starts (a thread) runs in
 * that child's process only, not in the process that called the function. */
int fc_call_in_child(const struct fc_program *p, struct fc_ref call);
/* Breadth-first from the functions queue[0..tail), marked in seen: marks
 * and appends every function they call, directly or through pointers, and
 * what those call in turn. Returns the new tail (queue holds n functions). */
uint32_t fc_mark_callees(const struct fc_program *p, uint32_t *queue, uint32_t tail,
                         uint8_t *seen);
/* The same, with the functions whose address those calls hand on (a
 * thread's start routine given to pthread_create()): what may run in the
 * process of the functions queued. */
uint32_t fc_mark_run(const struct fc_program *p, uint32_t *queue, uint32_t tail, uint8_t *seen);
/* The same up the calls: marks and appends every caller of the functions
 * queued, and theirs in turn (the callers fc_caller_at lists). */
uint32_t fc_mark_callers(const struct fc_program *p, uint32_t *queue, uint32_t tail,
                         uint8_t *seen);
/* The same, up the calls that `pass` accepts only. */
uint32_t fc_mark_callers_via(const struct fc_program *p, uint32_t *queue, uint32_t tail,
                             uint8_t *seen, fc_call_pred pass, void *arg);
/* How many forks of function f have block b run by their child alone: one
 * more than the fork's own block for its child's blocks, two for a
 * grandchild's (a fork made in that child). */
uint32_t fc_block_child_depth(const struct fc_program *p, uint32_t f, uint32_t b);
/* Every site that creates a child process whose code a rule can check: the
 * fork sites (the same indices), then the clone() calls whose child runs a
 * function of the program (site->child). */
uint32_t fc_child_site_count(const struct fc_program *p);
const struct fc_fork_site *fc_child_site_at(const struct fc_program *p, uint32_t i);

/* Every call event of the program, function by function, in block order. */
uint32_t fc_call_count(const struct fc_program *p);
struct fc_ref fc_call_at(const struct fc_program *p, uint32_t i);

/* ---- functions --------------------------------------------------------- */

uint32_t fc_func_count(const struct fc_program *p);
const char *fc_func_name(const struct fc_program *p, uint32_t f);
int fc_func_is_main(const struct fc_program *p, uint32_t f);
/* Does returning from f end the process: main, or a function whose every
 * caller only ends the process after the call (exit(f(...)), or returns its
 * value from a function whose return ends the process in turn)? */
int fc_func_return_ends(const struct fc_program *p, uint32_t f);
/* Can the function that makes the call return after it: no call after it
 * that never returns on some way from it to the function's exit? */
int fc_call_returns_after(const struct fc_program *p, struct fc_ref call);
/* Does its text mention the identifier (enum fc_mention)? */
int fc_func_mentions(const struct fc_program *p, uint32_t f, unsigned mention);
int fc_func_address_taken(const struct fc_program *p, uint32_t f);
/* Facts of the link: every path ends the process; it returns the result of
 * a fork to its caller in the child (a fork wrapper). */
int fc_func_noreturn(const struct fc_program *p, uint32_t f);
int fc_func_fork_source(const struct fc_program *p, uint32_t f);
/* A function that forks and returns a value that tells the child from the
 * parent (`return 0` in the child, `return 1` or the pid in the parent):
 * 1, with what it returns in each outcome and the outcomes it returns in
 * (FC_CHILD|FC_PARENT|FC_FAILED of region.h). Its callers' tests of that
 * value are tests of the fork. */
int fc_func_role(const struct fc_program *p, uint32_t f, struct fc_value ret[FC_OUTCOMES],
                 unsigned *outcomes);
/* Such a function's child calls daemon() before it returns: the process
 * the caller's child code runs in is a daemon whose parent has exited. */
int fc_func_role_daemon(const struct fc_program *p, uint32_t f);
/* The function's call events in block order, and the calls made to it. */
uint32_t fc_func_call_count(const struct fc_program *p, uint32_t f);
struct fc_ref fc_func_call(const struct fc_program *p, uint32_t f, uint32_t k);
#define FC_FOR_EACH_CALL(p, f, ref)                                                      \
  for (uint32_t k_ = 0; k_ < fc_func_call_count(p, f); k_++)                              \
    for (struct fc_ref ref = fc_func_call(p, f, k_); ref.event != FC_NO_EVENT;            \
         ref.event = FC_NO_EVENT)
uint32_t fc_caller_count(const struct fc_program *p, uint32_t f);
struct fc_caller fc_caller_at(const struct fc_program *p, uint32_t f, uint32_t k);
/* The number of variables of function f, and FC_VAR_* of variable v (>= 0). */
uint32_t fc_var_count(const struct fc_program *p, uint32_t f);
unsigned fc_var_flags(const struct fc_program *p, uint32_t f, int32_t v);
/* The storage a global or member variable v of f names, the same string in
 * every function of the program (`child_pid`; `cmd->pid` and `c->pid`);
 * NULL for a local. */
const char *fc_var_storage(const struct fc_program *p, uint32_t f, int32_t v);
/* Does variable v of f name that storage? */
int fc_var_is_storage(const struct fc_program *p, uint32_t f, int32_t v, const char *storage);
/* Does variable v of f name that storage? */
int fc_var_in_storage(const struct fc_program *p, uint32_t f, int32_t v, const char *storage);
/* May the call change that storage (a global or a member; a function that
 * forks gives it a value): a function that assigns it, takes its address,
 * or calls one that does; a member, any external function; unknown, yes. */
int fc_call_may_write(const struct fc_program *p, uint32_t f, struct fc_ref call,
                      const char *storage);
/* The block and the index in it of event ev of function f: 0 when f has
 * no such event. A scan of f's blocks. */
int fc_event_place(const struct fc_program *p, uint32_t f, struct fc_ref ev, uint32_t *block,
                   uint32_t *index);
/* Marks in leads (a byte per block of f) block b and the blocks from which
 * it can be reached; on the successors, so usable before the link builds
 * the predecessors. */
void fc_mark_leading_to(const struct fc_program *p, uint32_t f, uint8_t *leads, uint32_t b);
/* Is variable v of f a settled global: one a function with a fork site
 * tests, that only the program's own flow assigns (never a function whose
 * address is taken, such as a signal handler, nor one it calls), and whose
 * address is never taken? Between two tests of it only a call that may
 * assign it (fc_call_may_write) changes it: `if (!dontfork) pid = fork();`
 * then, in the child, `if (!dontfork) exit(1);` always exits. */
int fc_var_settled(const struct fc_program *p, uint32_t f, int32_t v);

/* Code that runs only when an allocation failed (the fact alloc_failure,
 * checker/alloc.c): every path from the function's entry takes the edge of
 * a test that only a failed allocation's result passes (`if (!p)` after
 * `p = malloc(n)`, `if (asprintf(...) < 0)`, a wrapper's result tested the
 * same way). */
int fc_call_alloc_failed(const struct fc_program *p, struct fc_ref call);
int fc_block_alloc_failed(const struct fc_program *p, uint32_t f, uint32_t b);

/* ---- blocks ------------------------------------------------------------ */

uint32_t fc_block_count(const struct fc_program *p, uint32_t f);
uint32_t fc_succ_count(const struct fc_program *p, uint32_t f, uint32_t b);
/* The e-th edge leaving block b: its target and its test. */
const struct fc_edge *fc_succ_edge(const struct fc_program *p, uint32_t f, uint32_t b,
                                   uint32_t e);
uint32_t fc_succ(const struct fc_program *p, uint32_t f, uint32_t b, uint32_t e);
/* The blocks with an edge into b, in block order (once per edge). */
uint32_t fc_pred_count(const struct fc_program *p, uint32_t f, uint32_t b);
uint32_t fc_pred(const struct fc_program *p, uint32_t f, uint32_t b, uint32_t k);
/* The events of block b, in evaluation order. */
uint32_t fc_event_count(const struct fc_program *p, uint32_t f, uint32_t b);
struct fc_ref fc_block_event(const struct fc_program *p, uint32_t f, uint32_t b, uint32_t i);
/* The place of event ref in block b (fc_event_count() when it is not there). */
uint32_t fc_block_event_index(const struct fc_program *p, uint32_t f, uint32_t b,
                              struct fc_ref ref);
/* The closing brace that ends block b: 0 when it has none. */
int fc_block_end(const struct fc_program *p, uint32_t f, uint32_t b, struct fc_loc *out);
/* Does block b fall off the function's closing brace: no return ends it,
 * the brace does, and *edge is its edge to the exit? (An implicit return.) */
int fc_block_falls_off(const struct fc_program *p, uint32_t f, uint32_t b, uint32_t *edge);
/* The loops of f's CFG: per block, a number shared by the blocks of the
 * loop it is on (its strongly connected component, of two blocks or more,
 * or one with an edge to itself), else FC_NO_LOOP. To free. */
#define FC_NO_LOOP UINT32_MAX
uint32_t *fc_block_loops(const struct fc_program *p, uint32_t f);

/* ---- events and calls -------------------------------------------------- */

const struct fc_event *fc_event_at(const struct fc_program *p, struct fc_ref r);
/* The value an assignment or a return event stores: 1 with *out (a
 * constant, a variable copied, or a variable plus a constant: `x++`) when
 * it is known. */
int fc_event_value(const struct fc_program *p, struct fc_ref ev, struct fc_arg *out);
/* Is the event in a TU that includes Python.h? */
int fc_in_python_tu(const struct fc_program *p, struct fc_ref ev);
/* The Python version the file of ev is compiled against, as PY_VERSION_HEX
 * (0x03070000 for 3.7), from the macros of data/macros.def; 0 when not
 * known. */
uint32_t fc_py_version(const struct fc_program *p, struct fc_ref ev);
/* The value of a macro of data/macros.def in the file of event ev: 1 with
 * *value when the file defines it as an integer literal. */
int fc_macro_value(const struct fc_program *p, struct fc_ref ev, const char *name,
                   int64_t *value);
/* The Python C-API function the call names is deprecated in the Python of
 * its file (in any Python, when that is not known). */
int fc_call_py_deprecated(const struct fc_program *p, struct fc_ref call);
/* Is it a call of a named function (not through a pointer)? */
int fc_call_is_direct(const struct fc_program *p, struct fc_ref call);
/* The called function's name; for a pointer, the global or field called
 * through ("<indirect>" when it is neither). */
const char *fc_callee_name(const struct fc_program *p, struct fc_ref call);
/* Do the two calls call a function of the same name (or through the same
 * pointer)? */
int fc_same_callee(const struct fc_program *p, struct fc_ref a, struct fc_ref b);
/* Declared in a system header (and not defined by the program). */
int fc_callee_is_system(const struct fc_program *p, struct fc_ref call);
/* The target of a direct call (func -1 and kinds 0 for calls through
 * pointers). */
struct fc_target fc_call_target(const struct fc_program *p, struct fc_ref call);
/* Every function a call may run: *out points at n targets. A direct call
 * has one; a call through a pointer the functions it may hold
 * (checker/pointers.c), none when they are not known. */
uint32_t fc_call_targets(const struct fc_program *p, struct fc_ref call,
                         const struct fc_target **out);
int fc_call_noreturn(const struct fc_program *p, struct fc_ref call);
/* Parameters whose value decides whether a function returns: the first. */
#define FC_NORET_PARAMS 16u
/* Does the direct call never return for a constant argument's class (0 or
 * not) -- a function of the program that exits when its parameter says so
 * (`if (finally_exit) exit_shell();`: fc_pfunc.noret_param) -- or, with
 * var >= 0, for the caller's variable var passed on, when it is 0 (cls 0)
 * or not (cls 1)? fc_call_noreturn() includes the constants. */
int fc_call_ends_with(const struct fc_program *p, struct fc_ref call, int32_t var, int cls);
/* The parameters among f's first n (n <= 64) that f never assigns: a
 * caller's argument is their value all through f. */
uint64_t fc_func_kept_params(const struct fc_program *p, uint32_t f, uint32_t n);
/* Is the call one of a function that only gives back what the process
 * holds (free(), close(): data/release-only.def), or of a function of the
 * program that calls nothing else (slirp4netns's options_destroy()),
 * housekeeping on the way to the process's end rather than work? */
int fc_call_releases_only(const struct fc_program *p, struct fc_ref call);
/* Does a call in block b of f never return (the block ends the path)? */
int fc_block_ends(const struct fc_program *p, uint32_t f, uint32_t b);
/* May functions f and g run in one program: with two mains or more, does a
 * main reach both (through calls, through pointers too)? A function no main
 * reaches may run in any. */
int fc_funcs_share_program(const struct fc_program *p, uint32_t f, uint32_t g);
/* Is it a direct call of the C library's that runs the exit-time cleanup
 * and never returns: exit(), err(), quick_exit()? */
int fc_call_exits_with_cleanup(const struct fc_program *p, struct fc_ref call);
/* Does the call lead back into function f: is every function it may run f,
 * or called by f and calling f in turn, through any number of calls? (A
 * call through a pointer that may also run something else does not.) */
int fc_call_reenters(const struct fc_program *p, struct fc_ref call, uint32_t f);
/* What a direct call of an external function does, its constant arguments
 * considered: syscall()'s number stands for the call it makes
 * (data/syscalls.def), clone()'s flags make it a fork, a vfork or a thread
 * start (FC_K_CLONE is then gone; with flags that are not a constant, the
 * call is none of them). *arg, when arg is not NULL: the argument the
 * kinds are about. */
uint32_t fc_call_kinds(const struct fc_program *p, struct fc_ref call, int *arg);
/* The called function's role in the Python C API: FC_PY_API for a Py* name
 * only in a TU that includes Python.h. */
enum fc_py_role fc_call_py_role(const struct fc_program *p, struct fc_ref call);
/* Is the external target known not to be async-signal-safe, or unknown?
 * With this call's first argument where that decides (sysconf). */
int fc_target_is_unsafe_external(const struct fc_program *p, struct fc_ref call);
/* Does the called function (a program's, or the external the call names)
 * end the process only by crashing it: it never returns, and the only ends
 * it reaches through its own calls (not its hooks, called through pointers)
 * are abort() and failed-assertion handlers (data/crash.def), none an exit,
 * an _exit or an exec? An assertion macro's failure handler. */
int fc_call_crash_only(const struct fc_program *p, struct fc_ref call);
/* Is it a direct call to an external function whose state the C library's
 * fork() resets in the child (the allocator, stdio), or whose lock no
 * thread of the forking process ever takes (setenv()'s environment lock,
 * when only children modify the environment: compute_env_free)? */
int fc_call_fork_resets(const struct fc_program *p, struct fc_ref call);
/* Is the C library taken to reset in the child of fork() what
 * fc_call_fork_resets() names (the linux profile: glibc, and musl from
 * 1.2.2)? --profile=posix takes nothing beyond POSIX. */
int fc_fork_resets_trusted(const struct fc_program *p);
/* At a fork whose thread evidence is e, is the state fork() resets left
 * out: the C library resets it (fc_fork_resets_trusted), or the threads are
 * only a hypothesis (fc_evidence_hypothetical)? */
int fc_fork_resets_cover(const struct fc_program *p, const struct fc_evidence *e);

/* Argument i of a call, or NULL when it has fewer. */
const struct fc_arg *fc_call_arg(const struct fc_program *p, struct fc_ref call, uint32_t i);
/* An FC_ARG_VAR argument that names a global: its name, else NULL. */
const char *fc_arg_global(const struct fc_program *p, struct fc_ref call, const struct fc_arg *a);
/* An FC_ARG_FUNC argument: the program function it names, or -1. */
int32_t fc_arg_func(const struct fc_program *p, struct fc_ref call, const struct fc_arg *a);
/* qsort() and bsearch() order of struct fc_ref: by TU, then event. */
int fc_ref_order(const void *a, const void *b);
/* An FC_ARG_STR argument: the literal's text, else NULL. */
const char *fc_arg_string(const struct fc_program *p, struct fc_ref call, const struct fc_arg *a);
/* Does the call close descriptor fd, or put a descriptor of a null device
 * in its place (dup2(null_fd, fd) where null_fd only ever holds
 * open("/dev/null", ...): fds.c)? Whatever the process writes to fd
 * afterwards is not written where fd led before. */
int fc_call_discards_fd(const struct fc_program *p, struct fc_ref call, int64_t fd);

/* ---- walks ------------------------------------------------------------- */

/* A worklist of blocks: each is on it at most once; a queue (first in,
 * first out) or, with lifo, a stack. */
struct fc_worklist {
  uint32_t *v, head, count, cap;
  uint8_t *queued;
  int lifo;
};
void fc_worklist_init(struct fc_worklist *w, uint32_t n_blocks, int lifo);
void fc_worklist_push(struct fc_worklist *w, uint32_t b); /* no-op when b is on it */
uint32_t fc_worklist_pop(struct fc_worklist *w);          /* only when count > 0 */
void fc_worklist_free(struct fc_worklist *w);

/* A forward dataflow over function func: states of `size` bytes, one per
 * block in `in` (the caller's, all at bottom but the seeds'), pushed along
 * the edges until nothing changes. The worklist is a queue (breadth-first)
 * or, with lifo, a stack; where the analysis keeps the first reason it
 * finds, the order decides which. */
struct fc_flow {
  const struct fc_program *p;
  uint32_t func;
  size_t size;
  int lifo;
  /* Runs block b on *s (its entry state, a copy): 0 when no path leaves. */
  int (*run)(void *ctx, uint32_t b, void *s);
  /* The state that takes edge e of block b, from the block's end state
   * (`along` holds a copy of it): 0 when no path takes the edge. NULL: every
   * path takes every edge, unchanged. */
  int (*along)(void *ctx, uint32_t b, uint32_t e, void *along);
  /* Joins `from` into `into`: non-zero when `into` changed. */
  int (*join)(void *ctx, void *into, const void *from);
  void *ctx;
};

/* Runs the flow from the seed blocks (pushed in their order). */
void fc_flow_run(const struct fc_flow *fl, void *in, const uint32_t *seeds, uint32_t n_seeds);

/* A depth-first search over function func's blocks, taking edges in order. */
enum { FC_DFS_FOLLOW, FC_DFS_SKIP, FC_DFS_STOP };
enum { FC_DFS_NEW, FC_DFS_ON_PATH, FC_DFS_DONE };
struct fc_dfs {
  const struct fc_program *p;
  uint32_t func;
  /* Block b is reached for the first time: FOLLOW its edges, SKIP them or
   * STOP the search. NULL: follow. */
  int (*enter)(void *ctx, uint32_t b);
  /* Edge e of b, to t, which is NEW, ON_PATH (on the current path: the
   * edge closes a loop) or DONE: FOLLOW (a new t is entered), SKIP or STOP.
   * NULL: follow. */
  int (*edge)(void *ctx, uint32_t b, uint32_t e, uint32_t t, int seen);
  void *ctx;
};

/* Searches from block start: 1 when a callback stopped it. */
int fc_dfs_run(const struct fc_dfs *d, uint32_t start);

/* Does a call that pred accepts run after call `call` of function f, on
 * some way from it (the events before the call too, when a loop brings the
 * way back to its block)? With `returns`: whether a way from the call
 * reaches f's return (searched only until such a call is found). */
int fc_call_followed_by(const struct fc_program *p, uint32_t f, struct fc_ref call,
                        fc_call_pred pred, void *arg, int *returns);
/* The same, where a way ends at a call that never returns (the exit() of a
 * child after its failed exec ends the child's way there). */
int fc_call_then(const struct fc_program *p, uint32_t f, struct fc_ref call, fc_call_pred pred,
                 void *arg);

#endif
