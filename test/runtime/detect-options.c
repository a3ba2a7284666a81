// FORKSAFE_ACTION=abort kills the offending child with SIGABRT after the
// report; FORKSAFE_LOG accepts a relative path (resolved at start-up);
// an unknown action is reported and treated as warn.
// REQUIRES: forksafe-detect
// RUN: %cc %fs-cflags -O0 %s -o %t -lpthread
// RUN: env LD_PRELOAD=%fs-detect FORKSAFE_ACTION=abort %t > %t.out 2> %t.err
// RUN: %FileCheck %s --check-prefix=ABORT < %t.out
// RUN: %FileCheck %s --check-prefix=ABORT-ERR < %t.err
// RUN: env LD_PRELOAD=%fs-detect FORKSAFE_ACTION=warn %t > %t.out 2> %t.err
// RUN: %FileCheck %s --check-prefix=WARN < %t.out
// RUN: %FileCheck %s --check-prefix=ABORT-ERR < %t.err
// RUN: rm -rf %t.dir && mkdir -p %t.dir/sub
// RUN: cd %t.dir && env LD_PRELOAD=%fs-detect FORKSAFE_LOG=sub/report.log %t chdir > %t.out 2> %t.err
// RUN: count 0 < %t.err
// RUN: %FileCheck %s --check-prefix=ABORT-ERR < %t.dir/sub/report.log
// RUN: env LD_PRELOAD=%fs-detect FORKSAFE_ACTION=explode %t > %t.out 2> %t.err
// RUN: %FileCheck %s --check-prefix=BAD < %t.err

// ABORT: child signal 6
// ABORT-ERR: forksafe: child {{[0-9]+}} of a multithreaded parent (2 threads at fork) called malloc() before exec [allocator]
// WARN: child exit 0
// BAD: forksafe: unknown FORKSAFE_ACTION=explode (expected warn or abort), using warn
// BAD: called malloc() before exec

#include "fs_test.h"

int main(int argc, char **argv)
{
    (void)argv;
    fs_start_threads(1);
    pid_t pid = fork();
    FS_CHECK(pid >= 0);
    if (pid == 0) {
        if (argc > 1) /* the log path was made absolute at start-up */
            FS_CHECK(chdir("/") == 0);
        void *volatile p = malloc(10);
        (void)p;
        _exit(0);
    }
    printf("child %s\n", fs_status(fs_wait(pid)));
    fs_stop_threads();
    return 0;
}
