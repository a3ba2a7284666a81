#define _GNU_SOURCE /* the CLONE_* flags of <sched.h> */
#include "knowledge.h"
#include "strtab.h"
#include "vec.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h> /* the SYS_* numbers of data/syscalls.def */
#include <unistd.h> /* the _SC_* names of AS_SAFE_ARG entries */

/* The source of each entry is for the docs. value: an AS_SAFE_ARG entry's
 * first argument. */
struct safe_entry {
  const char *name, *profile;
  int conditional;
  long value;
};

static const struct safe_entry safe_list[] = {
#define AS_SAFE(name, profile, source) {#name, #profile, 0, 0},
#define AS_SAFE_ARG(name, profile, constant, source) {#name, #profile, 1, constant},
#include "async-signal-safe.def"
#undef AS_SAFE
#undef AS_SAFE_ARG
};

struct func_entry {
  const char *name;
  uint32_t kinds;
  int arg;
};

static const struct func_entry func_list[] = {
#define FC_FUNC(name, kinds, arg) {#name, kinds, arg},
#include "functions.def"
};

struct py_entry {
  const char *name;
  enum fc_py_role role;
  const char *hint;
};

static const struct py_entry py_list[] = {
#define PY_API(name, role, hint) {#name, FC_##role, hint},
#include "python-api.def"
};

static const struct fc_replacement replacements[] = {
#define FC_REPLACE(name, with, header) {#name, #with, header},
#include "replacements.def"
#undef FC_REPLACE
};

#define COUNT(a) (sizeof a / sizeof a[0])

static const struct py_deprecated {
  const char *name;
  uint32_t since;
} py_deprecated[] = {
#define PY_API(name, role, hint)
#define PY_DEPRECATED(name, version) {#name, version},
#include "python-api.def"
};

uint32_t fc_knowledge_py_deprecated(const char *name) {
  for (size_t i = 0; i < COUNT(py_deprecated); i++)
    if (!strcmp(py_deprecated[i].name, name))
      return py_deprecated[i].since;
  return 0;
}

const struct fc_replacement *fc_knowledge_replacement(const char *name) {
  for (size_t i = 0; i < COUNT(replacements); i++)
    if (!strcmp(replacements[i].name, name))
      return &replacements[i];
  return NULL;
}

/* The categories of data/async-signal-unsafe.def whose state glibc's
 * fork() (and musl's, from 1.2.2) takes before the fork and resets in the
 * child: the allocator's arenas and the stdio streams' locks; and exit(),
 * whose flush takes only those (what else it runs, the program's handlers
 * and the copied output, is child-exit-cleanup's harm to judge). */
static const struct unsafe_entry {
  const char *name, *category;
} unsafe_list[] = {
#define UNSAFE(name, category) {#name, category},
#include "async-signal-unsafe.def"
};

static int category_reset_by_fork(const char *category) {
  return !strcmp(category, "allocator") || !strcmp(category, "stdio") ||
         !strcmp(category, "exit");
}

static const struct global_entry {
  const char *name;
  uint32_t kinds;
} global_list[] = {
#define FC_GLOBAL(name, kinds) {#name, kinds},
#include "globals.def"
};

/* What is known about one name; py: index in py_list, or -1; global: FC_G_*
 * of a global variable of that name. */
struct slot {
  struct fc_known known;
  int py;
  uint32_t global;
  int fork_resets;
  int env_lock; /* takes the C library's environment lock (category "environment") */
  int rejects_negative; /* a negative process group is refused (negative-group.def) */
};

struct fc_knowledge {
  struct fc_strtab names; /* id -> slots[id] */
  FC_VEC(struct slot) slots;
  enum fc_profile profile;
};

static struct slot *slot_of(struct fc_knowledge *k, const char *name) {
  uint32_t id = fc_strtab_intern(&k->names, name);
  while (k->slots.n <= id) {
    struct slot empty = {{0, -1}, -1, 0, 0, 0, 0};
    fc_vec_push(&k->slots, empty);
  }
  return &k->slots.v[id];
}

static const char *const negative_group_list[] = {
#define FC_NEGATIVE_GROUP(name) #name,
#include "negative-group.def"
#undef FC_NEGATIVE_GROUP
};

static const struct cannot_fail {
  const char *name;
  int result, arg, check;
} cannot_fail_list[] = {
#define FC_CANNOT_FAIL(name, result, arg, check) {#name, result, arg, check},
#include "cannot-fail.def"
#undef FC_CANNOT_FAIL
};

