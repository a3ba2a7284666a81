/* Internal declarations shared by the detector's translation units. */
#ifndef FORKSAFE_DETECT_H
#define FORKSAFE_DETECT_H

#include <stdatomic.h>

#define FS_HIDDEN __attribute__((visibility("hidden")))
#define FS_EXPORT __attribute__((visibility("default")))

/* FS_IDX_<name>: position of each entry of the data file. */
enum {
#define UNSAFE(name, category) FS_IDX_##name,
#include "async-signal-unsafe.def"
    FS_NUNSAFE
};

/* The next definition (libc's) of each listed function, or NULL while not
 * resolved yet.  Read by the trampolines' fast path. */
FS_HIDDEN extern _Atomic(void *) forksafe__real[FS_NUNSAFE];

/* What the child of a multithreaded parent writes, kept together so that
 * arming a child costs one copy-on-write fault (a child of a
 * single-threaded parent writes nothing).  `armed` is non-zero in such a
 * child until exec: the trampolines (which read it at offset 0) then take
 * the slow path, which reports. */
struct forksafe__child_state {
    _Atomic unsigned char armed;
    unsigned threads_at_fork;
    _Atomic unsigned char reported[FS_NUNSAFE];
};
FS_HIDDEN extern struct forksafe__child_state forksafe__child;

/* Slow path of the trampoline for entry `idx`: resolves the next
 * definition, reports the call if armed, returns the function to jump to.
 * Preserves errno. */
FS_HIDDEN void *forksafe__slow(unsigned idx);

#endif
