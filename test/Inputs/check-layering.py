"""The rules' side of the engine's layering, checked on the real build.

usage: check-layering.py SRC_ROOT COMPILE_COMMANDS_JSON

1. Every rules/*.c is compiled without libclang on its include path: a rule
   that includes clang-c/Index.h does not build (tried with the rules' own
   compile command).
2. The rules read the program only through the query layer: no rule names
   the linked program's or the summary's storage.
"""
import glob
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

STORAGE = re.compile(
    r'(->|\.)(tus\[|targets\[|funcs\.v|edges\.v|events\.v|args\.v|callees\.v|var_flags|'
    r'calls\.v|callers|forks\.v|reaches\[|via\[|block_threads)|#include "(program|summary)\.h"')


def main(src, cdb_path):
    failures = []
    rules = sorted(glob.glob(os.path.join(src, "rules", "*.c")))
    entries = {os.path.realpath(e["file"]): e for e in json.load(open(cdb_path))}
    for rule in rules:
        entry = entries.get(os.path.realpath(rule))
        if entry is None:
            failures.append(f"{rule}: not in the compile database")
            continue
        args = shlex.split(entry["command"])
        for i, a in enumerate(args):
            inc = args[i + 1] if a in ("-I", "-isystem") else a[2:] if a.startswith("-I") else None
            if inc and os.path.exists(os.path.join(inc, "clang-c", "Index.h")):
                failures.append(f"{rule}: libclang's headers are on its include path ({inc})")
    for path in rules + glob.glob(os.path.join(src, "rules", "*.h")):
        for n, line in enumerate(open(path), 1):
            if STORAGE.search(line):
                failures.append(f"{path}:{n}: reads storage, not the query layer: {line.strip()}")
    if rules and os.path.realpath(rules[0]) in entries:
        failures += try_clang_include(entries[os.path.realpath(rules[0])])
    for f in failures:
        print(f)
    print("layering: %d rules, %d problems" % (len(rules), len(failures)))
    return 1 if failures else 0


def try_clang_include(entry):
    """A rule that includes libclang must not compile with the rules' flags."""
    args = shlex.split(entry["command"])
    with tempfile.TemporaryDirectory() as tmp:
        probe = os.path.join(tmp, "probe.c")
        with open(probe, "w") as f:
            f.write("#include <clang-c/Index.h>\nint probe;\n")
        cmd = [a for a in args if a != entry["file"]]
        if "-o" in cmd:
            del cmd[cmd.index("-o"):cmd.index("-o") + 2]
        cmd = [a for a in cmd if a != "-c"] + ["-fsyntax-only", probe]
        r = subprocess.run(cmd, cwd=entry["directory"], capture_output=True, text=True)
    if r.returncode == 0:
        return ["a rule that includes clang-c/Index.h builds"]
    return []


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
