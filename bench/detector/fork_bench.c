/* Fork-heavy workload for bench/detector/run.sh:
 *   fork_bench ITERATIONS THREADS
 * forks ITERATIONS children one after the other (each _exits at once, the
 * parent waitpid()s it) while THREADS extra threads exist (idle, blocked in
 * read), so with THREADS > 0 every child is an armed child for the
 * detector.  Prints nothing; exits 1 on any error. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int idle_pipe[2];

static void *idle(void *arg)
{
    char c;
    ssize_t n = read(idle_pipe[0], &c, 1);
    (void)n;
    return arg;
}

int main(int argc, char **argv)
{
    long iterations = argc > 1 ? atol(argv[1]) : 2000;
    int threads = argc > 2 ? atoi(argv[2]) : 0;
    pthread_t tids[64];
    if (threads > 64 || pipe(idle_pipe) < 0)
        return 1;
    for (int i = 0; i < threads; i++)
        if (pthread_create(&tids[i], NULL, idle, NULL) != 0)
            return 1;
    for (long i = 0; i < iterations; i++) {
        pid_t pid = fork();
        if (pid < 0)
            return 1;
        if (pid == 0)
            _exit((int)(i & 0x7f));
        int status;
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
            WEXITSTATUS(status) != (int)(i & 0x7f))
            return 1;
    }
    close(idle_pipe[1]);
    for (int i = 0; i < threads; i++)
        pthread_join(tids[i], NULL);
    return 0;
}
