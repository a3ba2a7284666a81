// C++: a static object with a destructor registers it through
// __cxa_atexit; exit() in a forked child runs the parent's destructor and
// is reported.  _exit() is not.
// REQUIRES: forksafe-detect
// RUN: %clang --driver-mode=g++ -g %s -o %t
// RUN: env LD_PRELOAD=%fs-detect timeout 60 %t exit > %t.out 2>&1
// RUN: %FileCheck %s --check-prefix=EXIT < %t.out --implicit-check-not=forksafe:
// RUN: env LD_PRELOAD=%fs-detect timeout 60 %t _exit > %t.out 2>&1
// RUN: %FileCheck %s --check-prefix=UEXIT < %t.out --implicit-check-not=forksafe:

// EXIT: forksafe: child [[PID:[0-9]+]] called exit(); use _exit()
// EXIT-NEXT: destructor in [[PID]]
// EXIT-NEXT: child [[PID]] exit 3
// UEXIT: child {{[0-9]+}} exit 4

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/wait.h>
#include <unistd.h>

struct Registry {
  ~Registry() { std::printf("destructor in %d\n", (int)getpid()); }
};
static Registry registry;

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  pid_t pid = fork();
  if (pid == 0) {
    if (std::strcmp(argv[1], "exit") == 0)
      std::exit(3);
    _exit(4);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  std::printf("child %d exit %d\n", (int)pid, WEXITSTATUS(status));
  std::fflush(stdout);
  _exit(0);
}
