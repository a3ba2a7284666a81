// The fork shapes the child region must understand, one function each.
// RUN: %unit %s | FileCheck %s
// CHECK: {{^}}[[#]] markers, 0 failed
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

void work(void);
void other(void);
void log_failure(void);
_Noreturn void die(const char *msg);
static int flag;

void eq_zero(void) {
  pid_t pid = fork();
  if (pid == 0) {
    work(); // child
    _exit(0);
  }
  other(); // not-child
}

void not_pid(void) {
  pid_t pid = fork();
  if (!pid) {
    work(); // child
    _exit(0);
  }
  other(); // not-child
}

void pid_true_else(void) {
  pid_t pid = fork();
  if (pid) {
    other(); // not-child
  } else {
    work(); // child
    _exit(1);
  }
}

void positive_else(void) {
  pid_t pid = fork();
  if (pid > 0) {
    other(); // not-child
  } else {
    work(); // child
    _exit(1);
  }
}

void switch_case(void) {
  pid_t pid = fork();
  switch (pid) {
  case -1:
    log_failure(); // not-child
    return;
  case 0:
    work(); // child
    _exit(0);
  default:
    other(); // not-child
    break;
  }
}

void switch_default_child(void) {
  switch (fork()) {
  case -1:
    log_failure(); // not-child
    break;
  default:
    other(); // not-child
    break;
  case 0:
    work(); // child
  }
}

void assign_in_condition(void) {
  pid_t pid;
  if ((pid = fork()) == 0) {
    work(); // child
    _exit(0);
  }
  other(); // not-child
}

void call_in_condition(void) {
  if (fork() == 0) {
    work(); // child
    _exit(0);
  }
  other(); // not-child
}

void early_return(void) {
  pid_t pid = fork();
  if (pid != 0)
    return;
  work(); // child
  _exit(0);
}

void failure_first(void) {
  pid_t pid = fork();
  if (pid < 0) {
    log_failure(); // not-child
    return;
  }
  if (pid == 0) {
    work(); // child
    _exit(0);
  }
  other(); // not-child
}

void with_goto(void) {
  pid_t pid = fork();
  if (pid == -1)
    goto fail;
  if (pid == 0)
    goto child;
  other(); // not-child
  return;
child:
  work(); // child
  _exit(0);
fail:
  log_failure(); // not-child
}

void child_continues_after_if(void) {
  pid_t pid = fork();
  if (pid == 0)
    work(); // child
  other(); // child
}

void child_loop(void) {
  pid_t pid = fork();
  if (pid == 0) {
    for (int i = 0; i < 3; i++)
      work(); // child
    while (flag)
      work(); // child
    _exit(0);
  }
  other(); // not-child
}

void noreturn_program_function(void) {
  pid_t pid = fork();
  if (pid == 0)
    die("child"); // child
  other(); // not-child
}

static void leave(int code) { _exit(code); }

void noreturn_by_analysis(void) {
  pid_t pid = fork();
  if (pid == 0) {
    work(); // child
    leave(1);
  }
  other(); // not-child
}

void exec_can_fail(void) {
  pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/true", "true", (char *)0);
    work(); // child
    _exit(127);
  }
  other(); // not-child
}

void and_condition(void) {
  pid_t pid = fork();
  if (pid == 0 && flag) {
    work(); // child
    _exit(0);
  }
  other(); // child
}

void retry_loop(void) {
  pid_t pid;
  while ((pid = fork()) == -1)
    log_failure(); // not-child
  if (pid == 0) {
    work(); // child
    _exit(0);
  }
  other(); // not-child
}

void forks_in_loop(void) {
  for (int i = 0; i < 4; i++) {
    pid_t pid = fork();
    if (pid == 0) {
      work(); // child
      _exit(0);
    }
    other(); // not-child
  }
}

pid_t spawn(void) { // fork-source
  pid_t pid = fork();
  if (pid < 0)
    die("fork");
  return pid;
}

pid_t spawn2(void) { return spawn(); } // fork-source

void through_wrappers(void) {
  pid_t pid = spawn2();
  if (pid == 0) {
    work(); // child
    _exit(0);
  }
  other(); // not-child
}

pid_t run_child(void) {
  pid_t pid = fork();
  if (pid == 0) {
    work(); // child
    _exit(0);
  }
  return pid;
}

void not_a_wrapper(void) {
  pid_t pid = run_child();
  other(); // not-child
  (void)pid;
}

void daemonize(void) {
  pid_t pid = fork(); // parent-exits
  if (pid < 0)
    exit(1);
  if (pid > 0)
    exit(0);
  work(); // child
}

void with_daemon(void) {
  if (daemon(0, 0) < 0)
    exit(1);
  work(); // child
}

void reassigned(void) {
  pid_t pid = fork();
  if (pid == 0) {
    work(); // child
    _exit(0);
  }
  pid = 0;
  if (pid == 0)
    other(); // not-child
}

struct child {
  pid_t pid;
};

void member_result(struct child *cmd) {
  cmd->pid = fork();
  if (!cmd->pid) {
    work(); // child
    _exit(0);
  }
  other(); // not-child
}

void pointee_result(pid_t *pid) {
  *pid = fork();
  if (*pid == 0) {
    work(); // child
    _exit(0);
  }
  other(); // not-child
}

#define check(e) ((e) ? (void)0 : die("check failed"))
#define likely(x) __builtin_expect(!!(x), 1)

static int fail(const char *msg) { die(msg); }

static int careful_setup(int fd) {
  check(fd >= 0);
  return fd > 2 || fail("low fd");
}

void assert_in_child(void) {
  pid_t pid = fork();
  if (likely(pid == 0)) {
    careful_setup(3);
    work(); // child
    _exit(0);
  }
  other(); // not-child
}
