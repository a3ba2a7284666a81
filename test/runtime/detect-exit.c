// exit() in a forked child (any parent, here single-threaded) is reported
// when it runs cleanup of the parent's: an atexit handler registered before
// the fork, or output the parent left in a stdio buffer.  So is a child
// returning from main().  _exit() is fine, and so is exit() in a child that
// has nothing of the parent's to run (a shell's subshell).
// REQUIRES: forksafe-detect
// RUN: %cc %fs-cflags %s -o %t
// RUN: env LD_PRELOAD=%fs-detect %t exit > %t.out 2>&1
// RUN: %FileCheck %s --check-prefix=EXIT < %t.out --implicit-check-not=forksafe:
// RUN: env LD_PRELOAD=%fs-detect %t on_exit > %t.out 2>&1
// RUN: %FileCheck %s --check-prefix=EXIT < %t.out --implicit-check-not=forksafe:
// RUN: env LD_PRELOAD=%fs-detect %t return > %t.out 2>&1
// RUN: %FileCheck %s --check-prefix=RETURN < %t.out --implicit-check-not=forksafe:
// RUN: env LD_PRELOAD=%fs-detect %t _exit > %t.out 2>&1
// RUN: %FileCheck %s --check-prefix=UEXIT < %t.out --implicit-check-not=forksafe:
// RUN: env LD_PRELOAD=%fs-detect %t clean > %t.out 2>&1
// RUN: %FileCheck %s --check-prefix=CLEAN < %t.out --implicit-check-not=forksafe:
// RUN: env LD_PRELOAD=%fs-detect %t child-handler > %t.out 2>&1
// RUN: %FileCheck %s --check-prefix=CLEAN < %t.out --implicit-check-not=forksafe:

// EXIT: forked [[PID:[0-9]+]]
// EXIT: forksafe: child [[PID]] called exit(); use _exit()
// EXIT: child exit 3

// The parent's unflushed line is written twice: by the parent, then by the
// child's exit.
// RETURN: pending before the fork
// RETURN-NEXT: forked [[PID:[0-9]+]]
// RETURN-NEXT: forksafe: child [[PID]] returned from main() or called exit(); use _exit()
// RETURN-NEXT: pending before the fork
// RETURN-NEXT: child exit 4

// UEXIT: forked {{[0-9]+}}
// UEXIT-NEXT: child exit 5

// CLEAN: forked {{[0-9]+}}
// CLEAN-NEXT: child exit 6

#include "fs_test.h"

static void parent_cleanup(void)
{
}

static void parent_cleanup_on_exit(int status, void *arg)
{
    (void)status;
    (void)arg;
}

int main(int argc, char **argv)
{
    FS_CHECK(argc == 2);
    const char *mode = argv[1];
    if (strcmp(mode, "exit") == 0)
        FS_CHECK(atexit(parent_cleanup) == 0);
    if (strcmp(mode, "on_exit") == 0)
        FS_CHECK(on_exit(parent_cleanup_on_exit, NULL) == 0);
    if (strcmp(mode, "return") == 0)
        printf("pending before the fork\n"); /* stdout is a file: stays buffered */
    int pfd[2];
    FS_CHECK(pipe(pfd) == 0);
    pid_t pid = fork();
    FS_CHECK(pid >= 0);
    if (pid == 0) {
        char c;
        close(pfd[1]);
        FS_CHECK(read(pfd[0], &c, 1) == 1); /* after the parent printed */
        if (strcmp(mode, "child-handler") == 0)
            FS_CHECK(atexit(parent_cleanup) == 0); /* the child's own */
        if (strcmp(mode, "return") == 0)
            return 4;
        if (strcmp(mode, "_exit") == 0)
            _exit(5);
        exit(strcmp(mode, "exit") == 0 || strcmp(mode, "on_exit") == 0 ? 3 : 6);
    }
    printf("forked %d\n", (int)pid);
    fflush(stdout);
    FS_CHECK(write(pfd[1], "x", 1) == 1);
    printf("child %s\n", fs_status(fs_wait(pid)));
    return 0;
}
