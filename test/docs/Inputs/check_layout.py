"""Checks that README.md's "Layout" section names what the tree holds.

usage: check_layout.py SRCROOT README

Every top-level folder git tracks has a line starting "NAME/"; every
subfolder of bench/, runtime/ and test/ (but test/Inputs) is named as
"NAME/" in its folder's lines; every checker/*.c, *.def and *.cmake file
matches a name or a glob (extract*.c) in checker/'s lines.
"""
import fnmatch
import os
import re
import subprocess
import sys

root, readme = sys.argv[1], sys.argv[2]
text = open(readme).read()
m = re.search(r"^## Layout\n\n```\n(.*?)^```\n", text, re.S | re.M)
if not m:
    print("error: no fenced block after '## Layout' in", readme)
    sys.exit(1)
sections, current = {}, None
for line in m.group(1).split("\n"):
    top = re.match(r"([\w.-]+)/ ", line + " ")
    if top and not line.startswith(" "):
        current = top.group(1)
        sections[current] = ""
    if current:
        sections[current] += line + "\n"

files = subprocess.run(["git", "-C", root, "ls-files"], capture_output=True, text=True,
                       check=True).stdout.split()
errors = []
tops = sorted({f.split("/")[0] for f in files if "/" in f})
for d in tops:
    if d not in sections:
        errors.append(f"the top-level folder {d}/ is not in the layout")
for d in ("bench", "runtime", "test"):
    subs = sorted({f.split("/")[1] for f in files if f.startswith(d + "/") and f.count("/") >= 2})
    for s in subs:
        if s != "Inputs" and not re.search(r"(^|[\s(,])" + re.escape(s) + r"/", sections.get(d, "")):
            errors.append(f"{d}/{s}/ is not named in the layout's {d}/ lines")
words = re.findall(r"[\w.*-]+\.(?:c|def|cmake)\b", sections.get("checker", ""))
checker = sorted(os.path.basename(f) for f in files
                 if f.startswith("checker/") and f.count("/") == 1
                 and f.endswith((".c", ".def", ".cmake")))
for f in checker:
    if not any(fnmatch.fnmatch(f, w) for w in words):
        errors.append(f"checker/{f} is not named in the layout's checker/ lines")
for e in errors:
    print("error:", e)
print(f"layout: {len(tops)} folders, {len(checker)} checker files, {len(errors)} errors")
sys.exit(1 if errors else 0)
