#!/usr/bin/env python3
"""Generates a synthetic C program for benchmarking: N translation units that
call each other in chains, start threads, fork, and run careful and careless
children, with a compile_commands.json beside them.

usage: gen-project.py OUTDIR [N]     (N translation units, default 200)
"""
import json
import os
import sys

out = os.path.abspath(sys.argv[1])
n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
os.makedirs(out, exist_ok=True)

HEADER = """#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
"""

def unit(i):
    nxt = (i + 1) % n
    return HEADER + f"""
int step_{nxt}(int depth);
static void *worker_{i}(void *arg) {{ return arg; }}

static int helper_{i}(const char *s) {{
  char buf[64];
  snprintf(buf, sizeof buf, "%s-{i}", s);
  return (int)strlen(buf);
}}

int step_{i}(int depth) {{
  if (depth <= 0)
    return helper_{i}("leaf");
  return step_{nxt}(depth - 1) + {i % 7};
}}

static int careful_{i}(int fd, char *const argv[], char *const envp[]) {{
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {{
    if (dup2(fd, 1) < 0)
      _exit(126);
    close(fd);
    execve(argv[0], argv, envp);
    _exit(127);
  }}
  int status;
  while (waitpid(pid, &status, 0) < 0)
    ;
  return status;
}}

int run_{i}(int argc, char **argv, char **envp) {{
  pthread_t t;
  if ({i} % 3 == 0)
    pthread_create(&t, NULL, worker_{i}, NULL);
  int rc = careful_{i}(1, argv, envp);
  pid_t pid = fork();
  if (pid == 0) {{
    int v = step_{nxt}(argc % 5);
    printf("child {i}: %d\\n", v);
    exit(v);
  }}
  for (int k = 0; k < argc; k++) {{
    switch (k % 4) {{
    case 0: rc += helper_{i}(argv[k]); break;
    case 1: rc -= step_{i}(k); break;
    default: rc ^= k;
    }}
  }}
  waitpid(pid, NULL, 0);
  return rc;
}}
"""

entries = []
for i in range(n):
    path = os.path.join(out, f"unit{i:04d}.c")
    with open(path, "w") as f:
        f.write(unit(i))
    entries.append({"directory": out, "file": path,
                    "arguments": ["cc", "-O2", "-pthread", "-c", path, "-o", path + ".o"]})
main = os.path.join(out, "main.c")
with open(main, "w") as f:
    f.write(HEADER + "int run_0(int, char **, char **);\n"
            "int main(int argc, char **argv, char **envp) { return run_0(argc, argv, envp); }\n")
entries.append({"directory": out, "file": main,
                "arguments": ["cc", "-O2", "-pthread", "-c", main, "-o", main + ".o"]})
with open(os.path.join(out, "compile_commands.json"), "w") as f:
    json.dump(entries, f, indent=1)
print(f"{n + 1} translation units in {out}")
