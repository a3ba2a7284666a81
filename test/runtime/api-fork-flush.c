// forksafe_fork() flushes every stdio stream before forking, so output
// buffered in the parent is not written twice when the child exits with
// exit() (stdout is a file here: fully buffered).  Plain fork() duplicates
// it: the reference that shows the test can fail.
// RUN: %cc %fs-cflags %s -o %t %fs-ldflags
// RUN: %t safe %t.data > %t.out
// RUN: %FileCheck %s --check-prefix=SAFE < %t.out
// RUN: %FileCheck %s --check-prefix=DATA-SAFE < %t.data
// RUN: %t plain %t.data > %t.out
// RUN: %FileCheck %s --check-prefix=PLAIN < %t.out
// RUN: %FileCheck %s --check-prefix=DATA-PLAIN < %t.data

// SAFE: before fork
// SAFE-NOT: before fork
// SAFE: in the child
// SAFE-NOT: before fork
// SAFE: parent: child exit 0
// DATA-SAFE-COUNT-1: buffered data
// DATA-SAFE-NOT: buffered data

// PLAIN-COUNT-2: before fork
// DATA-PLAIN-COUNT-2: buffered data

#include "fs_test.h"

#include <forksafe.h>

int main(int argc, char **argv)
{
    FS_CHECK(argc == 3);
    int safe = strcmp(argv[1], "safe") == 0;
    FILE *data = fopen(argv[2], "w");
    FS_CHECK(data != NULL);
    printf("before fork\n");
    fprintf(data, "buffered data\n");
    pid_t pid = safe ? forksafe_fork() : fork();
    FS_CHECK(pid >= 0);
    if (pid == 0) {
        printf("in the child\n");
        exit(0); /* flushes the child's copies of the buffers */
    }
    int st = 0;
    FS_CHECK(forksafe_wait(pid, &st) == 0);
    printf("parent: child %s\n", fs_status(st));
    fclose(data);
    return 0;
}
