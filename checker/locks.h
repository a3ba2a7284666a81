/*
 * Locks held on a path: the inline atfork idiom, where the parent takes a
 * lock before fork() and both sides release it after, so that the child's
 * copy of the lock is the parent's own and no other thread can hold it.
 */
#ifndef FORKCHECK_LOCKS_H
#define FORKCHECK_LOCKS_H

#include "cfg.h"

/* Is the lock that this release (an FC_K_UNLOCK call in block `block` of
 * function f) releases held on every path from f's entry to it: taken by an
 * FC_K_LOCK call on the same lock -- the same variable, member path or
 * address -- and not released since? A few variables tested near those
 * calls are followed, so that `if (on) lock(&m); fork(); if (on) unlock(&m);`
 * holds the lock at the release. Calls are taken not to change them. */
int fc_lock_held_at(const struct fc_program *p, uint32_t f, uint32_t block, struct fc_ref release);

#endif
