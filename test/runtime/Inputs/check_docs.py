"""Checks that the code examples of docs/runtime.md are the files of
runtime/examples/, verbatim, and that every example file is documented.

usage: check_docs.py docs/runtime.md runtime/examples

In the markdown, an example is a fenced ```c block right after a line
    <!-- example: runtime/examples/NAME.c -->
"""
import os
import re
import sys

doc_path, examples_dir = sys.argv[1], sys.argv[2]
doc = open(doc_path).read()
errors = []
seen = set()
pattern = re.compile(r"<!-- example: runtime/examples/([\w.-]+) -->\n```c\n(.*?)```\n", re.S)
for m in pattern.finditer(doc):
    name, block = m.group(1), m.group(2)
    seen.add(name)
    path = os.path.join(examples_dir, name)
    if not os.path.exists(path):
        errors.append(f"{name}: documented but missing from {examples_dir}")
        continue
    if open(path).read() != block:
        errors.append(f"{name}: the block in {doc_path} differs from the file")
markers = set(re.findall(r"<!-- example: runtime/examples/([\w.-]+) -->", doc))
for name in sorted(markers - seen):
    errors.append(f"{name}: marker not followed by a ```c block")
for name in sorted(os.listdir(examples_dir)):
    if name.endswith(".c") and name not in seen:
        errors.append(f"{name}: not shown in {doc_path}")
for e in errors:
    print("error:", e)
print(f"{len(seen)} examples checked, {len(errors)} errors")
