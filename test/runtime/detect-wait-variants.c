// Every wait function marks its child as waited for; a child auto-reaped
// because SIGCHLD is ignored is not reported either; the intermediate
// child of a double fork may _exit without waiting.  No report at all.
// REQUIRES: forksafe-detect
// RUN: %cc %fs-cflags %s -o %t
// RUN: env LD_PRELOAD=%fs-detect %t > %t.out 2>&1
// RUN: %FileCheck %s < %t.out --implicit-check-not=forksafe:

// CHECK: wait 1
// CHECK-NEXT: waitpid 2
// CHECK-NEXT: waitpid(-1) 3
// CHECK-NEXT: waitid(P_PID) 4
// CHECK-NEXT: waitid(P_ALL) 5
// CHECK-NEXT: wait3 6
// CHECK-NEXT: wait4 7
// CHECK-NEXT: waitid(P_PGID, NULL) 8
// CHECK-NEXT: double fork 0
// CHECK-NEXT: auto-reaped
// CHECK-NEXT: done

#include "fs_test.h"

#include <sys/resource.h>

static pid_t child_exiting(int code)
{
    pid_t pid = fork();
    FS_CHECK(pid >= 0);
    if (pid == 0)
        _exit(code);
    return pid;
}

int main(void)
{
    int st;
    siginfo_t si;

    FS_CHECK(child_exiting(1) > 0);
    FS_CHECK(wait(&st) > 0);
    printf("wait %d\n", WEXITSTATUS(st));

    pid_t p = child_exiting(2);
    FS_CHECK(waitpid(p, &st, 0) == p);
    printf("waitpid %d\n", WEXITSTATUS(st));

    p = child_exiting(3);
    FS_CHECK(waitpid(-1, &st, 0) == p);
    printf("waitpid(-1) %d\n", WEXITSTATUS(st));

    p = child_exiting(4);
    memset(&si, 0, sizeof si);
    FS_CHECK(waitid(P_PID, (id_t)p, &si, WEXITED) == 0);
    printf("waitid(P_PID) %d\n", si.si_status);

    p = child_exiting(5);
    memset(&si, 0, sizeof si);
    FS_CHECK(waitid(P_ALL, 0, &si, WEXITED) == 0 && si.si_pid == p);
    printf("waitid(P_ALL) %d\n", si.si_status);

    p = child_exiting(6);
    struct rusage ru;
    FS_CHECK(wait3(&st, 0, &ru) == p);
    printf("wait3 %d\n", WEXITSTATUS(st));

    p = child_exiting(7);
    FS_CHECK(wait4(p, &st, 0, &ru) == p);
    printf("wait4 %d\n", WEXITSTATUS(st));

    /* The kernel accepts a NULL siginfo: the detector must still see it. */
    p = child_exiting(8);
    FS_CHECK(waitid(P_PGID, 0, NULL, WEXITED) == 0);
    printf("waitid(P_PGID, NULL) 8\n");

    /* Double fork: the intermediate child _exits without waiting for the
     * grandchild, on purpose; the grandchild is reparented. */
    int pfd[2];
    FS_CHECK(pipe(pfd) == 0);
    p = fork();
    FS_CHECK(p >= 0);
    if (p == 0) {
        pid_t g = fork();
        if (g == 0) {
            close(pfd[0]);
            _exit(0); /* closing pfd[1] tells the parent we are gone */
        }
        _exit(g > 0 ? 0 : 1);
    }
    close(pfd[1]);
    printf("double fork %d\n", WEXITSTATUS(fs_wait(p)));
    char c;
    while (read(pfd[0], &c, 1) > 0)
        ;

    /* SIGCHLD ignored: the kernel reaps the child; wait until it is gone. */
    signal(SIGCHLD, SIG_IGN);
    p = child_exiting(9);
    while (kill(p, 0) == 0)
        usleep(1000);
    printf("auto-reaped\n");
    printf("done\n");
    return 0;
}
