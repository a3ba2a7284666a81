// Fork hooks of plugins, called through pointers in a loop over the plugins,
// each behind a NULL test: every plugin's hook runs once, so the loop is not
// a second call, and a path that found the pointer NULL is not a missing
// call. Judged: the process where no path makes the after-fork call through
// the pointer at all (here, the failed fork).
// RUN: not %forkcheck --disable=all --enable=python-fork-pairing %s -- -I%python_include | FileCheck %s --implicit-check-not='{{warning|note}}:'
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdio.h>
#include <unistd.h>

struct plugin {
  const char *name;
  void (*pre_fork)(void);
  void (*post_fork)(int in_child);
};

static int fork_hooks, threads;

static void python_pre_fork(void) {
  if (fork_hooks && threads)
    PyOS_BeforeFork();
}

static void python_post_fork(int in_child) {
  if (!fork_hooks || !threads)
    return;
  if (in_child)
    PyOS_AfterFork_Child();
  else
    PyOS_AfterFork_Parent();
}

static void log_post_fork(int in_child) { fprintf(stderr, "forked (%d)\n", in_child); }

static struct plugin python_plugin = {"python", python_pre_fork, python_post_fork};
static struct plugin log_plugin = {"log", NULL, log_post_fork};
static struct plugin *plugins[] = {&python_plugin, &log_plugin};
enum { N_PLUGINS = sizeof plugins / sizeof plugins[0] };

static void run_pre_fork(void) {
  for (int i = 0; i < N_PLUGINS; i++)
    if (plugins[i]->pre_fork)
      plugins[i]->pre_fork();
}

static void run_post_fork(int in_child) {
  for (int i = 0; i < N_PLUGINS; i++)
    if (plugins[i]->post_fork)
      plugins[i]->post_fork(in_child);
}

// Every process runs the hooks: not reported.
int spawn_worker(void) {
  for (int i = 0; i < N_PLUGINS; i++)
    if (plugins[i]->pre_fork)
      plugins[i]->pre_fork();
  pid_t pid = fork();
  for (int i = 0; i < N_PLUGINS; i++)
    if (plugins[i]->post_fork)
      plugins[i]->post_fork(pid == 0);
  if (pid == 0)
    return 1;
  return pid < 0 ? -1 : 0;
}

// The failed fork leaves without the parent's hooks.
// CHECK: plugin-hooks.c:[[@LINE+8]]:15: warning: PyOS_BeforeFork() before this fork is not matched by PyOS_AfterFork_Parent() when fork() fails [python-fork-pairing]
// CHECK: plugin-hooks.c:[[@LINE+6]]:7: note: 'pre_fork', which calls PyOS_BeforeFork(), is called here
// CHECK: plugin-hooks.c:[[@LINE+5]]:7: note: 'pre_fork' may call 'python_pre_fork' here
// CHECK: plugin-hooks.c:22:5: note: 'python_pre_fork' calls 'PyOS_BeforeFork' here
int respawn_worker(void) {
  for (int i = 0; i < N_PLUGINS; i++)
    if (plugins[i]->pre_fork)
      plugins[i]->pre_fork();
  pid_t pid = fork();
  if (pid == 0) {
    for (int i = 0; i < N_PLUGINS; i++)
      if (plugins[i]->post_fork)
        plugins[i]->post_fork(1);
    return 1;
  }
  if (pid < 0) {
    perror("fork");
    return -1;
    // CHECK: plugin-hooks.c:[[@LINE-1]]:5: note: 'respawn_worker' returns here when fork() fails without calling PyOS_AfterFork_Parent()
    // CHECK: plugin-hooks.c:[[@LINE-11]]:15: note: call PyOS_AfterFork_Parent() in the parent right after fork(), also when it returned -1
  }
  for (int i = 0; i < N_PLUGINS; i++)
    if (plugins[i]->post_fork)
      plugins[i]->post_fork(0);
  return 0;
}

// The hooks through helpers that loop over the plugins: not reported.
int spawn_with_helpers(void) {
  run_pre_fork();
  pid_t pid = fork();
  run_post_fork(pid == 0);
  return pid;
}

// A caller runs the pre-fork hooks too (for a fork of its own, elsewhere):
// respawn_worker's BeforeFork may come from its callers, and its own loop
// over the hooks is still judged as plugin hooks (the failed fork above, and
// nothing else). respawn_worker() tells the child from the parent, so its
// call here is a fork too; the other branch's BeforeFork cannot reach it and
// is not its BeforeFork.
void master_cycle(int spawn_now) {
  if (spawn_now)
    respawn_worker();
  else
    run_pre_fork();
}

// A spooler forked with the plugins' hooks paired around its own fork.
int start_spooler(void) {
  run_pre_fork();
  pid_t pid = fork();
  run_post_fork(pid == 0);
  if (pid == 0)
    _exit(0);
  return pid;
}

// The master loop: start_spooler() makes its hooks for its own fork, not for
// the worker's fork that follows, so neither its BeforeFork on the error
// return nor its child's reset counts here.
int master_loop(void) {
  for (;;) {
    if (start_spooler() < 0)
      return -1;
    if (respawn_worker() == 1)
      return 1;
  }
}

// The same respawn with a test after the fork that nothing tracks: the path
// that found a pre-fork pointer NULL is not a conditional BeforeFork, so the
// failed fork is still judged, and the after-fork calls through the pointers
// on that path are not unmatched.
static int verbose;
// CHECK: plugin-hooks.c:[[@LINE+8]]:15: warning: PyOS_BeforeFork() before this fork is not matched by PyOS_AfterFork_Parent() when fork() fails [python-fork-pairing]
// CHECK: plugin-hooks.c:[[@LINE+6]]:7: note: 'pre_fork', which calls PyOS_BeforeFork(), is called here
// CHECK: plugin-hooks.c:[[@LINE+5]]:7: note: 'pre_fork' may call 'python_pre_fork' here
// CHECK: plugin-hooks.c:22:5: note: 'python_pre_fork' calls 'PyOS_BeforeFork' here
int respawn_logged(void) {
  for (int i = 0; i < N_PLUGINS; i++)
    if (plugins[i]->pre_fork)
      plugins[i]->pre_fork();
  pid_t pid = fork();
  if (pid == 0) {
    for (int i = 0; i < N_PLUGINS; i++)
      if (plugins[i]->post_fork)
        plugins[i]->post_fork(1);
  } else if (pid > 0) {
    for (int i = 0; i < N_PLUGINS; i++)
      if (plugins[i]->post_fork)
        plugins[i]->post_fork(0);
  }
  if (verbose)
    fprintf(stderr, "respawned\n");
  return pid == 0;
  // CHECK: plugin-hooks.c:[[@LINE-1]]:3: note: 'respawn_logged' returns here when fork() fails without calling PyOS_AfterFork_Parent()
  // CHECK: plugin-hooks.c:[[@LINE-14]]:15: note: call PyOS_AfterFork_Parent() in the parent right after fork()
}
