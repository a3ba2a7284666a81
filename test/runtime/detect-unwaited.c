// A process that exits without waiting for its children gets one report
// per child never waited for, however it exits; the children are not
// reaped by the detector (waitid WNOWAIT).  A child that was waited for,
// or only peeked at with WNOWAIT, is handled accordingly.
// REQUIRES: forksafe-detect
// RUN: %cc %fs-cflags %s -o %t
// RUN: env LD_PRELOAD=%fs-detect %t return > %t.out 2>&1
// RUN: %FileCheck %s < %t.out --implicit-check-not=forksafe:
// RUN: env LD_PRELOAD=%fs-detect %t exit > %t.out 2>&1
// RUN: %FileCheck %s < %t.out --implicit-check-not=forksafe:
// RUN: env LD_PRELOAD=%fs-detect %t _exit > %t.out 2>&1
// RUN: %FileCheck %s < %t.out --implicit-check-not=forksafe:
// RUN: env LD_PRELOAD=%fs-detect %t _Exit > %t.out 2>&1
// RUN: %FileCheck %s < %t.out --implicit-check-not=forksafe:

// CHECK: parent [[PARENT:[0-9]+]] zombie [[ZOMBIE:[0-9]+]] running [[RUNNING:[0-9]+]] waited {{[0-9]+}} killed [[KILLED:[0-9]+]]
// CHECK-DAG: forksafe: process [[PARENT]] exits without waiting for child [[ZOMBIE]]: never waited for (exited with status 5)
// CHECK-DAG: forksafe: process [[PARENT]] exits without waiting for child [[RUNNING]]: never waited for (still running)
// CHECK-DAG: forksafe: process [[PARENT]] exits without waiting for child [[KILLED]]: never waited for (killed by signal 9)

#include "fs_test.h"

static pid_t child_exiting(int code)
{
    pid_t pid = fork();
    FS_CHECK(pid >= 0);
    if (pid == 0)
        _exit(code);
    return pid;
}

int main(int argc, char **argv)
{
    FS_CHECK(argc == 2);
    /* Exited, observed with WNOWAIT only: still a zombie, still reported. */
    pid_t zombie = child_exiting(5);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    FS_CHECK(waitid(P_PID, (id_t)zombie, &si, WEXITED | WNOWAIT) == 0);
    FS_CHECK(si.si_pid == zombie);

    /* Still running at the parent's exit: it waits for EOF on a pipe. */
    int pfd[2];
    FS_CHECK(pipe(pfd) == 0);
    pid_t running = fork();
    FS_CHECK(running >= 0);
    if (running == 0) {
        char c;
        close(pfd[1]);
        while (read(pfd[0], &c, 1) != 0)
            ;
        _exit(0);
    }
    close(pfd[0]);

    /* Waited for: not reported. */
    pid_t waited = child_exiting(6);
    FS_CHECK(WEXITSTATUS(fs_wait(waited)) == 6);

    /* Killed, observed with WNOWAIT. */
    pid_t killed = fork();
    FS_CHECK(killed >= 0);
    if (killed == 0) {
        for (;;)
            pause();
    }
    FS_CHECK(kill(killed, SIGKILL) == 0);
    memset(&si, 0, sizeof si);
    FS_CHECK(waitid(P_PID, (id_t)killed, &si, WEXITED | WNOWAIT) == 0);

    printf("parent %d zombie %d running %d waited %d killed %d\n", (int)getpid(), (int)zombie,
           (int)running, (int)waited, (int)killed);
    fflush(stdout);
    if (strcmp(argv[1], "exit") == 0)
        exit(0);
    if (strcmp(argv[1], "_exit") == 0)
        _exit(0);
    if (strcmp(argv[1], "_Exit") == 0)
        _Exit(0);
    return 0;
}
