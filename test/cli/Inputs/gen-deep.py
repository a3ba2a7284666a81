#!/usr/bin/env python3
"""Writes deeply nested C files into DIR, each with an unsafe call in a fork
child that sits as deep as the nesting goes."""
import os
import sys

out = sys.argv[1]
head = ("#include <stdlib.h>\n#include <unistd.h>\nint g;\nint main(void) {\n"
        "  pid_t pid = fork();\n  if (pid != 0)\n    return 0;\n")
tail = "  _exit(0);\n}\n"


def write(name, body):
    with open(os.path.join(out, name), "w") as f:
        f.write(head + body + tail)


# An else-if chain longer than the old depth guard (400), malloc in its last branch.
chain = "  if (g == -1)\n    g = 0;\n"
chain += "".join(f"  else if (g == {i})\n    g += 1;\n" for i in range(450))
write("chain.c", chain + "  else\n    malloc(1);\n")
# malloc as the innermost operand of a 3000-term sum (nested to the left).
write("sum.c", "  g = (int)(long)malloc(1) + " + " + ".join(["g"] * 3000) + ";\n")
# malloc under 1500 logical negations in a condition.
write("not.c", "  if (" + "!" * 1500 + "(malloc(2) != 0))\n    g = 1;\n")
# 40000 levels, about as deep as libclang parses a sum.
write("longsum.c", "  g = (int)(long)malloc(1) + " + " + ".join(["g"] * 40000) + ";\n")
# Deeper than the walk goes (50000 levels): reported, not dropped silently.
write("toodeep.c", "  g = (int)(long)malloc(1) + " + " + ".join(["g"] * 55000) + ";\n")