/* Does the constant pass the check? */
static int passes_check(int check, int64_t v) {
  switch (check) {
  case FC_CF_SIGNAL:
    return v >= 1 && v <= 64;
  case FC_CF_CATCHABLE:
    return v >= 1 && v <= 64 && v != 9 && v != 19;
  case FC_CF_HOW:
    return v >= 0 && v <= 2;
  case FC_CF_NULL_DEVICE:
    return 0;
  default:
    return 1;
  }
}

static const struct cannot_fail *find_cannot_fail(const char *name) {
  for (size_t i = 0; i < COUNT(cannot_fail_list); i++)
    if (!strcmp(cannot_fail_list[i].name, name))
      return &cannot_fail_list[i];
  return NULL;
}

int fc_knowledge_cannot_fail(const char *name, int *arg) {
  const struct cannot_fail *c = find_cannot_fail(name);
  *arg = c ? c->arg : -1;
  return c ? c->result : 0;
}

int fc_knowledge_cannot_fail_with(const char *name, int64_t value) {
  const struct cannot_fail *c = find_cannot_fail(name);
  return c && passes_check(c->check, value);
}

int fc_knowledge_cannot_fail_with_str(const char *name, const char *value) {
  const struct cannot_fail *c = find_cannot_fail(name);
  return c && c->check == FC_CF_NULL_DEVICE && value && fc_knowledge_null_device(value);
}

struct fc_knowledge *fc_knowledge_new(enum fc_profile profile) {
  struct fc_knowledge *k = fc_xcalloc(1, sizeof *k);
  fc_strtab_init(&k->names);
  k->profile = profile;
  for (size_t i = 0; i < COUNT(func_list); i++) {
    struct slot *s = slot_of(k, func_list[i].name);
    s->known.kinds |= func_list[i].kinds;
    s->known.arg = func_list[i].arg;
  }
  for (size_t i = 0; i < COUNT(safe_list); i++)
    if (profile == FC_PROFILE_LINUX || !strcmp(safe_list[i].profile, "posix"))
      slot_of(k, safe_list[i].name)->known.kinds |=
          safe_list[i].conditional ? FC_K_SAFE_WITH_ARG : FC_K_ASYNC_SAFE;
  for (size_t i = 0; i < COUNT(py_list); i++)
    slot_of(k, py_list[i].name)->py = (int)i;
  for (size_t i = 0; i < COUNT(global_list); i++)
    slot_of(k, global_list[i].name)->global = global_list[i].kinds;
  for (size_t i = 0; i < COUNT(unsafe_list); i++)
    if (category_reset_by_fork(unsafe_list[i].category))
      slot_of(k, unsafe_list[i].name)->fork_resets = 1;
    else if (!strcmp(unsafe_list[i].category, "environment"))
      slot_of(k, unsafe_list[i].name)->env_lock = 1;
  for (size_t i = 0; profile == FC_PROFILE_LINUX && i < COUNT(negative_group_list); i++)
    slot_of(k, negative_group_list[i])->rejects_negative = 1;
  return k;
}

void fc_knowledge_free(struct fc_knowledge *k) {
  if (!k)
    return;
  fc_strtab_free(&k->names);
  fc_vec_free(&k->slots);
  free(k);
}

void fc_knowledge_add(struct fc_knowledge *k, const char *name, uint32_t kinds) {
  slot_of(k, name)->known.kinds |= kinds;
}

static const struct slot *find(const struct fc_knowledge *k, const char *name) {
  uint32_t id = fc_strtab_find(&k->names, name);
  return id == FC_NO_STR ? NULL : &k->slots.v[id];
}

struct fc_known fc_knowledge_of(const struct fc_knowledge *k, const char *name) {
  const struct slot *s = find(k, name);
  struct fc_known none = {0, -1};
  return s ? s->known : none;
}

int fc_knowledge_safe_with(const struct fc_knowledge *k, const char *name, int64_t arg) {
  if (!(fc_knowledge_of(k, name).kinds & FC_K_SAFE_WITH_ARG))
    return 0;
  for (size_t i = 0; i < COUNT(safe_list); i++)
    if (safe_list[i].conditional && safe_list[i].value == arg && !strcmp(safe_list[i].name, name))
      return 1;
  return 0;
}

