/*
 * The Python C API as the rules see it (roles from data/python-api.def): which
 * calls enter the interpreter and which are the fork hooks, themselves or
 * through the program's functions (the python_* facts of the link). Shared
 * by the python-* rules and child-unsafe-call.
 */
#ifndef FORKCHECK_RULES_PYTHON_H
#define FORKCHECK_RULES_PYTHON_H

#include "rules.h"

/* The fork hooks a fork call runs itself (fc_py_site_hooks). */
enum { FC_PY_HOOK_BEFORE = 1, FC_PY_HOOK_PARENT = 2, FC_PY_HOOK_CHILD = 4 };

/* The facts a rule that uses this header reads. */
#define FC_PYTHON_FACTS                                                                       \
  (FC_FACT_BIT(python_api) | FC_FACT_BIT(python_before_fork) |                               \
   FC_FACT_BIT(python_after_parent) | FC_FACT_BIT(python_after_child) |                      \
   FC_FACT_BIT(python_api_always))

struct fc_python {
  const struct fc_program *prog;
  const struct fc_reach *api;          /* can call into the interpreter */
  const struct fc_reach *api_always;   /* calls into it on every path that returns */
  const struct fc_reach *before;       /* can call PyOS_BeforeFork() */
  const struct fc_reach *after_parent; /* can call PyOS_AfterFork_Parent() */
  const struct fc_reach *after_child;  /* can call PyOS_AfterFork_Child() (or PyOS_AfterFork()) */
  int any;                             /* some file includes Python.h */
};

/* The facts, as computed at link (FC_PYTHON_FACTS). */
void fc_python_init(struct fc_python *py, const struct fc_program *p);

/* The role of the function a call names; a Py* name calls into the
 * interpreter only in a file that includes Python.h. */
enum fc_py_role fc_py_role(const struct fc_python *py, struct fc_ref call);
/* The macro that usually makes the call (Py_END_ALLOW_THREADS), or "". */
const char *fc_py_hint(const struct fc_python *py, struct fc_ref call);
/* The call enters the interpreter, itself or through the program's functions
 * (one of them, through a pointer). */
int fc_py_calls_api(const struct fc_python *py, struct fc_ref call);
/* The call enters the interpreter whenever it returns: an API call, or
 * program functions that call into it on every path. */
int fc_py_calls_api_always(const struct fc_python *py, struct fc_ref call);
/* An fc_call_pred (arg: the struct fc_python): the call is
 * PyOS_AfterFork_Child() or PyOS_AfterFork(), or reaches one (through one of
 * the functions a pointer may hold, for a call through a pointer). */
int fc_py_after_child_call(const struct fc_program *p, struct fc_ref call, void *arg);
/* FC_PY_HOOK_* run by the fork call of s itself: all of them for
 * forksafe_fork() with the GIL held, what a program's fork wrapper calls. */
unsigned fc_py_site_hooks(const struct fc_python *py, const struct fc_fork_site *s);
/* FC_PY_HOOK_* that function f of the program calls, itself or deeper. */
unsigned fc_py_func_hooks(const struct fc_python *py, uint32_t f);
/* The GIL is released (Py_BEGIN_ALLOW_THREADS) on some path to the fork. */
int fc_py_gil_released_at(const struct fc_python *py, const struct fc_fork_site *s);

#endif
