/* forksafe_fork + forksafe_atfork + forksafe_wait: a lock held across the
 * fork is consistent in the child, buffered output is printed once. */
#define _POSIX_C_SOURCE 200809L
#include <forksafe.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static int table[16];

static void lock(void *m) { pthread_mutex_lock(m); }
static void unlock(void *m) { pthread_mutex_unlock(m); }

int main(void)
{
    /* Nobody holds table_lock mid-update while we fork. */
    forksafe_atfork(lock, unlock, unlock, &table_lock);

    printf("parent: about to fork\n"); /* buffered: flushed once, by forksafe_fork */
    pid_t pid = forksafe_fork();
    if (pid < 0) {
        perror("forksafe_fork");
        return 1;
    }
    if (pid == 0) {
        pthread_mutex_lock(&table_lock); /* usable: the child handler unlocked it */
        table[0] = 42;
        pthread_mutex_unlock(&table_lock);
        forksafe_log(1, "child: table[0] = %d\n", table[0]);
        _exit(7); /* not exit(): no atexit handlers, no stdio flush */
    }
    int status;
    int r = forksafe_wait(pid, &status);
    if (r < 0) {
        fprintf(stderr, "forksafe_wait: %s\n", strerror(-r));
        return 1;
    }
    printf("parent: child exited with %d\n", WEXITSTATUS(status));
    return 0;
}
