// Stress: 4 threads fork 200 children each (some exec /bin/true, some
// call malloc -- a report each --, the others _exit with a known code) and
// reap them, while 2 threads allocate and free continuously and a signal
// thread sends SIGUSR1 to the forking threads (signals arriving during
// fork; the handler is installed without SA_RESTART, so waits see EINTR).
// Under the detector: completes in bounded time, every child is reaped with
// the right status, exactly one report per misbehaving child (none lost),
// and no other report (none false, not even at exit).
// REQUIRES: forksafe-detect
// RUN: %cc %fs-cflags -O1 %s -o %t -lpthread
// RUN: rm -f %t.log
// RUN: env LD_PRELOAD=%fs-detect FORKSAFE_LOG=%t.log timeout 120 %t > %t.out 2> %t.err
// RUN: count 0 < %t.err
// RUN: %FileCheck %s < %t.out
// RUN: %FileCheck %s --check-prefix=LOG --implicit-check-not=forksafe: < %t.log
// Also without the detector, as a reference.
// RUN: timeout 120 %t | %FileCheck %s

// CHECK: forked 800 reaped 800 bad 0 misbehaving 16
// CHECK-NEXT: allocations {{[1-9][0-9]*}}
// CHECK-NEXT: signals {{[1-9][0-9]*}}

// LOG-COUNT-16: forksafe: child {{[0-9]+}} of a multithreaded parent ({{[0-9]+}} threads at fork) called malloc() before exec [allocator]

#include "fs_test.h"

#include <stdatomic.h>

#define FORKERS 4
#define PER_FORKER 200
#define BATCH 8

extern char **environ;
static atomic_int stop, forkers_done;
static atomic_int forked, reaped, bad, misbehaving;
static atomic_long allocations, signals;

static void on_signal(int sig)
{
    (void)sig;
    atomic_fetch_add(&signals, 1);
}

static void *allocator(void *arg)
{
    unsigned seed = (unsigned)(size_t)arg;
    void *slots[64] = {0};
    long n = 0;
    while (!atomic_load(&stop)) {
        seed = seed * 1103515245u + 12345u;
        unsigned i = (seed >> 8) % 64;
        free(slots[i]);
        slots[i] = malloc(1 + (seed >> 16) % 4096);
        n++;
    }
    for (int i = 0; i < 64; i++)
        free(slots[i]);
    atomic_fetch_add(&allocations, n);
    return NULL;
}

static void *forker(void *arg)
{
    int id = (int)(size_t)arg;
    for (int done = 0; done < PER_FORKER; done += BATCH) {
        pid_t pids[BATCH];
        int codes[BATCH];
        for (int b = 0; b < BATCH; b++) {
            int k = done + b;
            codes[b] = k % 10 == 0 ? 0 : (id * 37 + k) % 100;
            pids[b] = fork();
            if (pids[b] == 0) {
                if (k % 50 == 7) {
                    void *volatile p = malloc(32); /* reported */
                    (void)p;
                    _exit(codes[b]);
                }
                if (k % 10 == 0) {
                    char *argv[] = {"true", NULL};
                    execve("/bin/true", argv, environ);
                    _exit(126);
                }
                _exit(codes[b]);
            }
            FS_CHECK(pids[b] > 0);
            atomic_fetch_add(&forked, 1);
            if (k % 50 == 7)
                atomic_fetch_add(&misbehaving, 1);
        }
        for (int b = 0; b < BATCH; b++) {
            int st = fs_wait(pids[b]);
            atomic_fetch_add(&reaped, 1);
            if (!WIFEXITED(st) || WEXITSTATUS(st) != codes[b])
                atomic_fetch_add(&bad, 1);
        }
    }
    atomic_fetch_add(&forkers_done, 1);
    return NULL;
}

/* Signals the forking threads until they are all done. */
static void *signaller(void *arg)
{
    pthread_t *targets = arg;
    struct timespec pause_ = {0, 50000};
    for (unsigned n = 0; atomic_load(&forkers_done) < FORKERS; n++) {
        pthread_kill(targets[n % FORKERS], SIGUSR1);
        nanosleep(&pause_, NULL);
    }
    return NULL;
}

int main(void)
{
    pthread_t alloc[2], fork_threads[FORKERS], sig_thread;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART */
    FS_CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
    for (int i = 0; i < 2; i++)
        FS_CHECK(pthread_create(&alloc[i], NULL, allocator, (void *)(size_t)(i + 1)) == 0);
    for (int i = 0; i < FORKERS; i++)
        FS_CHECK(pthread_create(&fork_threads[i], NULL, forker, (void *)(size_t)i) == 0);
    FS_CHECK(pthread_create(&sig_thread, NULL, signaller, fork_threads) == 0);
    /* The forkers are joined after the signaller: it never signals a
     * joined thread. */
    pthread_join(sig_thread, NULL);
    for (int i = 0; i < FORKERS; i++)
        pthread_join(fork_threads[i], NULL);
    atomic_store(&stop, 1);
    for (int i = 0; i < 2; i++)
        pthread_join(alloc[i], NULL);
    printf("forked %d reaped %d bad %d misbehaving %d\n", atomic_load(&forked),
           atomic_load(&reaped), atomic_load(&bad), atomic_load(&misbehaving));
    printf("allocations %ld\n", atomic_load(&allocations));
    printf("signals %ld\n", atomic_load(&signals));
    return 0;
}
