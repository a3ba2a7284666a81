// forksafe_spawn(): output redirection, exec errors reported to the parent
// with their errno (child already reaped), PATH search, cwd, environment,
// fd swapping, CLOSE_FDS, SETPGROUP, the caller's signal mask restored.
// Run twice: plainly, and under the detector with a multithreaded parent,
// where the child must not call anything unsafe (no report).
// REQUIRES: forksafe-detect
// RUN: %cc %fs-cflags %s -o %t %fs-ldflags
// RUN: %t > %t.out
// RUN: %FileCheck %s < %t.out
// RUN: env LD_PRELOAD=%fs-detect %t threads > %t.out 2> %t.err
// RUN: %FileCheck %s < %t.out
// RUN: count 0 < %t.err

// CHECK: swap: out->[out] err->[err]
// CHECK-NEXT: echo: [hello world] exit 0
// CHECK-NEXT: missing: -1 err ENOENT errno ENOENT no zombie 1
// CHECK-NEXT: not executable: -1 err EACCES
// CHECK-NEXT: path search: exit 3
// CHECK-NEXT: path search missing: -1 err ENOENT
// CHECK-NEXT: cwd: [/]
// CHECK-NEXT: bad cwd: -1 err ENOENT
// CHECK-NEXT: env: [bar]
// CHECK-NEXT: close fds: without 1, with 0
// CHECK-NEXT: pgroup: own 1
// CHECK-NEXT: mask: SigBlk: 0000000000000200
// CHECK-NEXT: done

#include "fs_test.h"

#include <fcntl.h>
#include <forksafe.h>

/* Reads everything from fd into a static buffer (trailing newline cut). */
static const char *slurp(int fd)
{
    static char buf[4096];
    size_t len = 0;
    ssize_t n;
    while ((n = read(fd, buf + len, sizeof buf - 1 - len)) > 0 ||
           (n < 0 && errno == EINTR))
        if (n > 0)
            len += (size_t)n;
    while (len > 0 && buf[len - 1] == '\n')
        len--;
    buf[len] = '\0';
    close(fd);
    return buf;
}

static const char *errname(int e)
{
    return e == ENOENT ? "ENOENT" : e == EACCES ? "EACCES" : strerror(e);
}

/* Spawns argv with stdout to a pipe; returns the output, *status set. */
static const char *capture(char *const argv[], const char *cwd, char *const envp[], int *status)
{
    int p[2];
    FS_CHECK(pipe2(p, O_CLOEXEC) == 0);
    struct forksafe_spawn_opts o = FORKSAFE_SPAWN_OPTS_INIT;
    o.stdout_fd = p[1];
    o.cwd = cwd;
    int err = -1;
    pid_t pid = forksafe_spawn(argv[0], argv, envp, &o, &err);
    FS_CHECK(pid > 0 && err == 0);
    close(p[1]);
    const char *out = slurp(p[0]);
    FS_CHECK(forksafe_wait(pid, status) == 0);
    return out;
}

