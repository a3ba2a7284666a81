#!/usr/bin/env python3
"""Generates the programs the link is timed on, with a compile_commands.json:

  gen.py chain OUTDIR N   one file, a chain of N functions each defined after
                          its caller (f0 calls f1, ... the last calls exit()),
                          reached from a forked child in main through a
                          pointer: that none of them returns climbs the chain
  gen.py tus OUTDIR N [F] N files of F functions (default 1), each calling
                          the next: one chain across all the files
  gen.py pyblocks OUTDIR N  one Python extension file whose function forks
                          between PyOS_BeforeFork() and the after-fork calls
                          and then runs N tests (some 2N blocks) in the
                          parent: python-fork-pairing's path states per block
"""
import json
import os
import sys

kind, out, n = sys.argv[1], os.path.abspath(sys.argv[2]), int(sys.argv[3])
per_file = int(sys.argv[4]) if len(sys.argv) > 4 else 1
os.makedirs(out, exist_ok=True)
HEAD = "#include <stdlib.h>\n#include <unistd.h>\n"


def chain():
    lines = [HEAD, "void f0(int);", "static void (*hook)(int);"]
    lines.append("int main(void) {\n  hook = f0;\n  if (fork() == 0)\n    hook(1);\n  return 0;\n}")
    for i in range(n - 1):
        lines.append(f"void f{i + 1}(int);\nvoid f{i}(int d) {{ f{i + 1}(d); }}")
    lines.append(f"void f{n - 1}(int d) {{ exit(d); }}")
    path = os.path.join(out, "chain.c")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return [path]


def name(i, k):
    return f"s{i}" if per_file == 1 else f"s{i}_{k}"


def tus():
    files = []
    for i in range(n):
        text = HEAD + f"void {name(i + 1, 0)}(int);\n"
        for k in range(per_file):
            last = k == per_file - 1
            body = "exit(d);" if last and i == n - 1 else \
                f"{name(i + 1, 0) if last else name(i, k + 1)}(d);"
            if not last:
                text += f"void {name(i, k + 1)}(int);\n"
            text += f"void {name(i, k)}(int d) {{ {body} }}\n"
        if i == 0:
            text += f"int main(void) {{\n  if (fork() == 0)\n    {name(0, 0)}(1);\n  return 0;\n}}\n"
        path = os.path.join(out, f"t{i}.c")
        with open(path, "w") as f:
            f.write(text)
        files.append(path)
    return files


def pyblocks():
    lines = ["#include <Python.h>", "#include <unistd.h>",
             "pid_t spawn(int *v) {", "  PyOS_BeforeFork();", "  pid_t pid = fork();",
             "  if (pid == 0) {", "    PyOS_AfterFork_Child();", "    _exit(0);", "  }",
             "  PyOS_AfterFork_Parent();"]
    lines += [f"  if (v[{i}])\n    v[{i + 1}]++;" for i in range(n)]
    lines += ["  return pid;", "}"]
    path = os.path.join(out, "pyblocks.c")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return [path]


files = {"chain": chain, "tus": tus, "pyblocks": pyblocks}[kind]()
db = [{"directory": out, "file": p, "arguments": ["cc", "-c", p]} for p in files]
with open(os.path.join(out, "compile_commands.json"), "w") as f:
    json.dump(db, f)
