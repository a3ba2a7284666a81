// Calls through function pointers run the functions whose address flows
// into the pointer: a global hook, a struct field initialised or assigned,
// a parameter at the call sites. A child that ends in such a call ends
// there when every target never returns; what a target reaches is reached
// through the call, said in a note.
// RUN: not %forkcheck --disable=all --enable=child-fallthrough --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <unistd.h>

/* A global hook set once. */
static void (*die_hook)(int);
static void server_die(int code) { exit(code); }
void install(void) { die_hook = server_die; }

void hooked_child(void) {
  pid_t pid = fork();
  if (pid == 0)
    // CHECK: pointers.c:[[@LINE+6]]:5: warning: call to 'die_hook' reaches 'exit', {{.*}} [child-exit-cleanup]
    // CHECK: pointers.c:[[@LINE+5]]:5: note: 'die_hook' may call 'server_die' here
    // CHECK: pointers.c:[[@LINE-8]]:36: note: 'server_die' calls 'exit' here
    // CHECK: pointers.c:[[@LINE-5]]:15: note: child process created here
    // CHECK: pointers.c:{{[0-9]+}}:{{[0-9]+}}: note: the program registers 'remove_pidfile' with atexit() here, and the child inherits it
    // CHECK: pointers.c:[[@LINE+1]]:5: note: use _exit() in the child
    die_hook(1);
}

/* A struct field, designated in an initializer and assigned. */
struct plugin {
  const char *name;
  void (*post_fork)(void);
  void (*finish)(void);
};
static void py_post_fork(void) { _exit(0); }
static void py_finish(void) {}
static void lua_finish(void) {}
static struct plugin python_plugin = {.name = "python", .post_fork = py_post_fork};

void plugin_child(struct plugin *p) {
  p->finish = lua_finish;
  if (fork() == 0)
    p->post_fork(); /* every target ends the process: no fall-through */
}

void plugin_finish_child(struct plugin *p) {
  python_plugin.finish = py_finish;
  // CHECK: pointers.c:[[@LINE+3]]:7: warning: the child of this fork leaves its branch {{.*}} [child-fallthrough]
  // CHECK: pointers.c:[[@LINE+3]]:5: note: the child leaves its branch here
  // CHECK: pointers.c:[[@LINE+1]]:7: note: end every path of the child with _exit() (after a failed exec too)
  if (fork() == 0)
    p->finish(); /* py_finish and lua_finish return */
}

/* A parameter: the functions passed at the call sites. */
static void job_main(void *arg) { (void)arg; _exit(0); }
static void job_returns(void *arg) { (void)arg; }

static void run_in_child(void (*fn)(void *), void *arg) {
  if (fork() == 0)
    fn(arg); /* only job_main is passed here */
}

static void run_returning(void (*fn)(void *), void *arg) {
  // CHECK: pointers.c:[[@LINE+3]]:7: warning: the child of this fork leaves its branch {{.*}} [child-fallthrough]
  // CHECK: pointers.c:[[@LINE+3]]:5: note: the child leaves its branch here
  // CHECK: pointers.c:[[@LINE+1]]:7: note: end every path of the child with _exit() (after a failed exec too)
  if (fork() == 0)
    fn(arg);
}

void jobs(void) {
  run_in_child(job_main, 0);
  run_returning(job_returns, 0);
}

/* Exit-time work of the program, which a child's exit() runs again. */
static void remove_pidfile(void) { unlink("/run/server.pid"); }
void setup(void) { atexit(remove_pidfile); }
