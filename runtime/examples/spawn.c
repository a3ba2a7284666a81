/* forksafe_spawn: run a program with its output in a pipe, then report an
 * exec failure with the child's errno. */
#define _POSIX_C_SOURCE 200809L
#include <forksafe.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    int p[2];
    if (pipe(p) < 0)
        return 1;
    char *argv[] = {"echo", "hello from echo", NULL};
    struct forksafe_spawn_opts opts = FORKSAFE_SPAWN_OPTS_INIT;
    opts.stdout_fd = p[1];
    opts.flags = FORKSAFE_SPAWN_SEARCH_PATH | FORKSAFE_SPAWN_CLOSE_FDS;
    int err;
    pid_t pid = forksafe_spawn("echo", argv, NULL, &opts, &err);
    close(p[1]);
    if (pid < 0) {
        fprintf(stderr, "cannot run echo: %s\n", strerror(err));
        return 1;
    }
    char buf[128];
    ssize_t n = read(p[0], buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = '\0';
    printf("got: %s", buf);
    int status;
    forksafe_wait(pid, &status);
    printf("echo exited with %d\n", WEXITSTATUS(status));

    char *bad[] = {"/no/such/program", NULL};
    pid = forksafe_spawn(bad[0], bad, NULL, NULL, &err);
    if (pid < 0) /* the child failed in execve and is already reaped */
        printf("cannot run %s: %s\n", bad[0], strerror(err));
    return 0;
}
