#!/usr/bin/env python3
"""Writes DIR/compile_commands.json for the given sources, as CMake would.

usage: mkcdb.py DIR SOURCE... [-- COMPILER-ARGS]
Relative sources are taken relative to DIR.
"""
import json
import os
import shlex
import sys

args = sys.argv[1:]
extra = []
if "--" in args:
    i = args.index("--")
    args, extra = args[:i], args[i + 1:]
outdir, sources = os.path.abspath(args[0]), args[1:]
entries = []
for src in sources:
    path = src if os.path.isabs(src) else os.path.join(outdir, src)
    cmd = ["/usr/bin/cc"] + extra + ["-o", os.path.basename(src) + ".o", "-c", path]
    entries.append({"directory": outdir, "command": shlex.join(cmd), "file": path})
with open(os.path.join(outdir, "compile_commands.json"), "w") as f:
    json.dump(entries, f, indent=2)