/* The name a fortified or unlocked variant stands for: __builtin___x_chk,
 * __x_chk, __builtin_x and x_unlocked are x. Writes into buf. */
static const char *plain_name(const char *name, char *buf, size_t size) {
  size_t n = strlen(name);
  if (!strncmp(name, "__builtin_", 10))
    name += 10, n -= 10;
  if (n > 6 && !strncmp(name, "__", 2) && !strcmp(name + n - 4, "_chk"))
    name += 2, n -= 6;
  else if (n > 9 && !strcmp(name + n - 9, "_unlocked"))
    n -= 9;
  if (n >= size)
    return "";
  memcpy(buf, name, n);
  buf[n] = '\0';
  return buf;
}

enum fc_profile fc_knowledge_profile(const struct fc_knowledge *k) {
  return k->profile;
}

int fc_knowledge_fork_resets(const struct fc_knowledge *k, const char *name) {
  char buf[64];
  const struct slot *s = find(k, plain_name(name, buf, sizeof buf));
  return s && s->fork_resets;
}

int fc_knowledge_env_lock(const struct fc_knowledge *k, const char *name) {
  char buf[64];
  const struct slot *s = find(k, plain_name(name, buf, sizeof buf));
  return s && s->env_lock;
}

int fc_knowledge_rejects_negative_group(const struct fc_knowledge *k, const char *name) {
  const struct slot *s = find(k, name);
  return s && s->rejects_negative;
}

/* Py or _Py, then an upper-case letter or '_': Py_INCREF, PyObject_Call,
 * _PyObject_CallMethodId; not Python, Pyramid or PY_SSIZE_T. */
static int python_name(const char *n) {
  if (n[0] == '_')
    n++;
  return n[0] == 'P' && n[1] == 'y' && (n[2] == '_' || (n[2] >= 'A' && n[2] <= 'Z'));
}

enum fc_py_role fc_knowledge_py_role(const struct fc_knowledge *k, const char *name,
                                     const char **hint) {
  const struct slot *s = find(k, name);
  const struct py_entry *e = s && s->py >= 0 ? &py_list[s->py] : NULL;
  if (hint)
    *hint = e ? e->hint : "";
  if (!python_name(name))
    return FC_PY_NONE;
  return e ? e->role : FC_PY_API;
}

uint32_t fc_knowledge_global(const struct fc_knowledge *k, const char *name) {
  const struct slot *s = name ? find(k, name) : NULL;
  return s ? s->global : 0;
}

uint32_t fc_knowledge_clone_kind(int64_t flags) {
  if ((flags & CLONE_THREAD) || ((flags & CLONE_VM) && !(flags & CLONE_VFORK)))
    return FC_K_THREAD_START;
  return flags & CLONE_VM ? FC_K_VFORK : FC_K_FORK;
}

static const struct syscall_entry {
  long number;
  uint32_t kinds;
  int arg;
} syscall_list[] = {
#define FC_SYSCALL(number, kinds, arg) {number, kinds, arg},
#include "syscalls.def"
#undef FC_SYSCALL
};

/* A function, one of its arguments, and a constant value of it. */
struct arg_value {
  const char *name;
  int arg;
  int64_t value;
};

static const struct arg_value next_symbol_list[] = {
#define FC_NEXT_SYMBOL(name, arg, handle) {#name, arg, handle},
#include "next-symbol.def"
#undef FC_NEXT_SYMBOL
};

static const struct arg_value noreturn_with_list[] = {
#define FC_NORETURN_WITH(name, arg, value) {#name, arg, value},
#include "noreturn-with.def"
#undef FC_NORETURN_WITH
};

int fc_knowledge_noreturn_with(const char *name, uint32_t arg, int64_t value) {
  for (size_t i = 0; i < COUNT(noreturn_with_list); i++)
    if ((uint32_t)noreturn_with_list[i].arg == arg && noreturn_with_list[i].value == value &&
        !strcmp(noreturn_with_list[i].name, name))
      return 1;
  return 0;
}

int fc_knowledge_next_symbol(const char *name, int *arg, int64_t *handle) {
  for (size_t i = 0; i < COUNT(next_symbol_list); i++)
    if (!strcmp(next_symbol_list[i].name, name)) {
      *arg = next_symbol_list[i].arg;
      *handle = next_symbol_list[i].value;
      return 1;
    }
  return 0;
}

/* Is name in the list of n names (a small table of data/)? */
static int listed(const char *const *list, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(list[i], name))
      return 1;
  return 0;
}

