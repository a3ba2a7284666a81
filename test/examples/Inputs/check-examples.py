#!/usr/bin/env python3
"""Checks forkcheck's findings on examples/ against the markers in its sources.

usage: check-examples.py EXAMPLES_DIR FINDINGS_JSON FORKCHECK

- /* BUG(rule-id): ... */ on line L: a finding of rule-id must point at line
  L+1 of that file, at its own location or at one of its notes'. Markers of
  rules that forkcheck does not have (--list-rules) are listed as such.
- /* CLEAN: ... */ on line L: no finding may be located between L and the end
  of the enclosing function (the next line that starts with '}').
Prints one line per marker; exits 1 if any is not satisfied.
"""
import json
import os
import re
import subprocess
import sys

examples, findings_path, forkcheck = sys.argv[1:4]
rules = {line.split()[0] for line in
         subprocess.check_output([forkcheck, "--list-rules"], text=True).splitlines()}
with open(findings_path) as f:
    findings = json.load(f)["findings"]

def places(x):
    yield os.path.basename(x["file"]), x["line"]
    for n in x["notes"]:
        yield os.path.basename(n["file"]), n["line"]

failed = checked = 0
for name in sorted(os.listdir(examples)):
    if not name.endswith(".c"):
        continue
    with open(os.path.join(examples, name)) as f:
        lines = f.read().split("\n")
    for i, text in enumerate(lines):
        lineno = i + 1
        m = re.search(r"/\* BUG\(([a-z-]+)\)", text)
        if m:
            rule = m.group(1)
            if rule not in rules:
                print(f"{name}:{lineno + 1}: {rule}: no such rule yet")
                continue
            checked += 1
            ok = any(x["rule"] == rule and (name, lineno + 1) in set(places(x)) for x in findings)
            print(f"{name}:{lineno + 1}: {rule}: {'found' if ok else 'NOT FOUND'}")
            failed += not ok
        if "/* CLEAN" in text:
            end = next((j + 1 for j in range(i, len(lines)) if lines[j].startswith("}")),
                       len(lines))
            bad = [x for x in findings
                   if os.path.basename(x["file"]) == name and lineno <= x["line"] <= end]
            checked += 1
            for x in bad:
                print(f"{name}:{x['line']}: {x['rule']}: finding in careful code: {x['message']}")
            print(f"{name}:{lineno}-{end}: clean: {'ok' if not bad else 'NOT CLEAN'}")
            failed += bool(bad)
print(f"{checked} markers checked, {failed} failed")
sys.exit(1 if failed or not checked else 0)
