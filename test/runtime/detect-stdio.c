// stdio in the child of a multithreaded parent.  Reports go to stderr by
// default; the functions stdio calls internally (malloc...) may be
// reported too, so only the expected ones are checked.
// REQUIRES: forksafe-detect
// RUN: %cc %fs-cflags -fno-builtin %s -o %t -lpthread
// RUN: env LD_PRELOAD=%fs-detect %t > %t.out 2> %t.err
// RUN: %FileCheck %s --check-prefix=OUT < %t.out
// RUN: %FileCheck %s < %t.err

// OUT: child exit 0

// CHECK-DAG: forksafe: child {{[0-9]+}} of a multithreaded parent (2 threads at fork) called printf() before exec [stdio]
// CHECK-DAG: called fprintf() before exec [stdio]
// CHECK-DAG: called puts() before exec [stdio]
// CHECK-DAG: called fputs() before exec [stdio]
// CHECK-DAG: called fwrite() before exec [stdio]
// CHECK-DAG: called fflush() before exec [stdio]
// CHECK-DAG: called fopen() before exec [stdio]
// CHECK-DAG: called fclose() before exec [stdio]
// CHECK-DAG: called snprintf() before exec [stdio]
// CHECK-DAG: called perror() before exec [stdio]

#include "fs_test.h"

int main(int argc, char **argv)
{
    (void)argc;
    fs_start_threads(1);
    FILE *null = fopen("/dev/null", "w");
    FS_CHECK(null != NULL);
    fflush(stdout);
    pid_t pid = fork();
    FS_CHECK(pid >= 0);
    if (pid == 0) {
        FILE *devnull = stdout; /* stdout is a file: written by no one */
        printf("%s %d\n", "child", 1);
        fprintf(null, "%d\n", 2);
        puts("three");
        fputs("four\n", null);
        fwrite("five\n", 1, 5, null);
        fflush(devnull);
        FILE *f = fopen(argv[0], "r");
        if (f)
            fclose(f);
        char buf[32];
        snprintf(buf, sizeof buf, "%d", 6);
        errno = 0;
        perror(buf);
        /* The child's stdout buffer is dropped by _exit. */
        _exit(0);
    }
    printf("child %s\n", fs_status(fs_wait(pid)));
    fs_stop_threads();
    return 0;
}
