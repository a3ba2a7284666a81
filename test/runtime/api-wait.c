// forksafe_wait(): retries waitpid on EINTR (made deterministic by
// interposing waitpid in the test), returns 0 / -EINVAL / -ECHILD, accepts
// a NULL status, keeps errno; and works with a real signal arriving.
// RUN: %cc %fs-cflags %s -o %t %fs-ldflags -ldl
// RUN: %t | %FileCheck %s

// CHECK: eintr: 0 status exit 7 calls 4 errno kept 1
// CHECK-NEXT: null status: 0
// CHECK-NEXT: invalid: -22 -22
// CHECK-NEXT: not a child: -10
// CHECK-NEXT: with signals: 0 status exit 9
// CHECK-NEXT: killed: 0 status signal 15

#include "fs_test.h"

#include <dlfcn.h>
#include <forksafe.h>
#include <sys/time.h>

static int eintr_left, calls;

/* libforksafe's waitpid comes here first (the executable is first in the
 * lookup order). */
pid_t waitpid(pid_t pid, int *status, int options)
{
    calls++;
    if (eintr_left > 0) {
        eintr_left--;
        errno = EINTR;
        return -1;
    }
    pid_t (*real)(pid_t, int *, int) = (pid_t(*)(pid_t, int *, int))dlsym(RTLD_NEXT, "waitpid");
    return real(pid, status, options);
}

static volatile sig_atomic_t ticks;
static void on_alarm(int sig)
{
    (void)sig;
    ticks++;
}

static pid_t child_exiting(int code, int delay_ms)
{
    pid_t pid = fork();
    FS_CHECK(pid >= 0);
    if (pid == 0) {
        if (delay_ms)
            usleep((useconds_t)delay_ms * 1000);
        _exit(code);
    }
    return pid;
}

int main(void)
{
    int st = -1;
    pid_t pid = child_exiting(7, 0);
    eintr_left = 3;
    calls = 0;
    errno = 12345;
    int r = forksafe_wait(pid, &st);
    printf("eintr: %d status %s calls %d errno kept %d\n", r, fs_status(st), calls, errno == 12345);

    pid = child_exiting(8, 0);
    printf("null status: %d\n", forksafe_wait(pid, NULL));

    printf("invalid: %d %d\n", forksafe_wait(0, &st), forksafe_wait(-1, &st));
    printf("not a child: %d\n", forksafe_wait(1, &st));

    /* A real interval timer without SA_RESTART: waitpid may be interrupted
     * any number of times (including zero) before the child exits. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 2000}, {0, 2000}};
    setitimer(ITIMER_REAL, &it, NULL);
    pid = child_exiting(9, 50);
    r = forksafe_wait(pid, &st);
    memset(&it, 0, sizeof it);
    setitimer(ITIMER_REAL, &it, NULL);
    printf("with signals: %d status %s\n", r, fs_status(st));

    pid = fork();
    FS_CHECK(pid >= 0);
    if (pid == 0) {
        for (;;)
            pause();
    }
    kill(pid, SIGTERM);
    r = forksafe_wait(pid, &st);
    printf("killed: %d status %s\n", r, fs_status(st));
    return 0;
}
