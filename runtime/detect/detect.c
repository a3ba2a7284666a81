/* libforksafe-detect: LD_PRELOAD detector of fork misuse.
 *
 * Design rules (see docs/runtime.md):
 *  - no locks anywhere, no allocation: state is static, shared state is
 *    atomic, reports are formatted on the stack and written with write(2);
 *  - on the fork, child and report paths the detector's own system calls
 *    are raw syscall(2)s (the program may interpose libc functions too, and
 *    we interpose some of them);
 *  - the real functions are all resolved (dlsym) before the first fork, so
 *    the child never enters the dynamic loader; dlsym's own allocations
 *    during bootstrap are served from a static bump buffer.
 */
#define _GNU_SOURCE
#include "detect.h"

#include "format.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* ---- the data file ---------------------------------------------------- */

static const char *const unsafe_names[FS_NUNSAFE] = {
#define UNSAFE(name, category) #name,
#include "async-signal-unsafe.def"
};

static const char *const unsafe_categories[FS_NUNSAFE] = {
#define UNSAFE(name, category) category,
#include "async-signal-unsafe.def"
};

_Atomic(void *) forksafe__real[FS_NUNSAFE];
_Alignas(64) struct forksafe__child_state forksafe__child;

/* ---- functions with dedicated wrappers -------------------------------- */

/* The FC_WRAPPED entries of functions.def: fork, exec, exit, exit handlers,
 * wait. */
enum {
#define FC_FUNC(name, kinds, arg)
#define FC_WRAPPED(name, kinds, arg) SP_##name,
#include "functions.def"
    SP_COUNT
};

static const char *const special_names[SP_COUNT] = {
#define FC_FUNC(name, kinds, arg)
#define FC_WRAPPED(name, kinds, arg) #name,
#include "functions.def"
};

static _Atomic(void *) special_real[SP_COUNT];

/* ---- configuration ---------------------------------------------------- */

static int action_abort;       /* FORKSAFE_ACTION=abort */
static char log_path[PATH_MAX]; /* FORKSAFE_LOG, absolute; "" = stderr */
static atomic_int config_state; /* 0 not read, 1 reading, 2 read */

/* ---- per-process state ------------------------------------------------ */

/* Written at start-up and at exit only: a fork does not write here (the
 * per-process flags hold the pid they apply to). */
static struct {
    pid_t load_pid;              /* pid when the detector was loaded (exec) */
    atomic_int exit_reported;    /* pid that reported its exit() */
    atomic_int children_checked; /* pid that checked its children */
    atomic_int forker;           /* pid of the process that forked last: in a
                                    child, its parent */
    atomic_int last_child;       /* the child of that last fork */
    atomic_int handlers_owner;   /* first process to register an exit handler */
    atomic_int output_inherited; /* pid of a child that got unflushed output */
} st;

/* Where reports go without FORKSAFE_LOG: a close-on-exec duplicate of the
 * stderr the program started with, made at load, and the identity of that
 * file, so a report is never written into a file the program opened later
 * on the same descriptor number. */
static struct {
    int fd; /* -1: stderr was closed at load */
    unsigned long dev, ino;
} sink = {-1, 0, 0};

/* ---- raw syscalls ----------------------------------------------------- */

static pid_t sys_getpid(void)
{
    return (pid_t)syscall(SYS_getpid);
}

static void children_init(void);

/* Forked (by a fork seen or not) and not exec'ed since. */
static int in_child(void)
{
    return st.load_pid != 0 && sys_getpid() != st.load_pid;
}

/* Sets a pid-tagged flag for this process; returns 1 the first time. */
static int first_time(atomic_int *flag)
{
    int self = (int)sys_getpid();
    return atomic_exchange(flag, self) != self;
}

static void sys_write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        long n = syscall(SYS_write, fd, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        if (n == 0)
            return;
        buf += n;
        len -= (size_t)n;
    }
}

static _Noreturn void sys_exit_group(int status)
{
    for (;;)
        syscall(SYS_exit_group, status);
}

/* ---- reports ---------------------------------------------------------- */

