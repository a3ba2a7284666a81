// Reports never go into a file the program opened: a daemon that closes
// fds 0-2 and opens a data file, which lands on fd 2, keeps its data intact;
// the report goes to the stderr the program started with (duplicated at
// load), or to FORKSAFE_LOG.  A program that puts its data file on every
// descriptor (the duplicate's number too) gets no report at all rather than
// a corrupted file.
// REQUIRES: forksafe-detect
// RUN: %cc %fs-cflags %s -o %t -lpthread
// RUN: rm -f %t.data %t.log
// RUN: env LD_PRELOAD=%fs-detect timeout 60 %t %t.data reopen 2> %t.err
// RUN: %FileCheck %s --check-prefix=DATA --match-full-lines --implicit-check-not={{.}} < %t.data
// RUN: %FileCheck %s --check-prefix=REPORT --implicit-check-not=forksafe: < %t.err
// RUN: rm -f %t.data
// RUN: env LD_PRELOAD=%fs-detect FORKSAFE_LOG=%t.log timeout 60 %t %t.data reopen 2> %t.err
// RUN: %FileCheck %s --check-prefix=DATA --match-full-lines --implicit-check-not={{.}} < %t.data
// RUN: %FileCheck %s --check-prefix=REPORT --implicit-check-not=forksafe: < %t.log
// RUN: count 0 < %t.err
// RUN: rm -f %t.data
// RUN: env LD_PRELOAD=%fs-detect timeout 60 %t %t.data fill 2> %t.err
// RUN: %FileCheck %s --check-prefix=DATA --match-full-lines --implicit-check-not={{.}} < %t.data
// RUN: count 0 < %t.err

// DATA: data 1
// DATA-NEXT: data 2
// REPORT: forksafe: child {{[0-9]+}} of a multithreaded parent (2 threads at fork) called malloc() before exec [allocator]

#include "fs_test.h"

#include <fcntl.h>

static void *sleeper(void *arg)
{
    for (;;)
        pause();
    return arg;
}

static void put(int fd, const char *s)
{
    FS_CHECK(write(fd, s, strlen(s)) == (ssize_t)strlen(s));
}

int main(int argc, char **argv)
{
    FS_CHECK(argc == 3);
    close(0);
    close(1);
    close(2);
    FS_CHECK(open("/dev/null", O_RDONLY) == 0);
    FS_CHECK(open("/dev/null", O_WRONLY) == 1);
    int data = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    FS_CHECK(data == 2);
    if (strcmp(argv[2], "fill") == 0)
        for (int fd = 3; fd < 1024; fd++)
            dup2(data, fd);
    put(data, "data 1\n");
    pthread_t t;
    FS_CHECK(pthread_create(&t, NULL, sleeper, NULL) == 0);
    pid_t pid = fork();
    FS_CHECK(pid >= 0);
    if (pid == 0) {
        void *volatile p = malloc(16);
        (void)p;
        _exit(0);
    }
    FS_CHECK(WIFEXITED(fs_wait(pid)));
    put(data, "data 2\n");
    _exit(0);
}
