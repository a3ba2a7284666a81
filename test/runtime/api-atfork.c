// forksafe_atfork(): prepare handlers run in reverse registration order,
// parent and child handlers in registration order, each with its argument;
// parent handlers also run when fork fails (errno is kept); NULL handlers
// are skipped; registration limits.
// RUN: %cc %fs-cflags %s -o %t %fs-ldflags -ldl
// RUN: %t | %FileCheck %s

// CHECK: register: 0 0 0 -22
// CHECK-NEXT: child log: prepare(C) prepare(B) prepare(A) child(A) child(C)
// CHECK-NEXT: parent log: prepare(C) prepare(B) prepare(A) parent(A) parent(B)
// CHECK-NEXT: child exit 0
// CHECK-NEXT: failing fork: -1 errno EAGAIN, log: prepare(C) prepare(B) prepare(A) parent(A) parent(B)
// CHECK-NEXT: limit: -28 after 64

#include "fs_test.h"

#include <dlfcn.h>
#include <forksafe.h>

static char log_buf[512];
static size_t log_len;
static int fail_fork;

/* Interposes fork() for libforksafe (the executable comes first in the
 * lookup order) to make it fail on demand. */
pid_t fork(void)
{
    if (fail_fork) {
        errno = EAGAIN;
        return -1;
    }
    pid_t (*real)(void) = (pid_t(*)(void))dlsym(RTLD_NEXT, "fork");
    return real();
}

static void note(const char *what, void *arg)
{
    log_len += (size_t)snprintf(log_buf + log_len, sizeof log_buf - log_len, "%s%s(%s)",
                                log_len ? " " : "", what, (const char *)arg);
}
static void prepare(void *arg) { note("prepare", arg); }
static void parent(void *arg) { note("parent", arg); }
static void child(void *arg) { note("child", arg); }
static void prepare_last(void *arg) { (void)arg; }

int main(void)
{
    int a = forksafe_atfork(prepare, parent, child, "A");
    int b = forksafe_atfork(prepare, parent, NULL, "B");
    int c = forksafe_atfork(prepare, NULL, child, "C");
    int bad = forksafe_atfork(NULL, NULL, NULL, "D");
    printf("register: %d %d %d %d\n", a, b, c, bad);
    fflush(stdout);

    pid_t pid = forksafe_fork();
    FS_CHECK(pid >= 0);
    if (pid == 0) {
        printf("child log: %.*s\n", (int)log_len, log_buf);
        fflush(stdout);
        _exit(0);
    }
    int st;
    FS_CHECK(forksafe_wait(pid, &st) == 0);
    printf("parent log: %.*s\n", (int)log_len, log_buf);
    printf("child %s\n", fs_status(st));

    log_len = 0;
    fail_fork = 1;
    errno = 0;
    pid = forksafe_fork();
    int e = errno;
    fail_fork = 0;
    printf("failing fork: %d errno %s, log: %.*s\n", (int)pid, e == EAGAIN ? "EAGAIN" : "?",
           (int)log_len, log_buf);

    int n = 3, r;
    while ((r = forksafe_atfork(NULL, NULL, prepare_last, NULL)) == 0)
        n++;
    printf("limit: %d after %d\n", r, n);
    return 0;
}
