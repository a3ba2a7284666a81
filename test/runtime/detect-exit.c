// exit() in a forked child (any parent, here single-threaded) is reported;
// so is a child returning from main().  _exit() is fine.
// REQUIRES: forksafe-detect
// RUN: %cc %fs-cflags %s -o %t
// RUN: env LD_PRELOAD=%fs-detect %t exit > %t.out 2>&1
// RUN: %FileCheck %s --check-prefix=EXIT < %t.out --implicit-check-not=forksafe:
// RUN: env LD_PRELOAD=%fs-detect %t return > %t.out 2>&1
// RUN: %FileCheck %s --check-prefix=RETURN < %t.out --implicit-check-not=forksafe:
// RUN: env LD_PRELOAD=%fs-detect %t _exit > %t.out 2>&1
// RUN: %FileCheck %s --check-prefix=UEXIT < %t.out --implicit-check-not=forksafe:

// EXIT: forked [[PID:[0-9]+]]
// EXIT: forksafe: child [[PID]] called exit(); use _exit()
// EXIT: child exit 3

// RETURN: forked [[PID:[0-9]+]]
// RETURN: forksafe: child [[PID]] returned from main() or called exit(); use _exit()
// RETURN: child exit 4

// UEXIT: forked {{[0-9]+}}
// UEXIT-NEXT: child exit 5

#include "fs_test.h"

int main(int argc, char **argv)
{
    FS_CHECK(argc == 2);
    int pfd[2];
    FS_CHECK(pipe(pfd) == 0);
    pid_t pid = fork();
    FS_CHECK(pid >= 0);
    if (pid == 0) {
        char c;
        close(pfd[1]);
        FS_CHECK(read(pfd[0], &c, 1) == 1); /* after the parent printed */
        if (strcmp(argv[1], "exit") == 0)
            exit(3);
        if (strcmp(argv[1], "return") == 0)
            return 4;
        _exit(5);
    }
    printf("forked %d\n", (int)pid);
    fflush(stdout);
    FS_CHECK(write(pfd[1], "x", 1) == 1);
    printf("child %s\n", fs_status(fs_wait(pid)));
    return 0;
}
