// The textbook daemon: the parent exits right after the fork (_exit or
// exit), the child carries on as the program and later calls exit().
// Nothing is reported: not the parent's child left running, not the
// child's exit() (its parent's atexit handler is now its own).  The same
// for the grandchild of a double fork.  A parent that stays and waits makes
// the child's exit() a report again.
// REQUIRES: forksafe-detect
// RUN: %cc %fs-cflags %s -o %t
// RUN: env LD_PRELOAD=%fs-detect timeout 60 %t _exit > %t.out 2> %t.err
// RUN: %FileCheck %s --check-prefix=DAEMON < %t.out
// RUN: count 0 < %t.err
// RUN: env LD_PRELOAD=%fs-detect timeout 60 %t exit > %t.out 2> %t.err
// RUN: %FileCheck %s --check-prefix=DAEMON < %t.out
// RUN: count 0 < %t.err
// RUN: env LD_PRELOAD=%fs-detect timeout 60 %t double > %t.out 2> %t.err
// RUN: %FileCheck %s --check-prefix=DAEMON < %t.out
// RUN: count 0 < %t.err
// RUN: env LD_PRELOAD=%fs-detect timeout 60 %t waits > %t.out 2> %t.err
// RUN: %FileCheck %s --check-prefix=DAEMON < %t.out
// RUN: %FileCheck %s --check-prefix=WAITS < %t.err

// DAEMON: cleanup
// DAEMON: daemon finished
// WAITS: forksafe: child {{[0-9]+}} called exit(); use _exit()

#include "fs_test.h"

#include <time.h>

static void cleanup(void)
{
    static const char m[] = "cleanup\n";
    ssize_t n = write(1, m, sizeof m - 1);
    (void)n;
}

/* The daemon's work: wait until its parent is gone (reparented), so that
 * the parent's exit has happened. */
static void daemon_main(pid_t parent, int wait_orphaned)
{
    setsid();
    for (int i = 0; wait_orphaned && getppid() == parent; i++) {
        FS_CHECK(i < 20000);
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    exit(0);
}

/* The process that daemonizes: the launcher's child. */
static void daemonize(const char *mode)
{
    FS_CHECK(atexit(cleanup) == 0);
    pid_t self = getpid();
    pid_t pid = fork();
    FS_CHECK(pid >= 0);
    if (strcmp(mode, "double") == 0) {
        if (pid > 0) {
            fs_wait(pid);
            _exit(0);
        }
        pid_t middle = getpid();
        pid = fork();
        FS_CHECK(pid >= 0);
        if (pid > 0)
            _exit(0);
        daemon_main(middle, 1);
    }
    if (pid == 0)
        daemon_main(self, strcmp(mode, "waits") != 0);
    if (strcmp(mode, "_exit") == 0)
        _exit(0);
    if (strcmp(mode, "exit") == 0)
        exit(0);
    fs_wait(pid);
    _exit(0);
}

int main(int argc, char **argv)
{
    FS_CHECK(argc == 2);
    int pfd[2];
    FS_CHECK(pipe(pfd) == 0);
    pid_t pid = fork();
    FS_CHECK(pid >= 0);
    if (pid == 0) {
        close(pfd[0]);
        daemonize(argv[1]);
    }
    close(pfd[1]);
    fs_wait(pid);
    char c;
    while (read(pfd[0], &c, 1) > 0) /* EOF: the daemon has ended */
        ;
    printf("daemon finished\n");
    return 0;
}