static const struct fd_replace_entry {
  const char *name;
  int arg;
} fd_replace_list[] = {
#define FC_FD_REPLACE(name, arg) {#name, arg},
#include "fd-replace.def"
};

static const struct fd_replace_entry fd_open_list[] = {
#define FC_FD_OPEN(name, arg) {#name, arg},
#include "fd-replace.def"
};

static const char *const fd_lowest_list[] = {
#define FC_FD_LOWEST(name) #name,
#include "fd-replace.def"
};

int fc_knowledge_fd_lowest(const char *name) {
  return listed(fd_lowest_list, COUNT(fd_lowest_list), name);
}

static const char *const null_device_list[] = {
#define FC_NULL_DEVICE(path) path,
#include "fd-replace.def"
};

int fc_knowledge_fd_replace(const char *name) {
  for (size_t i = 0; i < COUNT(fd_replace_list); i++)
    if (!strcmp(fd_replace_list[i].name, name))
      return fd_replace_list[i].arg;
  return -1;
}

int fc_knowledge_fd_open(const char *name) {
  for (size_t i = 0; i < COUNT(fd_open_list); i++)
    if (!strcmp(fd_open_list[i].name, name))
      return fd_open_list[i].arg;
  return -1;
}

int fc_knowledge_null_device(const char *path) {
  return listed(null_device_list, COUNT(null_device_list), path);
}

static const char *const reaper_list[] = {
#define FC_REAPER(name) #name,
#include "reapers.def"
#undef FC_REAPER
};

int fc_knowledge_reaper(const char *name) { return listed(reaper_list, COUNT(reaper_list), name); }

static const char *const crash_list[] = {
#define FC_CRASH(name) #name,
#define FC_UNREACHABLE(name)
#include "crash.def"
#undef FC_UNREACHABLE
#undef FC_CRASH
};

static const char *const unreachable_list[] = {
#define FC_CRASH(name)
#define FC_UNREACHABLE(name) #name,
#include "crash.def"
#undef FC_UNREACHABLE
#undef FC_CRASH
};

int fc_knowledge_unreachable(const char *name) {
  return listed(unreachable_list, COUNT(unreachable_list), name);
}

int fc_knowledge_crash(const char *name) { return listed(crash_list, COUNT(crash_list), name); }

static const char *const nonnegative_list[] = {
#define FC_NONNEGATIVE(name) #name,
#include "nonnegative.def"
#undef FC_NONNEGATIVE
};

int fc_knowledge_nonnegative(const char *name) {
  return listed(nonnegative_list, COUNT(nonnegative_list), name);
}

static const char *const never_calls_list[] = {
#define FC_NEVER_CALLS(name) #name,
#include "never-calls.def"
#undef FC_NEVER_CALLS
};

int fc_knowledge_never_calls(const char *name) {
  return listed(never_calls_list, COUNT(never_calls_list), name);
}

static const char *const stream_only_list[] = {
#define FC_STREAM_ONLY(name) #name,
#include "stream-only.def"
#undef FC_STREAM_ONLY
};

int fc_knowledge_stream_only(const char *name) {
  return listed(stream_only_list, COUNT(stream_only_list), name);
}

static const char *const exit_reset_list[] = {
#define FC_EXIT_RESET(name) #name,
#include "exit-reset.def"
#undef FC_EXIT_RESET
};

int fc_knowledge_exit_reset(const char *name) {
  return listed(exit_reset_list, COUNT(exit_reset_list), name);
}

static const char *const release_only_list[] = {
#define FC_RELEASE_ONLY(name) #name,
#include "release-only.def"
#undef FC_RELEASE_ONLY
};

int fc_knowledge_release_only(const char *name) {
  return listed(release_only_list, COUNT(release_only_list), name);
}

static const char *const memory_only_list[] = {
#define FC_MEMORY_ONLY(name) #name,
#include "memory-only.def"
#undef FC_MEMORY_ONLY
};

int fc_knowledge_memory_only(const char *name) {
  return listed(memory_only_list, COUNT(memory_only_list), name);
}

struct fc_known fc_knowledge_syscall(int64_t number) {
  for (size_t i = 0; i < COUNT(syscall_list); i++)
    if (syscall_list[i].number == number) {
      struct fc_known k = {syscall_list[i].kinds, syscall_list[i].arg};
      return k;
    }
  struct fc_known none = {0, -1};
  return none;
}
