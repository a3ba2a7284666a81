// Stress: 4 threads fork 200 children each (some exec /bin/true, the
// others _exit with a known code) and reap them, while 2 threads allocate
// and free continuously.  Under the detector: completes, every child is
// reaped with the right status, no report (not even at exit).
// REQUIRES: forksafe-detect
// RUN: %cc %fs-cflags -O1 %s -o %t -lpthread
// RUN: env LD_PRELOAD=%fs-detect timeout 120 %t > %t.out 2> %t.err
// RUN: count 0 < %t.err
// RUN: %FileCheck %s < %t.out
// Also without the detector, as a reference.
// RUN: timeout 120 %t | %FileCheck %s

// CHECK: forked 800 reaped 800 bad 0
// CHECK-NEXT: allocations {{[1-9][0-9]*}}

#include "fs_test.h"

#include <stdatomic.h>

#define FORKERS 4
#define PER_FORKER 200
#define BATCH 8

extern char **environ;
static atomic_int stop;
static atomic_int forked, reaped, bad;
static atomic_long allocations;

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
                if (k % 10 == 0) {
                    char *argv[] = {"true", NULL};
                    execve("/bin/true", argv, environ);
                    _exit(126);
                }
                _exit(codes[b]);
            }
            FS_CHECK(pids[b] > 0);
            atomic_fetch_add(&forked, 1);
        }
        for (int b = 0; b < BATCH; b++) {
            int st = fs_wait(pids[b]);
            atomic_fetch_add(&reaped, 1);
            if (!WIFEXITED(st) || WEXITSTATUS(st) != codes[b])
                atomic_fetch_add(&bad, 1);
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t alloc[2], fork_threads[FORKERS];
    for (int i = 0; i < 2; i++)
        FS_CHECK(pthread_create(&alloc[i], NULL, allocator, (void *)(size_t)(i + 1)) == 0);
    for (int i = 0; i < FORKERS; i++)
        FS_CHECK(pthread_create(&fork_threads[i], NULL, forker, (void *)(size_t)i) == 0);
    for (int i = 0; i < FORKERS; i++)
        pthread_join(fork_threads[i], NULL);
    atomic_store(&stop, 1);
    for (int i = 0; i < 2; i++)
        pthread_join(alloc[i], NULL);
    printf("forked %d reaped %d bad %d\n", atomic_load(&forked), atomic_load(&reaped),
           atomic_load(&bad));
    printf("allocations %ld\n", atomic_load(&allocations));
    return 0;
}