static _Noreturn void die(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigaction(SIGABRT, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGABRT);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    syscall(SYS_tgkill, sys_getpid(), (pid_t)syscall(SYS_gettid), SIGABRT);
    sys_exit_group(134);
}

/* True if fd is open on the file stderr was at load. */
static int is_sink_file(int fd)
{
    struct stat sb;
    if (syscall(SYS_fstat, fd, &sb) != 0)
        return 0;
    return (unsigned long)sb.st_dev == sink.dev && (unsigned long)sb.st_ino == sink.ino;
}

/* The descriptor a report may be written to, or -1: the duplicate made at
 * load while it is still ours (close-on-exec, same file), else fd 2 while
 * it is still that same file. */
static int sink_fd(void)
{
    if (sink.fd < 0)
        return -1;
    if (syscall(SYS_fcntl, sink.fd, F_GETFD) == FD_CLOEXEC && is_sink_file(sink.fd))
        return sink.fd;
    return is_sink_file(2) ? 2 : -1;
}

/* Duplicates fd 2 high up (programs expect the low numbers to be theirs),
 * close-on-exec: an exec'ed image has its own detector. */
static void sink_init(void)
{
    struct rlimit rl;
    long top = 1024;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)top)
        top = (long)rl.rlim_cur;
    const long starts[] = {top - 1, top / 2, 3};
    struct stat sb;
    if (syscall(SYS_fstat, 2, &sb) != 0)
        return; /* stderr closed: reports only to FORKSAFE_LOG */
    for (unsigned i = 0; i < sizeof starts / sizeof starts[0]; i++) {
        long fd = syscall(SYS_fcntl, 2, F_DUPFD_CLOEXEC, starts[i] > 3 ? starts[i] : 3);
        if (fd >= 0) {
            sink.dev = (unsigned long)sb.st_dev;
            sink.ino = (unsigned long)sb.st_ino;
            sink.fd = (int)fd;
            return;
        }
    }
}

/* Formats one report line and writes it with a single write(2): to
 * FORKSAFE_LOG (opened and closed around the write, O_APPEND, so the
 * program's fds never matter) or to the stderr of the program's start
 * (sink_fd).  Async-signal-safe. */
static void vreport(int fatal, const char *fmt, va_list ap)
{
    int saved = errno;
    char buf[1024];
    struct forksafe__sink s = {buf, sizeof buf, 0, 0, NULL, -1, 0};
    forksafe__vformat(&s, fmt, ap);
    if (s.total > s.len) /* truncated: keep the line a line */
        buf[s.len - 1] = '\n';
    int fd = -1, opened = 0;
    if (log_path[0]) {
        long r = syscall(SYS_openat, AT_FDCWD, log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
                         0644);
        if (r >= 0) {
            fd = (int)r;
            opened = 1;
        }
    }
    if (fd < 0)
        fd = sink_fd();
    if (fd >= 0)
        sys_write_all(fd, buf, s.len);
    if (opened)
        syscall(SYS_close, fd);
    errno = saved;
    if (fatal || action_abort)
        die();
}

static void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(0, fmt, ap);
    va_end(ap);
}

static _Noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(1, fmt, ap);
    va_end(ap);
    die();
}

/* ---- bootstrap allocator ---------------------------------------------- */

/* dlsym() may allocate (e.g. its error string) through the malloc we
 * interpose, before we know the real one: those allocations come from
 * here and are never freed. */
#define BUMP_SIZE (64 * 1024)
#define BUMP_HDR 16
static _Alignas(16) unsigned char bump_buf[BUMP_SIZE];
static atomic_size_t bump_used;

static int bump_owns(const void *p)
{
    uintptr_t a = (uintptr_t)p, b = (uintptr_t)bump_buf;
    return a >= b && a < b + BUMP_SIZE;
}

static void *bump_alloc(size_t n)
{
    if (n > BUMP_SIZE) {
        errno = ENOMEM;
        return NULL;
    }
    size_t need = BUMP_HDR + ((n + 15) & ~(size_t)15);
    size_t off = atomic_fetch_add(&bump_used, need);
    if (off + need > BUMP_SIZE) {
        errno = ENOMEM;
        return NULL;
    }
    memcpy(bump_buf + off, &n, sizeof n);
    return bump_buf + off + BUMP_HDR;
}

