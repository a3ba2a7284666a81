// The allocator in the child of a multithreaded parent: each function is
// reported once, however often it is called, with the child's pid and the
// parent's thread count.
// REQUIRES: forksafe-detect
// RUN: %cc %fs-cflags -O0 %s -o %t -lpthread
// RUN: rm -f %t.log
// RUN: env LD_PRELOAD=%fs-detect FORKSAFE_LOG=%t.log %t > %t.out
// RUN: cat %t.out %t.log | %FileCheck %s --implicit-check-not=forksafe:

// CHECK: forked [[PID:[0-9]+]]
// CHECK-NEXT: child exit 0
// CHECK-DAG: forksafe: child [[PID]] of a multithreaded parent (3 threads at fork) called malloc() before exec [allocator]
// CHECK-DAG: forksafe: child [[PID]] of a multithreaded parent (3 threads at fork) called calloc() before exec [allocator]
// CHECK-DAG: forksafe: child [[PID]] of a multithreaded parent (3 threads at fork) called realloc() before exec [allocator]
// CHECK-DAG: forksafe: child [[PID]] of a multithreaded parent (3 threads at fork) called free() before exec [allocator]
// CHECK-DAG: forksafe: child [[PID]] of a multithreaded parent (3 threads at fork) called posix_memalign() before exec [allocator]
// CHECK-DAG: forksafe: child [[PID]] of a multithreaded parent (3 threads at fork) called strdup() before exec [allocator]

#include "fs_test.h"

int main(void)
{
    fs_start_threads(2);
    pid_t pid = fork();
    FS_CHECK(pid >= 0);
    if (pid == 0) {
        for (int i = 0; i < 100; i++) {
            void *volatile p = malloc(16 + i);
            void *volatile q = calloc(4, 8);
            p = realloc(p, 4096);
            void *a = NULL;
            FS_CHECK(posix_memalign(&a, 64, 128) == 0);
            char *volatile s = strdup("x");
            free(s);
            free(a);
            free(q);
            free(p);
        }
        _exit(0);
    }
    printf("forked %d\n", (int)pid);
    printf("child %s\n", fs_status(fs_wait(pid)));
    fs_stop_threads();
    return 0;
}
