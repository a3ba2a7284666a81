/* Helpers for the runtime tests (test/runtime/\*.c). */
#ifndef FS_TEST_H
#define FS_TEST_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Fails the test (exit status 99) with a message, using only write(2). */
#define FS_CHECK(cond)                                                                             \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            static const char m_[] = "CHECK FAILED: " #cond " at line " FS_STR(__LINE__) "\n";     \
            ssize_t w_ = write(2, m_, sizeof m_ - 1);                                              \
            (void)w_;                                                                              \
            _exit(99);                                                                             \
        }                                                                                          \
    } while (0)
#define FS_STR_(x) #x
#define FS_STR(x) FS_STR_(x)

/* Idle threads, blocked in read(2) (so they hold no lock) until
 * fs_stop_threads(): makes the process multithreaded. */
static int fs_idle_pipe[2] = {-1, -1};
static pthread_t fs_idle_threads[16];
static int fs_idle_count;

static __attribute__((unused)) void *fs_idle(void *arg)
{
    char c;
    (void)arg;
    while (read(fs_idle_pipe[0], &c, 1) < 0 && errno == EINTR)
        ;
    return NULL;
}

static __attribute__((unused)) void fs_start_threads(int n)
{
    FS_CHECK(n > 0 && n <= 16);
    FS_CHECK(pipe(fs_idle_pipe) == 0);
    for (int i = 0; i < n; i++)
        FS_CHECK(pthread_create(&fs_idle_threads[i], NULL, fs_idle, NULL) == 0);
    fs_idle_count = n;
}

static __attribute__((unused)) void fs_stop_threads(void)
{
    close(fs_idle_pipe[1]); /* EOF for every reader */
    for (int i = 0; i < fs_idle_count; i++)
        pthread_join(fs_idle_threads[i], NULL);
    close(fs_idle_pipe[0]);
    fs_idle_count = 0;
}

/* Waits for pid (retrying EINTR) and returns its raw status. */
static __attribute__((unused)) int fs_wait(pid_t pid)
{
    int status = 0;
    pid_t r;
    do
        r = waitpid(pid, &status, 0);
    while (r < 0 && errno == EINTR);
    FS_CHECK(r == pid);
    return status;
}

/* "exit N" or "signal N". */
static __attribute__((unused)) const char *fs_status(int status)
{
    static char buf[32];
    if (WIFEXITED(status))
        snprintf(buf, sizeof buf, "exit %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(buf, sizeof buf, "signal %d", WTERMSIG(status));
    else
        snprintf(buf, sizeof buf, "status 0x%x", status);
    return buf;
}

#endif
