// C++: std::thread starts a thread like pthread_create.
// RUN: not %forkcheck --disable=all --enable=child-unsafe-call %s -- -std=c++17 -pthread | FileCheck %s --implicit-check-not=warning:
#include <cstdio>
#include <thread>
#include <unistd.h>

int main() {
  std::thread t([] {});
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: cxx-thread.cpp:[[@LINE+2]]:5: warning: 'printf' is not async-signal-safe
    // CHECK: cxx-thread.cpp:8:15: note: another thread may be running at the fork: 'std::thread::thread' starts one here
    std::printf("child\n");
    _exit(0);
  }
  t.join();
  return 0;
}
