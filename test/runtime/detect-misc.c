// The other families of the data file in the child of a multithreaded
// parent: syslog, locale, time formatting, passwd/group, dlopen, pthread,
// environment.
// REQUIRES: forksafe-detect
// RUN: %cc %fs-cflags -fno-builtin %s -o %t -lpthread -ldl
// RUN: rm -f %t.log
// RUN: env LD_PRELOAD=%fs-detect FORKSAFE_LOG=%t.log %t | %FileCheck %s --check-prefix=OUT
// RUN: %FileCheck %s < %t.log

// OUT: child exit 0

// CHECK-DAG: called openlog() before exec [syslog]
// CHECK-DAG: called syslog() before exec [syslog]
// CHECK-DAG: called setlocale() before exec [locale]
// CHECK-DAG: called strerror() before exec [locale]
// CHECK-DAG: called localtime() before exec [time]
// CHECK-DAG: called gmtime_r() before exec [time]
// CHECK-DAG: called strftime() before exec [time]
// CHECK-DAG: called getpwuid() before exec [passwd]
// CHECK-DAG: called getgrgid() before exec [passwd]
// CHECK-DAG: called dlopen() before exec [dl]
// CHECK-DAG: called dlclose() before exec [dl]
// CHECK-DAG: called pthread_mutex_lock() before exec [pthread]
// CHECK-DAG: called pthread_create() before exec [pthread]
// CHECK-DAG: called pthread_join() before exec [pthread]
// CHECK-DAG: called setenv() before exec [environment]

#include "fs_test.h"

#include <dlfcn.h>
#include <grp.h>
#include <locale.h>
#include <pwd.h>
#include <syslog.h>
#include <time.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *nothing(void *arg)
{
    return arg;
}

int main(void)
{
    fs_start_threads(3);
    pid_t pid = fork();
    FS_CHECK(pid >= 0);
    if (pid == 0) {
        openlog("forksafe-test", LOG_NDELAY, LOG_USER);
        syslog(LOG_DEBUG, "forksafe test %d", 1);
        setlocale(LC_ALL, "C");
        const char *volatile e = strerror(ENOENT);
        (void)e;
        time_t now = 0;
        struct tm tm;
        char buf[64];
        strftime(buf, sizeof buf, "%Y", localtime(&now));
        gmtime_r(&now, &tm);
        struct passwd *volatile pw = getpwuid(0);
        struct group *volatile gr = getgrgid(0);
        (void)pw;
        (void)gr;
        void *h = dlopen("libm.so.6", RTLD_NOW);
        if (h)
            dlclose(h);
        pthread_mutex_lock(&mu);
        pthread_mutex_unlock(&mu);
        pthread_t t;
        if (pthread_create(&t, NULL, nothing, NULL) == 0)
            pthread_join(t, NULL);
        setenv("FORKSAFE_TEST", "1", 1);
        _exit(0);
    }
    printf("child %s\n", fs_status(fs_wait(pid)));
    fs_stop_threads();
    return 0;
}
