#!/usr/bin/env python3
"""Latency of forkcheck --lsp: from didChange to the publishDiagnostics of
that version, on a generated program (bench/analyzer/gen-project.py), with
the scripted client of the tests (test/lsp/Inputs/lspclient.py).

usage: bench.py FORKCHECK [UNITS] [ROUNDS]   (default 150 files, 20 rounds)
Prints the time to the first diagnostics (every file parsed) and the
median, 90th percentile and extremes over ROUNDS edits of each kind, beside
one whole-program run of the command line (forkcheck -p).
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
sys.path.insert(0, os.path.join(root, "test", "lsp", "Inputs"))
from lspclient import Client  # noqa: E402

forkcheck = os.path.abspath(sys.argv[1])
units = int(sys.argv[2]) if len(sys.argv) > 2 else 150
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20


def ms(seconds):
    return f"{seconds * 1000:.0f} ms"


def summary(name, times):
    times = sorted(times)
    p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
    print(f"| {name} | {len(times)} | {ms(statistics.median(times))} | {ms(p90)} "
          f"| {ms(times[0])} | {ms(times[-1])} |")


with tempfile.TemporaryDirectory() as work:
    proj = os.path.join(work, "project")
    subprocess.run([sys.executable, os.path.join(root, "bench", "analyzer", "gen-project.py"),
                    proj, str(units)], check=True, stdout=subprocess.DEVNULL)
    nfiles = units + 1
    start = time.monotonic()
    subprocess.run([forkcheck, "-p", proj], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    whole = time.monotonic() - start

    # unit0003.c starts a thread: its careless child has findings.
    path = os.path.join(proj, "unit0003.c")
    with open(path) as f:
        lines = f.read().split("\n")
    child = next(i for i, l in enumerate(lines) if "printf(\"child 3" in l)

    c = Client([forkcheck, "--lsp"], stderr=subprocess.DEVNULL)
    c.initialize(proj)
    start = time.monotonic()
    c.open(path, version=1)
    first = c.diagnostics(path, version=1, timeout=600)
    cold = time.monotonic() - start

    def edit(version, line, text, remove=False):
        rng = {"start": {"line": line, "character": 0},
               "end": {"line": line + (1 if remove else 0), "character": 0}}
        t0 = time.monotonic()
        c.change(path, version, [{"range": rng, "text": "" if remove else text}])
        diags = c.diagnostics(path, version=version, timeout=600)
        return time.monotonic() - t0, len(diags)

    version = 1
    comment, unsafe = [], []
    counts = set()
    for _ in range(rounds):
        for kind, line, text, into in [("comment", 0, "/* edited */\n", comment),
                                       ("unsafe", child, "    malloc(1);\n", unsafe)]:
            version += 1
            t, n = edit(version, line, text)
            into.append(t)
            counts.add((kind, n))
            version += 1
            t, n = edit(version, line, text, remove=True)
            into.append(t)
    assert c.finish() == 0

print(f"{nfiles} files; forkcheck -p over all of them: {ms(whole)}; "
      f"first diagnostics after didOpen (every file parsed): {ms(cold)}, "
      f"{len(first)} diagnostics")
print(f"diagnostics after the edits: {sorted(counts)}")
print()
print("| edit of one file, didChange → publishDiagnostics | edits | median | p90 | min | max |")
print("|---|---|---|---|---|---|")
summary("add or remove a comment line", comment)
summary("add or remove an unsafe call in the child", unsafe)
