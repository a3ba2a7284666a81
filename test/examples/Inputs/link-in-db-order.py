#!/usr/bin/env python3
"""link-in-db-order.py FORKCHECK DB_DIR SUMMARY_DIR [OPTION...]

Runs FORKCHECK on the summaries of SUMMARY_DIR (named <file>-<hash>.fcs by
--emit-summaries) in the order of DB_DIR/compile_commands.json's entries, the
order a `forkcheck -p DB_DIR` run reads the files in; exits with its status.
Fails when an entry has no summary, or a summary no entry."""
import json
import os
import sys

forkcheck, db_dir, sums = sys.argv[1:4]
entries = json.load(open(os.path.join(db_dir, "compile_commands.json")))
names = sorted(os.listdir(sums))
ordered = []
for e in entries:
    base = os.path.basename(e["file"]) + "-"
    match = [n for n in names if n.startswith(base) and n.endswith(".fcs")]
    assert len(match) == 1, (e["file"], match)
    ordered.append(os.path.join(sums, match[0]))
assert len(ordered) == len(names), (ordered, names)
os.execv(forkcheck, [forkcheck] + sys.argv[4:] + ordered)
