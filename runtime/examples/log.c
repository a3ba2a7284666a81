/* forksafe_log and forksafe_format in the child of a multithreaded parent,
 * where printf and strerror must not be used. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <forksafe.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

static void *worker(void *arg)
{
    char c;
    ssize_t n = read(*(int *)arg, &c, 1); /* a thread that exists during the fork */
    (void)n;
    return NULL;
}

int main(void)
{
    int p[2];
    pthread_t t;
    if (pipe(p) < 0 || pthread_create(&t, NULL, worker, &p[0]) != 0)
        return 1;

    pid_t pid = fork();
    if (pid == 0) {
        char path[64];
        forksafe_format(path, sizeof path, "/nonexistent/job-%d.conf", 12);
        int fd = open(path, O_RDONLY);
        if (fd < 0) {
            forksafe_log(1, "child: cannot open %s: errno %d\n", path, errno);
            _exit(2);
        }
        _exit(0);
    }
    int status = 0;
    forksafe_wait(pid, &status);
    forksafe_log(1, "parent: child exited with %d\n", WEXITSTATUS(status));
    close(p[1]);
    pthread_join(t, NULL);
    return 0;
}
