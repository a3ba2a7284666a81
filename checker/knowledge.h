/* What forkcheck knows about external functions: the data in rules/data. */
#ifndef FORKCHECK_KNOWLEDGE_H
#define FORKCHECK_KNOWLEDGE_H

#include <stdint.h>

enum {
  FC_K_FORK = 1u << 0,         /* returns 0 in the child, the pid in the parent */
  FC_K_VFORK = 1u << 1,        /* like fork, child borrows the parent's memory */
  FC_K_DAEMON = 1u << 2,       /* the caller continues as the child */
  FC_K_NORETURN = 1u << 3,
  FC_K_EXIT_CLEANUP = 1u << 4, /* runs atexit handlers and flushes stdio */
  FC_K_EXEC = 1u << 5,         /* replaces the process image (can fail) */
  FC_K_THREAD_START = 1u << 6,
  FC_K_ASYNC_SAFE = 1u << 7,   /* async-signal-safe in the active profile */
  FC_K_THREAD_JOIN = 1u << 8,  /* waits for a thread to end */
  /* a fork that calls PyOS_BeforeFork() before it and PyOS_AfterFork_Parent()
   * or PyOS_AfterFork_Child() after it itself (libforksafe's forksafe_fork) */
  FC_K_PY_FORK_HOOKS = 1u << 9,
};

enum fc_profile { FC_PROFILE_POSIX, FC_PROFILE_LINUX };

struct fc_knowledge;

struct fc_knowledge *fc_knowledge_new(enum fc_profile profile);
void fc_knowledge_free(struct fc_knowledge *k);
/* Adds what the user declares about a function: FC_K_ASYNC_SAFE,
 * FC_K_FORK (it returns 0 in the child and the pid in the parent). */
void fc_knowledge_add(struct fc_knowledge *k, const char *name, uint32_t kinds);
/* FC_K_* flags known for the external function `name`. */
uint32_t fc_knowledge_kinds(const struct fc_knowledge *k, const char *name);


#endif
