// A call in the child that reaches several unsafe functions names every one
// of them, and gives a chain of notes down to each of the first three (the
// nearest first after the first chain found); --max-chains=N (MaxChains in
// .forkcheck) changes the bound, 0 shows every chain. JSON marks which chain
// each step belongs to. A call that reaches
// only one unsafe function is worded as before.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call --max-chains=1 %s -- -pthread | FileCheck %s --check-prefix=ONE --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call --max-chains=0 %s -- -pthread | FileCheck %s --check-prefix=ALL --implicit-check-not='{{warning|note}}:'
// RUN: rm -rf %t && mkdir %t && cp %s %t/all-chains.c && printf 'MaxChains: 1\n' > %t/.forkcheck
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %t/all-chains.c -- -pthread | FileCheck %s --check-prefix=ONE --implicit-check-not='{{warning|note}}:'
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call --format=json %s -- -pthread | FileCheck %s --check-prefix=JSON
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void *worker(void *arg) { return arg; }

static void note_start(const char *what) {
  fprintf(stderr, "starting %s\n", what);
}

static char *copy_name(const char *s) { return strdup(s); }

static void prepare(const char *dir) {
  char *buf = malloc(64);
  DIR *d = opendir(dir);
  note_start(dir);
  (void)copy_name(dir);
  (void)buf;
  (void)d;
}

static void close_all(void) { close(3); }

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pid_t pid = fork();
  if (pid < 0)
    return 1;
  if (pid == 0) {
    close_all();
    prepare(argc > 1 ? argv[1] : ".");
    execv(argv[0], argv);
    _exit(127);
  }
  waitpid(pid, NULL, 0);
  return 0;
}

// CHECK: all-chains.c:48:5: warning: call to 'prepare' reaches 'malloc', 'opendir', 'fprintf' and 1 more, which are not async-signal-safe, in the child of a multithreaded program [child-unsafe-call]
// CHECK-NEXT: {{^}}    prepare(argc > 1 ? argv[1] : ".");
// CHECK: all-chains.c:30:15: note: 'prepare' calls 'malloc' here
// CHECK: all-chains.c:31:12: note: 'prepare' calls 'opendir' here
// CHECK: all-chains.c:32:3: note: 'prepare' calls 'note_start' here
// CHECK: all-chains.c:24:3: note: 'note_start' calls 'fprintf' here
// CHECK: all-chains.c:43:15: note: child process created here
// CHECK: all-chains.c:42:3: note: another thread may be running at the fork: 'pthread_create' starts one here
// CHECK: all-chains.c:48:5: note: until exec or _exit

// ONE: all-chains.c:48:5: warning: call to 'prepare' reaches 'malloc' and 3 more, which are not async-signal-safe, in the child of a multithreaded program [child-unsafe-call]
// ONE: all-chains.c:30:15: note: 'prepare' calls 'malloc' here
// ONE: note: child process created here
// ONE: note: another thread may be running at the fork
// ONE: note: until exec or _exit

// ALL: all-chains.c:48:5: warning: call to 'prepare' reaches 'malloc', 'opendir', 'fprintf' and 'strdup', which are not async-signal-safe, in the child of a multithreaded program [child-unsafe-call]
// ALL: all-chains.c:30:15: note: 'prepare' calls 'malloc' here
// ALL: all-chains.c:31:12: note: 'prepare' calls 'opendir' here
// ALL: all-chains.c:32:3: note: 'prepare' calls 'note_start' here
// ALL: all-chains.c:24:3: note: 'note_start' calls 'fprintf' here
// ALL: all-chains.c:33:9: note: 'prepare' calls 'copy_name' here
// ALL: all-chains.c:27:48: note: 'copy_name' calls 'strdup' here
// ALL: note: child process created here
// ALL: note: another thread may be running at the fork
// ALL: note: until exec or _exit

// JSON: "message": "call to 'prepare' reaches 'malloc', 'opendir', 'fprintf' and 1 more,
// JSON: "message": "'prepare' calls 'malloc' here",
// JSON-NEXT: "chain": 0
// JSON: "message": "'prepare' calls 'opendir' here",
// JSON-NEXT: "chain": 1
// JSON: "message": "'prepare' calls 'note_start' here",
// JSON-NEXT: "chain": 2
// JSON: "message": "'note_start' calls 'fprintf' here",
// JSON-NEXT: "chain": 2
// JSON: "message": "child process created here"
// JSON-NOT: "chain"
// JSON: ]
