// The child of a single-threaded parent may call anything before _exit;
// so may a child whose parent's other threads have all been joined.
// REQUIRES: forksafe-detect
// RUN: %cc %fs-cflags -fno-builtin %s -o %t -lpthread
// RUN: env LD_PRELOAD=%fs-detect %t > %t.out 2> %t.err
// RUN: count 0 < %t.err
// RUN: %FileCheck %s < %t.out

// CHECK: child exit 0
// CHECK-NEXT: child exit 0
// CHECK-NEXT: done

#include "fs_test.h"

#include <time.h>

static void busy_child(void)
{
    pid_t pid = fork();
    FS_CHECK(pid >= 0);
    if (pid == 0) {
        char *volatile p = malloc(100);
        free(p);
        FILE *f = fopen("/dev/null", "w");
        if (f) {
            fprintf(f, "%d\n", 1);
            fclose(f);
        }
        time_t now = 0;
        char buf[64];
        strftime(buf, sizeof buf, "%c", localtime(&now));
        _exit(0);
    }
    printf("child %s\n", fs_status(fs_wait(pid)));
}

int main(void)
{
    busy_child();
    fs_start_threads(3);
    fs_stop_threads(); /* joined: single-threaded again */
    busy_child();
    printf("done\n");
    return 0;
}
