// Threads a library starts are threads: GLib's g_thread_try_new() (dunst's
// menu thread, here one that modifies the environment) makes the script
// child's setenv() unsafe, as pthread_create() would. A thread started and joined before the fork
// (g_thread_join) leaves none running.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: %forkcheck --disable=all --enable=child-unsafe-call %s -- -DJOINED | FileCheck %s --allow-empty --check-prefix=JOINED --implicit-check-not='{{warning|note}}:'
// JOINED-NOT: warning
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
typedef struct _GThread GThread;
GThread *g_thread_try_new(const char *name, void *(*func)(void *), void *data, void **error);
void *g_thread_join(GThread *thread);

static void *menu_thread(void *arg) {
  unsetenv("DESKTOP_STARTUP_ID");
  return arg;
}

static void start_menu(void) {
  GThread *t = g_thread_try_new("dmenu", menu_thread, NULL, NULL);
#ifdef JOINED
  g_thread_join(t);
#else
  (void)t;
#endif
}

void run_script(const char *script, const char *summary) {
  pid_t pid = fork();
  if (pid == 0) {
    setenv("DUNST_SUMMARY", strdup(summary), 1);
    execlp(script, script, (char *)NULL);
    _exit(1);
  }
  if (pid > 0)
    waitpid(pid, NULL, 0);
}

int main(int argc, char **argv) {
  start_menu();
  if (argc > 2)
    run_script(argv[1], argv[2]);
  return 0;
}
// CHECK: library-threads.c:33:5: warning: 'setenv' is not async-signal-safe and is called in the child of a multithreaded program [child-unsafe-call]
// CHECK: library-threads.c:31:15: note: child process created here
// CHECK: library-threads.c:42:3: note: another thread may be running at the fork: 'start_menu', called here, starts one
// CHECK: library-threads.c:22:16: note: 'start_menu' calls 'g_thread_try_new' here
// CHECK: library-threads.c:33:5: note: until exec or _exit