static size_t bump_size(const void *p)
{
    size_t n;
    memcpy(&n, (const unsigned char *)p - BUMP_HDR, sizeof n);
    return n;
}

static void *boot_malloc(size_t n)
{
    return bump_alloc(n);
}

static void *boot_calloc(size_t nmemb, size_t size)
{
    if (size && nmemb > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    return bump_alloc(nmemb * size); /* the buffer is never reused: zeroed */
}

static void boot_free(void *p)
{
    (void)p; /* leaked: only possible before the real free is known */
}

static void *boot_realloc(void *p, size_t n)
{
    if (p && !bump_owns(p)) {
        errno = ENOMEM;
        return NULL;
    }
    void *q = bump_alloc(n);
    if (q && p) {
        size_t old = bump_size(p);
        memcpy(q, p, old < n ? old : n);
    }
    return q;
}

/* ---- resolution ------------------------------------------------------- */

/* Depth of dlsym calls of this thread (initial-exec: reading it never
 * allocates). */
static _Thread_local int resolving __attribute__((tls_model("initial-exec")));

static void *next_symbol(const char *name)
{
    resolving++;
    void *p = dlsym(RTLD_NEXT, name);
    resolving--;
    return p;
}

static void *boot_fallback(unsigned idx)
{
    switch (idx) {
    case FS_IDX_malloc:
        return (void *)boot_malloc;
    case FS_IDX_calloc:
        return (void *)boot_calloc;
    case FS_IDX_realloc:
        return (void *)boot_realloc;
    case FS_IDX_free:
        return (void *)boot_free;
    default:
        return NULL;
    }
}

/* The real function of entry idx, resolving it if needed, without
 * reporting.  Never returns NULL. */
static void *real_unsafe(unsigned idx)
{
    void *p = atomic_load_explicit(&forksafe__real[idx], memory_order_acquire);
    if (p)
        return p;
    if (resolving) { /* called from inside dlsym */
        void *fb = boot_fallback(idx);
        if (fb)
            return fb;
    }
    p = next_symbol(unsafe_names[idx]);
    if (!p)
        fatal("forksafe: %s() is interposed but has no next definition\n", unsafe_names[idx]);
    atomic_store_explicit(&forksafe__real[idx], p, memory_order_release);
    return p;
}

static void *real_special(unsigned sp)
{
    void *p = atomic_load_explicit(&special_real[sp], memory_order_acquire);
    if (p)
        return p;
    p = next_symbol(special_names[sp]);
    if (p)
        atomic_store_explicit(&special_real[sp], p, memory_order_release);
    return p;
}

static atomic_int all_resolved;

/* Resolves everything, so that a child never needs dlsym. */
static void resolve_all(void)
{
    if (atomic_load_explicit(&all_resolved, memory_order_acquire))
        return;
    int saved = errno;
    for (unsigned i = 0; i < FS_NUNSAFE; i++) {
        if (!atomic_load(&forksafe__real[i])) {
            void *p = next_symbol(unsafe_names[i]);
            if (p)
                atomic_store_explicit(&forksafe__real[i], p, memory_order_release);
        }
    }
    for (unsigned i = 0; i < SP_COUNT; i++)
        real_special(i);
    atomic_store_explicit(&all_resolved, 1, memory_order_release);
    errno = saved;
}

static void read_config(void)
{
    int expected = 0;
    if (!atomic_compare_exchange_strong(&config_state, &expected, 1))
        return; /* read (or being read) by another thread */
    int saved = errno;
    st.load_pid = sys_getpid();
    children_init();
    sink_init();
    const char *action = getenv("FORKSAFE_ACTION");
    int bad_action = 0;
    if (action && strcmp(action, "abort") == 0)
        action_abort = 1;
    else if (action && action[0] && strcmp(action, "warn") != 0)
        bad_action = 1;
    const char *path = getenv("FORKSAFE_LOG");
    if (path && path[0]) {
        size_t len = strlen(path), off = 0;
        if (path[0] != '/' && getcwd(log_path, sizeof log_path - 1)) {
            off = strlen(log_path);
            log_path[off++] = '/';
        }
        if (off + len < sizeof log_path) {
            memcpy(log_path + off, path, len + 1);
        } else {
            log_path[0] = '\0';
        }
    }
    atomic_store(&config_state, 2);
    if (bad_action)
        report("forksafe: unknown FORKSAFE_ACTION=%s (expected warn or abort), using warn\n",
               action);
    errno = saved;
}

static void init(void)
{
    read_config();
    resolve_all();
}

/* Set once the constructor has run: the libraries initialised before it
 * (its own dependencies, the sanitizer runtimes, libstdc++) are not the
 * program's code. */
static atomic_int started;

__attribute__((constructor)) static void forksafe__ctor(void)
{
    init();
    atomic_store(&started, 1);
}

/* ---- the trampolines' slow path --------------------------------------- */

static void note_unsafe(unsigned idx)
{
    struct forksafe__child_state *c = &forksafe__child;
    if (idx >= FS_NUNSAFE || !atomic_load_explicit(&c->armed, memory_order_relaxed))
        return;
    if (atomic_load_explicit(&c->reported[idx], memory_order_relaxed) ||
        atomic_exchange_explicit(&c->reported[idx], 1, memory_order_relaxed))
        return;
    report("forksafe: child %d of a multithreaded parent (%u threads at fork) called %s() "
           "before exec [%s]\n",
           (int)sys_getpid(), c->threads_at_fork, unsafe_names[idx], unsafe_categories[idx]);
}

void *forksafe__slow(unsigned idx)
{
    int saved = errno;
    void *p = real_unsafe(idx);
    note_unsafe(idx);
    errno = saved;
    return p;
}

/* ---- allocator wrappers that must know the bootstrap buffer ----------- */

FS_EXPORT void free(void *ptr)
{
    if (bump_owns(ptr))
        return;
    void *p = atomic_load_explicit(&forksafe__real[FS_IDX_free], memory_order_acquire);
    if (!p || atomic_load_explicit(&forksafe__child.armed, memory_order_relaxed))
        p = forksafe__slow(FS_IDX_free);
    ((void (*)(void *))p)(ptr);
}

FS_EXPORT void *realloc(void *ptr, size_t size)
{
    if (ptr && bump_owns(ptr)) { /* move it to the real heap */
        void *(*mal)(size_t) = (void *(*)(size_t))forksafe__slow(FS_IDX_malloc);
        void *q = mal(size);
        if (q) {
            size_t old = bump_size(ptr);
            memcpy(q, ptr, old < size ? old : size);
        }
        return q;
    }
    void *p = atomic_load_explicit(&forksafe__real[FS_IDX_realloc], memory_order_acquire);
    if (!p || atomic_load_explicit(&forksafe__child.armed, memory_order_relaxed))
        p = forksafe__slow(FS_IDX_realloc);
    return ((void *(*)(void *, size_t))p)(ptr, size);
}

/* ---- children table --------------------------------------------------- */

/* Pids this process forked and has not reaped: a bitmap indexed by pid
 * (PID_MAX_LIMIT is 2^22), plus a summary bit per 64-bit word so the exit
 * scan is short.  Lock-free (atomic or/and).  It lives in an anonymous
 * mapping marked MADV_WIPEONFORK: a child starts with an empty table, and
 * the parent's writes after fork cause no copy-on-write.  Entries are only
 * candidates: each is checked with waitid(WNOWAIT) before being reported,
 * so a pid reaped in a way we did not see is never reported. */
#define PID_LIMIT (1u << 22)
#define PID_WORDS (PID_LIMIT / 64)
#define SUMMARY_WORDS (PID_WORDS / 64)
#ifndef MADV_WIPEONFORK
#define MADV_WIPEONFORK 18
#endif

static _Atomic(_Atomic uint64_t *) children_table; /* PID_WORDS + SUMMARY_WORDS */

static void children_init(void)
{
    size_t size = (PID_WORDS + SUMMARY_WORDS) * sizeof(uint64_t);
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return; /* no table: children are not tracked */
    /* Before Linux 4.14 the child inherits a copy: still correct, as the
     * candidates are verified. */
    madvise(p, size, MADV_WIPEONFORK);
    atomic_store_explicit(&children_table, (_Atomic uint64_t *)p, memory_order_release);
}

static void children_add(pid_t pid)
{
    _Atomic uint64_t *t = atomic_load_explicit(&children_table, memory_order_acquire);
    if (!t || pid <= 0 || (unsigned)pid >= PID_LIMIT)
        return;
    unsigned w = (unsigned)pid / 64;
    atomic_fetch_or(&t[w], UINT64_C(1) << (pid % 64));
    uint64_t bit = UINT64_C(1) << (w % 64);
    if (!(atomic_load_explicit(&t[PID_WORDS + w / 64], memory_order_relaxed) & bit))
        atomic_fetch_or(&t[PID_WORDS + w / 64], bit);
}

static void children_remove(pid_t pid)
{
    _Atomic uint64_t *t = atomic_load_explicit(&children_table, memory_order_acquire);
    if (!t || pid <= 0 || (unsigned)pid >= PID_LIMIT)
        return;
    atomic_fetch_and(&t[(unsigned)pid / 64], ~(UINT64_C(1) << (pid % 64)));
}

/* A child still running when its parent exits, forked by the parent's last
 * fork: the parent leaves right after forking it (daemonizing, the middle
 * process of a double fork, a shell's `( cmd & )`), so it is not waited for
 * on purpose. */
static int left_on_purpose(pid_t pid)
{
    return atomic_load(&st.forker) == (int)sys_getpid() && atomic_load(&st.last_child) == (int)pid;
}

/* Reports the children never waited for, once per process. */
static void check_children(void)
{
    _Atomic uint64_t *t = atomic_load_explicit(&children_table, memory_order_acquire);
    if (!t || !first_time(&st.children_checked))
        return;
    int saved = errno;
    pid_t self = sys_getpid();
    for (unsigned s = 0; s < SUMMARY_WORDS; s++) {
        uint64_t sum = atomic_load_explicit(&t[PID_WORDS + s], memory_order_relaxed);
        while (sum) {
            unsigned w = s * 64 + (unsigned)__builtin_ctzll(sum);
            sum &= sum - 1;
            uint64_t bits = atomic_load_explicit(&t[w], memory_order_relaxed);
            while (bits) {
                pid_t pid = (pid_t)(w * 64 + (unsigned)__builtin_ctzll(bits));
                bits &= bits - 1;
                siginfo_t si;
                memset(&si, 0, sizeof si);
                if (syscall(SYS_waitid, P_PID, pid, &si, WEXITED | WNOHANG | WNOWAIT, NULL) != 0)
                    continue; /* not (or no longer) our child */
                if (si.si_pid == 0 && left_on_purpose(pid))
                    continue;
                if (si.si_pid == 0)
                    report("forksafe: process %d exits without waiting for child %d: never waited "
                           "for (still running)\n",
                           (int)self, (int)pid);
                else if (si.si_code == CLD_EXITED)
                    report("forksafe: process %d exits without waiting for child %d: never waited "
                           "for (exited with status %d)\n",
                           (int)self, (int)pid, si.si_status);
                else
                    report("forksafe: process %d exits without waiting for child %d: never waited "
                           "for (killed by signal %d)\n",
                           (int)self, (int)pid, si.si_status);
            }
        }
    }
    errno = saved;
}

/* ---- fork ------------------------------------------------------------- */

struct fs_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

/* glibc >= 2.32: true while the process never created a thread. */
extern char __libc_single_threaded __attribute__((weak));

/* Threads of this process, from /proc/self/task (raw syscalls, no
 * allocation); 0 if unknown.  Skipped when glibc knows no thread was ever
 * created. */
static unsigned count_threads(void)
{
    if (&__libc_single_threaded && __libc_single_threaded)
        return 1;
    long fd = syscall(SYS_openat, AT_FDCWD, "/proc/self/task",
                      O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    _Alignas(8) char buf[2048];
    unsigned n = 0;
    for (;;) {
        long len = syscall(SYS_getdents64, (int)fd, buf, sizeof buf);
        if (len <= 0)
            break;
        for (long off = 0; off < len;) {
            const struct fs_dirent64 *d = (const struct fs_dirent64 *)(buf + off);
            if (d->d_name[0] != '.')
                n++;
            off += d->d_reclen;
        }
    }
    syscall(SYS_close, (int)fd);
    return n;
}

/* glibc's FILE list head (exported); the FILE layout is the public one. */
extern FILE *_IO_list_all __attribute__((weak));

/* In the child: records whether a stream holds output written by the parent
 * and not flushed (exit() would write it a second time).  Single-threaded
 * here, and glibc's fork leaves the list consistent. */
static void note_inherited_output(void)
{
    if (!&_IO_list_all)
        return;
    for (FILE *f = _IO_list_all; f; f = f->_chain)
        if (f->_IO_write_ptr > f->_IO_write_base) {
            atomic_store(&st.output_inherited, (int)sys_getpid());
            return;
        }
}

/* In the child: arm it if the parent was multithreaded.  The child of a
 * single-threaded parent writes nothing (no copy-on-write fault) unless it
 * inherits unflushed output. */
static void child_after_fork(unsigned threads)
{
    struct forksafe__child_state *c = &forksafe__child;
    note_inherited_output();
    if (threads > 1) {
        c->threads_at_fork = threads;
        for (unsigned i = 0; i < FS_NUNSAFE; i++)
            if (atomic_load_explicit(&c->reported[i], memory_order_relaxed))
                atomic_store_explicit(&c->reported[i], 0, memory_order_relaxed);
        atomic_store(&c->armed, 1);
    } else if (atomic_load_explicit(&c->armed, memory_order_relaxed)) {
        atomic_store(&c->armed, 0); /* the child of an armed child */
    }
}

static pid_t fork_common(unsigned sp)
{
    init();
    pid_t (*fn)(void) = (pid_t(*)(void))real_special(sp);
    if (!fn) {
        errno = ENOSYS;
        return -1;
    }
    int saved = errno;
    unsigned threads = count_threads();
    errno = saved;
    atomic_store(&st.forker, (int)sys_getpid());
    pid_t pid = fn();
    if (pid == 0) {
        child_after_fork(threads);
    } else if (pid > 0) {
        children_add(pid);
        atomic_store(&st.last_child, (int)pid);
    }
    return pid;
}

FS_EXPORT pid_t fork(void)
{
    return fork_common(SP_fork);
}

FS_EXPORT pid_t _Fork(void)
{
    return fork_common(SP__Fork);
}

/* vfork() is not interposed: a C wrapper cannot return twice on a shared
 * stack, and running it as fork() would lose what the child stores for the
 * parent. */

/* ---- exec ------------------------------------------------------------- */

/* Reports are suspended while the real exec runs (glibc's execvp and
 * friends may call interposed functions), and resumed if it fails. */
static unsigned char exec_begin(void)
{
    init();
    if (!atomic_load_explicit(&forksafe__child.armed, memory_order_relaxed))
        return 0;
    return atomic_exchange(&forksafe__child.armed, 0);
}

static void exec_end(unsigned char armed)
{
    if (armed)
        atomic_store(&forksafe__child.armed, armed);
}

static int no_real(void)
{
    errno = ENOSYS;
    return -1;
}

FS_EXPORT int execve(const char *path, char *const argv[], char *const envp[])
{
    unsigned char a = exec_begin();
    int (*fn)(const char *, char *const[], char *const[]) =
        (int (*)(const char *, char *const[], char *const[]))real_special(SP_execve);
    int r = fn ? fn(path, argv, envp) : no_real();
    exec_end(a);
    return r;
}

FS_EXPORT int execv(const char *path, char *const argv[])
{
    unsigned char a = exec_begin();
    int (*fn)(const char *, char *const[]) =
        (int (*)(const char *, char *const[]))real_special(SP_execv);
    int r = fn ? fn(path, argv) : no_real();
    exec_end(a);
    return r;
}

FS_EXPORT int execvp(const char *file, char *const argv[])
{
    unsigned char a = exec_begin();
    int (*fn)(const char *, char *const[]) =
        (int (*)(const char *, char *const[]))real_special(SP_execvp);
    int r = fn ? fn(file, argv) : no_real();
    exec_end(a);
    return r;
}

FS_EXPORT int execvpe(const char *file, char *const argv[], char *const envp[])
{
    unsigned char a = exec_begin();
    int (*fn)(const char *, char *const[], char *const[]) =
        (int (*)(const char *, char *const[], char *const[]))real_special(SP_execvpe);
    int r = fn ? fn(file, argv, envp) : no_real();
    exec_end(a);
    return r;
}

FS_EXPORT int fexecve(int fd, char *const argv[], char *const envp[])
{
    unsigned char a = exec_begin();
    int (*fn)(int, char *const[], char *const[]) =
        (int (*)(int, char *const[], char *const[]))real_special(SP_fexecve);
    int r = fn ? fn(fd, argv, envp) : no_real();
    exec_end(a);
    return r;
}

FS_EXPORT int execveat(int dirfd, const char *path, char *const argv[], char *const envp[],
                       int flags)
{
    unsigned char a = exec_begin();
    int (*fn)(int, const char *, char *const[], char *const[], int) =
        (int (*)(int, const char *, char *const[], char *const[], int))real_special(SP_execveat);
    int r = fn ? fn(dirfd, path, argv, envp, flags) : no_real();
    exec_end(a);
    return r;
}

/* execl/execlp/execle: the argument list is copied into an array on the
 * stack, then the v variant runs (like glibc, which also requires a
 * non-NULL `arg` and a NULL terminator). */
#define FS_COLLECT_ARGS(arg0, argv_name)                                                           \
    size_t fs_n = 1;                                                                               \
    va_list fs_ap;                                                                                 \
    va_start(fs_ap, arg0);                                                                         \
    while (va_arg(fs_ap, char *))                                                                  \
        fs_n++;                                                                                    \
    va_end(fs_ap);                                                                                 \
    char *argv_name[fs_n + 1];                                                                     \
    argv_name[0] = (char *)(arg0);                                                                 \
    va_start(fs_ap, arg0);                                                                         \
    for (size_t fs_i = 1; fs_i <= fs_n; fs_i++)                                                    \
        argv_name[fs_i] = va_arg(fs_ap, char *);

FS_EXPORT int execl(const char *path, const char *arg, ...)
{
    FS_COLLECT_ARGS(arg, argv)
    va_end(fs_ap);
    return execve(path, argv, environ);
}

FS_EXPORT int execlp(const char *file, const char *arg, ...)
{
    FS_COLLECT_ARGS(arg, argv)
    va_end(fs_ap);
    return execvp(file, argv);
}

FS_EXPORT int execle(const char *path, const char *arg, ...)
{
    FS_COLLECT_ARGS(arg, argv)
    char *const *envp = va_arg(fs_ap, char *const *);
    va_end(fs_ap);
    return execve(path, argv, envp);
}

/* ---- exit ------------------------------------------------------------- */

/* exit() in a forked child is reported when it runs cleanup that belongs to
 * a parent still running: exit handlers registered before the fork, or
 * output the parent left unflushed.  A child whose parent has gone (the
 * parent exited right after the fork: a daemon) carries on as the program,
 * and a child with nothing of the parent's to run (a shell's subshell)
 * ends harmlessly. */
static int exit_is_misuse(void)
{
    if (!in_child())
        return 0;
    int self = (int)sys_getpid();
    int owner = atomic_load(&st.handlers_owner);
    int inherits = (owner != 0 && owner != self) || atomic_load(&st.output_inherited) == self;
    return inherits && (int)syscall(SYS_getppid) == atomic_load(&st.forker);
}

FS_EXPORT _Noreturn void exit(int status)
{
    if (exit_is_misuse() && first_time(&st.exit_reported))
        report("forksafe: child %d called exit(); use _exit()\n", (int)sys_getpid());
    /* The children check runs in the destructor, after atexit handlers
     * (which may wait for them). */
    void (*fn)(int) = (void (*)(int))real_special(SP_exit);
    if (fn)
        fn(status);
    sys_exit_group(status);
}

__attribute__((destructor)) static void forksafe__dtor(void)
{
    /* Destructors run on exit() and on return from main(): in a forked
     * child, the latter is the same mistake. */
    if (exit_is_misuse() && first_time(&st.exit_reported))
        report("forksafe: child %d returned from main() or called exit(); use _exit()\n",
               (int)sys_getpid());
    check_children();
}

/* Exit handlers: which process registered the first one (registrations
 * by the libraries initialised before the detector do not count). */
static void note_handler(void)
{
    if (!atomic_load(&started))
        return;
    int none = 0;
    atomic_compare_exchange_strong(&st.handlers_owner, &none, (int)sys_getpid());
}

FS_EXPORT int __cxa_atexit(void (*fn)(void *), void *arg, void *dso)
{
    note_handler();
    int (*real)(void (*)(void *), void *, void *) =
        (int (*)(void (*)(void *), void *, void *))real_special(SP___cxa_atexit);
    return real ? real(fn, arg, dso) : no_real();
}

FS_EXPORT int on_exit(void (*fn)(int, void *), void *arg)
{
    note_handler();
    int (*real)(void (*)(int, void *), void *) =
        (int (*)(void (*)(int, void *), void *))real_special(SP_on_exit);
    return real ? real(fn, arg) : no_real();
}

/* _exit in a forked child is the correct way out and is not checked: the
 * intermediate child of a double fork leaves its child on purpose. */
FS_EXPORT _Noreturn void _exit(int status)
{
    if (!in_child())
        check_children();
    void (*fn)(int) = (void (*)(int))real_special(SP__exit);
    if (fn)
        fn(status);
    sys_exit_group(status);
}

FS_EXPORT _Noreturn void _Exit(int status)
{
    if (!in_child())
        check_children();
    void (*fn)(int) = (void (*)(int))real_special(SP__Exit);
    if (fn)
        fn(status);
    sys_exit_group(status);
}

/* ---- wait ------------------------------------------------------------- */

static void note_status(pid_t r, int status)
{
    if (r > 0 && (WIFEXITED(status) || WIFSIGNALED(status)))
        children_remove(r);
}

FS_EXPORT pid_t wait(int *status)
{
    int local = 0, *sp = status ? status : &local;
    pid_t (*fn)(int *) = (pid_t(*)(int *))real_special(SP_wait);
    pid_t r = fn ? fn(sp) : no_real();
    note_status(r, *sp);
    return r;
}

FS_EXPORT pid_t waitpid(pid_t pid, int *status, int options)
{
    int local = 0, *sp = status ? status : &local;
    pid_t (*fn)(pid_t, int *, int) = (pid_t(*)(pid_t, int *, int))real_special(SP_waitpid);
    pid_t r = fn ? fn(pid, sp, options) : no_real();
    note_status(r, *sp);
    return r;
}

FS_EXPORT pid_t wait3(int *status, int options, struct rusage *ru)
{
    int local = 0, *sp = status ? status : &local;
    pid_t (*fn)(int *, int, struct rusage *) =
        (pid_t(*)(int *, int, struct rusage *))real_special(SP_wait3);
    pid_t r = fn ? fn(sp, options, ru) : no_real();
    note_status(r, *sp);
    return r;
}

FS_EXPORT pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
    int local = 0, *sp = status ? status : &local;
    pid_t (*fn)(pid_t, int *, int, struct rusage *) =
        (pid_t(*)(pid_t, int *, int, struct rusage *))real_special(SP_wait4);
    pid_t r = fn ? fn(pid, sp, options, ru) : no_real();
    note_status(r, *sp);
    return r;
}

FS_EXPORT int waitid(idtype_t idtype, id_t id, siginfo_t *info, int options)
{
    siginfo_t local;
    siginfo_t *ip = info ? info : &local;
    if (!info)
        memset(&local, 0, sizeof local);
    int (*fn)(idtype_t, id_t, siginfo_t *, int) =
        (int (*)(idtype_t, id_t, siginfo_t *, int))real_special(SP_waitid);
    int r = fn ? fn(idtype, id, ip, options) : no_real();
    if (r == 0 && !(options & WNOWAIT) && ip->si_pid > 0 &&
        (ip->si_code == CLD_EXITED || ip->si_code == CLD_KILLED || ip->si_code == CLD_DUMPED))
        children_remove(ip->si_pid);
    return r;
}
