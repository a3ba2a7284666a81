/* libforksafe: the API of forksafe.h. */
#define _GNU_SOURCE
#include "forksafe.h"

#include "format.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* ---- output ------------------------------------------------------------ */

/* Writes all of buf, retrying on EINTR and completing partial writes. */
static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        if (n == 0)
            return -EIO;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

static int flush_fd(struct forksafe__sink *s)
{
    return write_all(s->fd, s->buf, s->len);
}

FORKSAFE_API int forksafe_vlog(int fd, const char *fmt, va_list ap)
{
    if (!fmt)
        return -EINVAL;
    int saved = errno;
    char buf[512];
    struct forksafe__sink s = {buf, sizeof buf, 0, 0, flush_fd, fd, 0};
    forksafe__vformat(&s, fmt, ap);
    if (s.len > 0) {
        int r = flush_fd(&s);
        if (r < 0 && s.err == 0)
            s.err = r;
    }
    errno = saved;
    return s.err;
}

FORKSAFE_API int forksafe_log(int fd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = forksafe_vlog(fd, fmt, ap);
    va_end(ap);
    return r;
}

FORKSAFE_API int forksafe_format(char *buf, size_t size, const char *fmt, ...)
{
    if (!fmt || (!buf && size > 0))
        return -EINVAL;
    struct forksafe__sink s = {buf, size > 0 ? size - 1 : 0, 0, 0, NULL, -1, 0};
    va_list ap;
    va_start(ap, fmt);
    forksafe__vformat(&s, fmt, ap);
    va_end(ap);
    if (size > 0)
        buf[s.len] = '\0';
    return s.total > INT_MAX ? INT_MAX : (int)s.total;
}

/* ---- atfork handlers -------------------------------------------------- */

struct handler_set {
    forksafe_handler prepare, parent, child;
    void *arg;
    _Atomic int ready;
};

static struct handler_set handlers[FORKSAFE_ATFORK_MAX];
static atomic_uint handler_slots; /* slots handed out (may exceed the max) */

FORKSAFE_API int forksafe_atfork(forksafe_handler prepare, forksafe_handler parent,
                                 forksafe_handler child, void *arg)
{
    if (!prepare && !parent && !child)
        return -EINVAL;
    unsigned slot = atomic_load(&handler_slots);
    do {
        if (slot >= FORKSAFE_ATFORK_MAX)
            return -ENOSPC;
    } while (!atomic_compare_exchange_weak(&handler_slots, &slot, slot + 1));
    struct handler_set *h = &handlers[slot];
    h->prepare = prepare;
    h->parent = parent;
    h->child = child;
    h->arg = arg;
    atomic_store_explicit(&h->ready, 1, memory_order_release);
    return 0;
}

/* Number of slots whose registration is visible (a prefix may be still in
 * progress in another thread: those are skipped). */
static unsigned handler_count(void)
{
    unsigned n = atomic_load(&handler_slots);
    return n > FORKSAFE_ATFORK_MAX ? FORKSAFE_ATFORK_MAX : n;
}

static int handler_ready(unsigned i)
{
    return atomic_load_explicit(&handlers[i].ready, memory_order_acquire);
}

/* ---- Python ----------------------------------------------------------- */

struct python_api {
    int (*is_initialized)(void);
    int (*gil_check)(void);
    void (*before_fork)(void);
    void (*after_child)(void);
    void (*after_parent)(void);
};

static void *find(const char *name)
{
    return dlsym(RTLD_DEFAULT, name);
}

/* Fills `py` if a Python interpreter runs in this process and the calling
 * thread holds its GIL; returns 1 then, 0 otherwise. */
static int python_holds_gil(struct python_api *py)
{
    /* Looked up on every call: the interpreter may be loaded later with
     * dlopen().  dlsym failing for a missing symbol is cheap. */
    void *init = find("Py_IsInitialized");
    if (!init)
        return 0;
    memset(py, 0, sizeof *py);
    /* Object-to-function pointer conversion through memcpy (ISO C). */
    void *syms[5] = {init, find("PyGILState_Check"), find("PyOS_BeforeFork"),
                     find("PyOS_AfterFork_Child"), find("PyOS_AfterFork_Parent")};
    for (int i = 0; i < 5; i++)
        if (!syms[i])
            return 0;
    memcpy(&py->is_initialized, &syms[0], sizeof syms[0]);
    memcpy(&py->gil_check, &syms[1], sizeof syms[1]);
    memcpy(&py->before_fork, &syms[2], sizeof syms[2]);
    memcpy(&py->after_child, &syms[3], sizeof syms[3]);
    memcpy(&py->after_parent, &syms[4], sizeof syms[4]);
    return py->is_initialized() && py->gil_check();
}

