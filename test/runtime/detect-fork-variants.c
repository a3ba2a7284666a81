// _Fork is fork-like for the detector too (vfork: detect-vfork.c); a grandchild forked
// by a (now single-threaded) child is not armed; the parent's own calls
// are never reported.
// REQUIRES: forksafe-detect
// RUN: %cc %fs-cflags -O0 %s -o %t -lpthread
// RUN: rm -f %t.log
// RUN: env LD_PRELOAD=%fs-detect FORKSAFE_LOG=%t.log %t > %t.out
// RUN: cat %t.out %t.log | %FileCheck %s --implicit-check-not=forksafe:

// CHECK: _Fork [[P1:[0-9]+]]: exit 0
// CHECK-NEXT: nested [[P3:[0-9]+]]: exit 0
// CHECK-DAG: forksafe: child [[P1]] of a multithreaded parent (2 threads at fork) called malloc() before exec
// CHECK-DAG: forksafe: child [[P3]] of a multithreaded parent (2 threads at fork) called calloc() before exec

#include "fs_test.h"

int main(void)
{
    fs_start_threads(1);
    void *volatile mine = malloc(10); /* the parent: never reported */
    free(mine);

    pid_t pid = _Fork();
    FS_CHECK(pid >= 0);
    if (pid == 0) {
        void *volatile p = malloc(10);
        (void)p;
        _exit(0);
    }
    printf("_Fork %d: %s\n", (int)pid, fs_status(fs_wait(pid)));

    pid = fork();
    FS_CHECK(pid >= 0);
    if (pid == 0) {
        /* Single-threaded: its own child may allocate. */
        pid_t g = fork();
        if (g == 0) {
            void *volatile p = malloc(10);
            free(p);
            _exit(0);
        }
        int st = 0;
        while (waitpid(g, &st, 0) < 0 && errno == EINTR)
            ;
        void *volatile q = calloc(1, 1); /* but it is still armed itself */
        (void)q;
        _exit(WIFEXITED(st) ? WEXITSTATUS(st) : 1);
    }
    printf("nested %d: %s\n", (int)pid, fs_status(fs_wait(pid)));
    fs_stop_threads();
    return 0;
}
