// Correct children of a multithreaded parent produce no report: only
// async-signal-safe calls, then every exec variant (or a failed exec and
// _exit), vfork + exec, plain _exit.
// REQUIRES: forksafe-detect
// RUN: %cc %fs-cflags %s -o %t -lpthread
// RUN: env LD_PRELOAD=%fs-detect %t > %t.out 2> %t.err
// RUN: count 0 < %t.err
// RUN: %FileCheck %s < %t.out

// CHECK: execve: exit 0
// CHECK-NEXT: execv: exit 0
// CHECK-NEXT: execvp: exit 0
// CHECK-NEXT: execvpe: exit 0
// CHECK-NEXT: execl: exit 0
// CHECK-NEXT: execlp: exit 0
// CHECK-NEXT: execle: exit 0
// CHECK-NEXT: fexecve: exit 0
// CHECK-NEXT: execveat: exit 0
// CHECK-NEXT: vfork: exit 0
// CHECK-NEXT: exec failure: exit 127
// CHECK-NEXT: execvp failure: exit 127
// CHECK-NEXT: _exit: exit 7
// CHECK-NEXT: done

#include "fs_test.h"

#include <fcntl.h>

extern char **environ;

static void child_prologue(void)
{
    /* A selection of async-signal-safe calls. */
    int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    FS_CHECK(fd >= 0);
    FS_CHECK(dup2(fd, 1) == 1);
    close(fd);
    static const char msg[] = "in the child\n";
    FS_CHECK(write(1, msg, sizeof msg - 1) == (ssize_t)(sizeof msg - 1));
    sigset_t set;
    sigemptyset(&set);
    sigprocmask(SIG_SETMASK, &set, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigaction(SIGPIPE, &sa, NULL);
    (void)getpid();
    (void)getppid();
}

static void run(const char *name, int variant)
{
    char *argv[] = {"true", NULL};
    pid_t pid = variant == 9 ? vfork() : fork();
    FS_CHECK(pid >= 0);
    if (pid == 0) {
        if (variant != 9)
            child_prologue();
        switch (variant) {
        case 0: execve("/bin/true", argv, environ); break;
        case 1: execv("/bin/true", argv); break;
        case 2: execvp("true", argv); break;
        case 3: execvpe("true", argv, environ); break;
        case 4: execl("/bin/true", "true", (char *)NULL); break;
        case 5: execlp("true", "true", (char *)NULL); break;
        case 6: execle("/bin/true", "true", (char *)NULL, environ); break;
        case 7: {
            int fd = open("/bin/true", O_RDONLY); /* no O_CLOEXEC: fexecve of an ELF */
            if (fd >= 0)
                fexecve(fd, argv, environ);
            break;
        }
        case 8: execveat(AT_FDCWD, "/bin/true", argv, environ, 0); break;
        case 9: execve("/bin/true", argv, environ); break;
        case 10: execve("/nonexistent/forksafe", argv, environ); break;
        case 11: execvp("forksafe-no-such-program", argv); break;
        case 12: _exit(7);
        }
        _exit(127);
    }
    printf("%s: %s\n", name, fs_status(fs_wait(pid)));
}

int main(void)
{
    fs_start_threads(2);
    static const char *const names[] = {
        "execve", "execv",  "execvp", "execvpe", "execl",        "execlp",         "execle",
        "fexecve", "execveat", "vfork", "exec failure", "execvp failure", "_exit"};
    for (int i = 0; i < 13; i++)
        run(names[i], i);
    fs_stop_threads();
    printf("done\n");
    return 0;
}
