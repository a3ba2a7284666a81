// C++: std::thread starts a thread like pthread_create.
// RUN: not %forkcheck --profile=posix --disable=all --enable=child-unsafe-call %s -- -std=c++17 -pthread | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <cstdio>
#include <thread>
#include <unistd.h>

int main() {
  std::thread t([] {});
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: cxx-thread.cpp:[[@LINE+4]]:5: warning: 'printf' is not async-signal-safe
    // CHECK: cxx-thread.cpp:9:15: note: child process created here
    // CHECK: cxx-thread.cpp:8:15: note: another thread may be running at the fork: 'std::thread::thread' starts one here
    // CHECK: cxx-thread.cpp:15:5: note: until exec or _exit, call only async-signal-safe functions: prepare everything before fork() (forksafe_spawn() does it in one call, forksafe_log() writes without allocating); confirm at run time with LD_PRELOAD=libforksafe-detect.so
    std::printf("child\n");
    _exit(0);
  }
  t.join();
  return 0;
}
