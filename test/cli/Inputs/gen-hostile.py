#!/usr/bin/env python3
"""Writes hostile inputs for forkcheck into DIR."""
import os
import sys

out = sys.argv[1]

def write(name, text):
    with open(os.path.join(out, name), "w") as f:
        f.write(text)

# Nesting as deep as clang accepts (256 brackets), a 3000-long else-if chain
# (nested statements without brackets), then a finding after them.
chain = "".join(f"  else if (g == {i}) g += {i % 5};\n" for i in range(3000))
write("deep.c", "#include <stdio.h>\n#include <unistd.h>\nint g;\nint main(void) {\n"
      "  pid_t pid = fork();\n  if (pid != 0) return 0;\n"
      + "  " + "{" * 250 + "g++;" + "}" * 250 + "\n"
      + "  g = " + "(" * 250 + "1" + ")" * 250 + ";\n"
      + "  if (g < 0) g = 0;\n" + chain
      + "  puts(\"child\");\n  _exit(0);\n}\n")
# Deeper than clang accepts: an error, not a crash.
write("toodeep.c", "int main(void) {" + "{" * 3000 + "}" * 3000 + "return 0; }\n")
# A function with thousands of branches and labels.
body = "".join(f"  if (g == {i}) goto l{i};\n  l{i}: g++;\n" for i in range(4000))
write("wide.c", "#include <stdio.h>\n#include <unistd.h>\nint g;\nint main(void) {\n"
      "  pid_t pid = fork();\n  if (pid != 0) goto parent;\n" + body
      + "  puts(\"child\");\n  _exit(0);\nparent:\n  return 0;\n}\n")
with open(os.path.join(out, "garbage.c"), "wb") as f:
    f.write(bytes(range(256)) * 64)
write("empty.c", "")
