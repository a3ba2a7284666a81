// vfork() keeps its semantics under the detector (it is not interposed):
// the child shares the parent's memory, so a flag of static storage set by
// the child is seen by the parent afterwards (libuv probes vfork this way),
// and the parent is suspended until the child execs or _exits.  A vfork
// child that execs, or _exits, is not reported, in a multithreaded parent
// too.
// REQUIRES: forksafe-detect
// RUN: %cc %fs-cflags -O2 %s -o %t -lpthread
// RUN: %t > %t.plain
// RUN: env LD_PRELOAD=%fs-detect timeout 60 %t > %t.out 2> %t.err
// RUN: count 0 < %t.err
// RUN: %FileCheck %s < %t.out
// RUN: diff %t.plain %t.out

// CHECK: vfork shares memory: 1
// CHECK-NEXT: parent resumed after the child: 1
// CHECK-NEXT: exec child: exit 0
// CHECK-NEXT: multithreaded: exit 7

#include "fs_test.h"

extern char **environ;
static volatile int vfork_shares_memory;
static volatile int child_done;

int main(void)
{
    pid_t pid = vfork();
    FS_CHECK(pid >= 0);
    if (pid == 0) {
        vfork_shares_memory = 1;
        child_done = 1;
        _exit(0);
    }
    fs_wait(pid);
    printf("vfork shares memory: %d\n", vfork_shares_memory);
    printf("parent resumed after the child: %d\n", child_done);

    pid = vfork();
    FS_CHECK(pid >= 0);
    if (pid == 0) {
        char *argv[] = {"true", NULL};
        execve("/bin/true", argv, environ);
        _exit(127);
    }
    printf("exec child: %s\n", fs_status(fs_wait(pid)));

    fs_start_threads(2);
    pid = vfork();
    FS_CHECK(pid >= 0);
    if (pid == 0)
        _exit(7);
    printf("multithreaded: %s\n", fs_status(fs_wait(pid)));
    fs_stop_threads();
    return 0;
}