int main(int argc, char **argv)
{
    (void)argv;
    int st, err;
    pid_t pid;

    /* fds swapped: the child's stdout must go to what is our fd 2 and its
     * stderr to our fd 1.  Done in a helper process whose 1 and 2 are
     * pipes (before any thread starts: the helper is a forked child). */
    int po[2], pe[2];
    FS_CHECK(pipe(po) == 0 && pipe(pe) == 0);
    fflush(stdout);
    pid_t helper = fork();
    FS_CHECK(helper >= 0);
    if (helper == 0) {
        dup2(po[1], 1);
        dup2(pe[1], 2);
        close(po[0]); close(po[1]); close(pe[0]); close(pe[1]);
        char *sh[] = {"/bin/sh", "-c", "echo out; echo err >&2", NULL};
        struct forksafe_spawn_opts o = FORKSAFE_SPAWN_OPTS_INIT;
        o.stdout_fd = 2;
        o.stderr_fd = 1;
        pid_t c = forksafe_spawn(sh[0], sh, NULL, &o, NULL);
        _exit(c > 0 && forksafe_wait(c, &st) == 0 && st == 0 ? 0 : 1);
    }
    close(po[1]);
    close(pe[1]);
    FS_CHECK(forksafe_wait(helper, &st) == 0 && st == 0);
    char from_out[64], from_err[64];
    snprintf(from_out, sizeof from_out, "%s", slurp(po[0]));
    snprintf(from_err, sizeof from_err, "%s", slurp(pe[0]));
    /* our fd 2 (pe) received the child's stdout */
    printf("swap: out->[%s] err->[%s]\n", from_err, from_out);

    if (argc > 1)
        fs_start_threads(2);

    char *echo[] = {"/bin/echo", "hello", "world", NULL};
    const char *out = capture(echo, NULL, NULL, &st);
    printf("echo: [%s] %s\n", out, fs_status(st));

    char *missing[] = {"/nonexistent/forksafe-prog", NULL};
    errno = 0;
    pid = forksafe_spawn(missing[0], missing, NULL, NULL, &err);
    int e = errno;
    printf("missing: %d err %s errno %s no zombie %d\n", (int)pid, errname(err), errname(e),
           waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD);

    char *noexec[] = {"/etc/passwd", NULL};
    pid = forksafe_spawn(noexec[0], noexec, NULL, NULL, &err);
    printf("not executable: %d err %s\n", (int)pid, errname(err));

    struct forksafe_spawn_opts o = FORKSAFE_SPAWN_OPTS_INIT;
    o.flags = FORKSAFE_SPAWN_SEARCH_PATH;
    char *sh3[] = {"sh", "-c", "exit 3", NULL};
    pid = forksafe_spawn("sh", sh3, NULL, &o, &err);
    FS_CHECK(pid > 0 && forksafe_wait(pid, &st) == 0);
    printf("path search: %s\n", fs_status(st));
    char *nope[] = {"forksafe-no-such-program", NULL};
    pid = forksafe_spawn(nope[0], nope, NULL, &o, &err);
    printf("path search missing: %d err %s\n", (int)pid, errname(err));

    char *pwd[] = {"/bin/pwd", NULL};
    out = capture(pwd, "/", NULL, &st);
    printf("cwd: [%s]\n", out);
    struct forksafe_spawn_opts bad = FORKSAFE_SPAWN_OPTS_INIT;
    bad.cwd = "/nonexistent/dir";
    pid = forksafe_spawn(pwd[0], pwd, NULL, &bad, &err);
    printf("bad cwd: %d err %s\n", (int)pid, errname(err));

    char *env[] = {"FOO=bar", NULL};
    char *shfoo[] = {"/bin/sh", "-c", "echo $FOO", NULL};
    out = capture(shfoo, NULL, env, &st);
    printf("env: [%s]\n", out);

    /* An inheritable fd: visible to the child unless CLOSE_FDS. */
    int keep = open("/dev/null", O_RDONLY);
    FS_CHECK(keep >= 3);
    char script[128];
    snprintf(script, sizeof script, "[ -e /proc/self/fd/%d ]", keep);
    char *check[] = {"/bin/sh", "-c", script, NULL};
    int with, without;
    pid = forksafe_spawn(check[0], check, NULL, NULL, &err);
    FS_CHECK(pid > 0 && forksafe_wait(pid, &st) == 0);
    without = WEXITSTATUS(st) == 0;
    struct forksafe_spawn_opts cl = FORKSAFE_SPAWN_OPTS_INIT;
    cl.flags = FORKSAFE_SPAWN_CLOSE_FDS;
    pid = forksafe_spawn(check[0], check, NULL, &cl, &err);
    FS_CHECK(pid > 0 && forksafe_wait(pid, &st) == 0);
    with = WEXITSTATUS(st) == 0;
    close(keep);
    printf("close fds: without %d, with %d\n", without, with);

    /* Own process group: checked while the child waits on its stdin. */
    int in[2];
    FS_CHECK(pipe2(in, O_CLOEXEC) == 0);
    struct forksafe_spawn_opts pg = FORKSAFE_SPAWN_OPTS_INIT;
    pg.stdin_fd = in[0];
    pg.flags = FORKSAFE_SPAWN_SETPGROUP;
    char *cat[] = {"/bin/cat", NULL};
    pid = forksafe_spawn(cat[0], cat, NULL, &pg, &err);
    FS_CHECK(pid > 0);
    close(in[0]);
    printf("pgroup: own %d\n", getpgid(pid) == pid);
    close(in[1]);
    FS_CHECK(forksafe_wait(pid, &st) == 0);

    /* Signals are blocked around fork; the child gets the caller's mask
     * (SIGUSR1 = bit 9 blocked here), not everything blocked. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    char *grep[] = {"/bin/grep", "SigBlk", "/proc/self/status", NULL};
    out = capture(grep, NULL, NULL, &st);
    printf("mask: %s\n", out);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);

    if (argc > 1)
        fs_stop_threads();
    printf("done\n");
    return 0;
}