/* ---- fork / wait ------------------------------------------------------ */

FORKSAFE_API pid_t forksafe_fork(void)
{
    fflush(NULL);

    unsigned n = handler_count();
    for (unsigned i = n; i-- > 0;)
        if (handler_ready(i) && handlers[i].prepare)
            handlers[i].prepare(handlers[i].arg);

    struct python_api py;
    int python = python_holds_gil(&py);
    if (python)
        py.before_fork();

    pid_t pid = fork();
    int saved = errno;

    if (pid == 0) {
        if (python)
            py.after_child();
        for (unsigned i = 0; i < n; i++)
            if (handler_ready(i) && handlers[i].child)
                handlers[i].child(handlers[i].arg);
    } else {
        if (python)
            py.after_parent();
        for (unsigned i = 0; i < n; i++)
            if (handler_ready(i) && handlers[i].parent)
                handlers[i].parent(handlers[i].arg);
    }
    errno = saved;
    return pid;
}

FORKSAFE_API int forksafe_wait(pid_t pid, int *status)
{
    if (pid <= 0)
        return -EINVAL;
    int saved = errno, st = 0;
    for (;;) {
        pid_t r = waitpid(pid, &st, 0);
        if (r == pid)
            break;
        if (r < 0 && errno == EINTR)
            continue;
        int err = r < 0 ? errno : ECHILD;
        errno = saved;
        return -err;
    }
    if (status)
        *status = st;
    errno = saved;
    return 0;
}

/* ---- spawn ------------------------------------------------------------ */

/* Moves fd to a number >= 3 (close-on-exec); returns the new fd or -1. */
static int move_above_stdio(int fd)
{
    if (fd >= 3)
        return fd;
    int nfd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    close(fd);
    return nfd;
}

/* Everything the child needs, prepared in the parent. */
struct spawn_plan {
    const char *const *candidates; /* NULL-terminated paths to try */
    char *const *argv;
    char *const *envp;
    int fds[3];
    const char *cwd;
    unsigned flags;
    int report_fd;
    int max_fd; /* fallback bound for CLOSE_FDS */
    sigset_t oldmask;
};

/* The child: async-signal-safe calls only, never returns. */
static void spawn_child(const struct spawn_plan *p)
{
    int err = 0;
    int fds[3] = {p->fds[0], p->fds[1], p->fds[2]};

    /* Caught signals would run the parent's handlers in the child. */
    for (int sig = 1; sig < NSIG; sig++) {
        struct sigaction sa;
        if (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler != SIG_DFL &&
            sa.sa_handler != SIG_IGN) {
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = SIG_DFL;
            sigaction(sig, &sa, NULL);
        }
    }
    if (p->flags & FORKSAFE_SPAWN_SETPGROUP) {
        if (setpgid(0, 0) < 0)
            goto fail;
    }
    /* A source fd in 0..2 that is not its own target could be overwritten
     * by an earlier dup2: move it out of the way first. */
    for (int i = 0; i < 3; i++) {
        if (fds[i] >= 0 && fds[i] < 3 && fds[i] != i) {
            fds[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, 3);
            if (fds[i] < 0)
                goto fail;
        }
    }
    for (int i = 0; i < 3; i++) {
        if (fds[i] < 0)
            continue;
        if (fds[i] == i) { /* keep it, but make sure it survives exec */
            if (fcntl(i, F_SETFD, 0) < 0)
                goto fail;
        } else if (dup2(fds[i], i) < 0) {
            goto fail;
        }
    }
    if (p->flags & FORKSAFE_SPAWN_CLOSE_FDS) {
        /* Mark everything >= 3 close-on-exec: the report pipe must stay
         * open until execve succeeds. */
#ifdef SYS_close_range
        if (syscall(SYS_close_range, 3u, ~0u, 4u /* CLOSE_RANGE_CLOEXEC */) != 0)
#endif
        {
            for (int fd = 3; fd < p->max_fd; fd++)
                if (fd != p->report_fd)
                    fcntl(fd, F_SETFD, FD_CLOEXEC);
        }
    }
    if (p->cwd && chdir(p->cwd) < 0)
        goto fail;
    if (sigprocmask(SIG_SETMASK, &p->oldmask, NULL) < 0)
        goto fail;

    int seen_eacces = 0;
    for (const char *const *c = p->candidates; *c; c++) {
        execve(*c, p->argv, p->envp);
        err = errno;
        if (err == EACCES)
            seen_eacces = 1;
        else if (err != ENOENT && err != ENOTDIR && err != ESTALE && err != ENODEV &&
                 err != ETIMEDOUT)
            break; /* a real error on an existing file: stop, like execvp */
    }
    if (seen_eacces && (err == ENOENT || err == ENOTDIR))
        err = EACCES;
    goto report;
fail:
    err = errno;
report:
    if (err == 0)
        err = ENOEXEC;
    for (;;) {
        ssize_t w = write(p->report_fd, &err, sizeof err);
        if (w >= 0 || errno != EINTR)
            break;
    }
    _exit(127);
}

