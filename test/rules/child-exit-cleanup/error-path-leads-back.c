// A child whose only way back into the forking function is an error path
// that ends the program (w3m: the child's set_tty() fails, quit() cleans
// up, the cleanup redraws, and the redraw forks again) does not run the
// program again as a subshell does: the call that never returns (quit())
// is no way back. Its exit() after a failed exec is reported, and so is the
// quit() on the error path, which runs the parent's exit-time cleanup.
// RUN: not %forkcheck --exit-cleanup=always --threads=no --disable=all --enable=child-exit-cleanup %s | FileCheck %s --implicit-check-not='{{warning|note}}:'
#include <stdlib.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static int inline_images;
void show_image(const char *url);
static void redraw(void) {
  if (inline_images)
    show_image("frame");
}
static void discard_buffers(void) { redraw(); }
_Noreturn static void quit(int status) {
  discard_buffers();
  exit(status);
}
static void set_tty(void) {
  struct termios t;
  if (tcgetattr(0, &t) < 0 || tcsetattr(0, TCSANOW, &t) < 0)
    quit(1);
}

void show_image(const char *url) {
  pid_t pid = fork();
  if (pid == 0) {
    // CHECK: error-path-leads-back.c:38:5: warning: call to 'set_tty' reaches 'exit'
    // CHECK: error-path-leads-back.c:27:5: note: 'set_tty' calls 'quit' here
    // CHECK: error-path-leads-back.c:22:3: note: 'quit' calls 'exit' here
    // CHECK: error-path-leads-back.c:31:15: note: child process created here
    // CHECK: error-path-leads-back.c:38:5: note: use _exit() in the child
    set_tty();
    execlp("img2sixel", "img2sixel", url, (char *)NULL);
    // CHECK: error-path-leads-back.c:[[@LINE+3]]:5: warning: 'exit' in the child of fork() runs the parent's exit-time cleanup
    // CHECK: error-path-leads-back.c:31:15: note: child process created here
    // CHECK: error-path-leads-back.c:[[@LINE+1]]:5: note: use _exit() in the child
    exit(0);
  } else if (pid > 0) {
    waitpid(pid, NULL, 0);
  }
}

int main(int argc, char **argv) {
  inline_images = argc > 2;
  if (argc > 1)
    show_image(argv[1]);
  quit(0);
}
