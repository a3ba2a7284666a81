#!/usr/bin/env python3
"""gen-parser-crashes.py DIR: small files on which libclang 19 overflows the
stack of its parse thread (and crashes), from issue 13."""
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
files = {
    "unary.c": "int f(int x) { return " + "!" * 5000 + "x; }\n",
    "elseif.c": "int f(int x) {\n  if (x == 0) return 0;\n"
    + "".join(f"  else if (x == {i}) return {i};\n" for i in range(1, 5500))
    + "  return -1;\n}\n",
    "labels.c": "void g(void) {\n" + "".join(f"l{i}:\n" for i in range(10000)) + "  ;\n}\n",
}
for name, text in files.items():
    with open(os.path.join(out, name), "w") as f:
        f.write(text)
