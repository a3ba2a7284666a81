/* Three bugs for the detector: printf in the child of a multithreaded
 * parent, exit() in a child (it runs the parent's atexit handler), a child
 * never waited for.
 *   LD_PRELOAD=libforksafe-detect.so ./detect_demo */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void *worker(void *arg)
{
    char c;
    ssize_t n = read(*(int *)arg, &c, 1);
    (void)n;
    return NULL;
}

static void remove_pidfile(void)
{
    unlink("/tmp/detect_demo.pid"); /* the parent's cleanup */
}

int main(void)
{
    int p[2];
    pthread_t t;
    if (pipe(p) < 0 || pthread_create(&t, NULL, worker, &p[0]) != 0)
        return 1;
    atexit(remove_pidfile);

    pid_t b = fork();
    if (b == 0)
        _exit(0);
    /* bug 3: b is never waited for */

    pid_t a = fork();
    if (a == 0) {
        printf("child: hello\n"); /* bug 1: stdio in the child of 2 threads */
        exit(0);                  /* bug 2: exit() in a child runs remove_pidfile */
    }
    waitpid(a, NULL, 0);
    close(p[1]);
    pthread_join(t, NULL);
    return 0;
}