/* Builds the NULL-terminated candidate list (one allocation). */
static const char **spawn_candidates(const char *path, unsigned flags)
{
    if (!(flags & FORKSAFE_SPAWN_SEARCH_PATH) || strchr(path, '/') || path[0] == '\0') {
        const char **c = malloc(2 * sizeof *c);
        if (c) {
            c[0] = path;
            c[1] = NULL;
        }
        return c;
    }
    const char *env = getenv("PATH");
    if (!env)
        env = "/bin:/usr/bin";
    size_t ndirs = 1, plen = strlen(path), elen = strlen(env);
    for (const char *q = env; *q; q++)
        ndirs += *q == ':';
    /* pointers, then the strings "dir/path\0" */
    size_t bytes = (ndirs + 1) * sizeof(char *) + elen + ndirs * (plen + 3);
    const char **c = malloc(bytes);
    if (!c)
        return NULL;
    char *out = (char *)(c + ndirs + 1);
    size_t k = 0;
    const char *dir = env;
    for (;;) {
        const char *end = strchr(dir, ':');
        size_t dlen = end ? (size_t)(end - dir) : strlen(dir);
        c[k++] = out;
        if (dlen == 0) { /* empty entry = current directory */
            *out++ = '.';
        } else {
            memcpy(out, dir, dlen);
            out += dlen;
        }
        *out++ = '/';
        memcpy(out, path, plen + 1);
        out += plen + 1;
        if (!end)
            break;
        dir = end + 1;
    }
    c[k] = NULL;
    return c;
}

FORKSAFE_API pid_t forksafe_spawn(const char *path, char *const argv[], char *const envp[],
                                  const struct forksafe_spawn_opts *opts, int *err)
{
    static const struct forksafe_spawn_opts defaults = FORKSAFE_SPAWN_OPTS_INIT;
    int saved = errno, e = 0;
    pid_t pid = -1;
    if (!path || !argv) {
        e = EINVAL;
        goto out;
    }
    if (!opts)
        opts = &defaults;

    struct spawn_plan plan;
    memset(&plan, 0, sizeof plan);
    plan.argv = argv;
    plan.envp = envp ? envp : environ;
    plan.fds[0] = opts->stdin_fd;
    plan.fds[1] = opts->stdout_fd;
    plan.fds[2] = opts->stderr_fd;
    plan.cwd = opts->cwd;
    plan.flags = opts->flags;
    plan.max_fd = 1024;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        plan.max_fd = rl.rlim_cur > 65536 ? 65536 : (int)rl.rlim_cur;

    const char **cands = spawn_candidates(path, opts->flags);
    if (!cands) {
        e = ENOMEM;
        goto out;
    }
    plan.candidates = cands;

    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) < 0) {
        e = errno;
        free(cands);
        goto out;
    }
    /* Keep the pipe out of 0..2, which the child may dup2 onto. */
    pfd[0] = move_above_stdio(pfd[0]);
    pfd[1] = move_above_stdio(pfd[1]);
    if (pfd[0] < 0 || pfd[1] < 0) {
        e = errno;
        if (pfd[0] >= 0)
            close(pfd[0]);
        if (pfd[1] >= 0)
            close(pfd[1]);
        free(cands);
        goto out;
    }
    plan.report_fd = pfd[1];

    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &plan.oldmask);
    pid = fork();
    if (pid == 0)
        spawn_child(&plan); /* never returns */
    if (pid < 0)
        e = errno;
    pthread_sigmask(SIG_SETMASK, &plan.oldmask, NULL);
    close(pfd[1]);
    free(cands);

    if (pid > 0) {
        int child_err = 0;
        ssize_t n;
        do
            n = read(pfd[0], &child_err, sizeof child_err);
        while (n < 0 && errno == EINTR);
        /* EOF: execve succeeded.  A report (written atomically, it is
         * smaller than PIPE_BUF): the child failed and is exiting, reap it.
         * A read error cannot tell; the child is then treated as started. */
        if (n > 0) {
            e = n == (ssize_t)sizeof child_err && child_err > 0 ? child_err : EIO;
            forksafe_wait(pid, NULL);
            pid = -1;
        }
    }
    close(pfd[0]);
out:
    if (err)
        *err = e;
    errno = pid > 0 ? saved : e;
    return pid > 0 ? pid : -1;
}
