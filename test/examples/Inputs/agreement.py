#!/usr/bin/env python3
"""The static/dynamic agreement check on the example program.

usage: agreement.py FINDINGS_JSON DETECTOR_LOG

Every report of libforksafe-detect from a run of the program must be
explained by a finding of forkcheck:
  - "child N ... called F() before exec": a child-unsafe-call or
    atfork-child-unsafe-call finding that names F as the unsafe function; a
    child's later reports may be F's own internals (getpwnam() allocates), so
    each child's first report must be explained, and every function reported
    must be named by some finding or be the allocator; the detector is
    POSIX-strict, and forkcheck's default (linux) profile takes what glibc's
    fork() resets in the child, the allocator and stdio, as safe: a report
    in those categories is explained by the profile, and a child's first
    report is its first in another category;
  - "child N called exit()" / "returned from main() or called exit()": a
    child-exit-cleanup or child-fallthrough finding;
  - "... never waited for": a missing-wait finding.
And every rule whose problem the detector can see at run time, and that
forkcheck reports, must be seen in the run.
"""
import json
import re
import sys

findings = json.load(open(sys.argv[1]))["findings"]
log = [l.rstrip("\n") for l in open(sys.argv[2]) if l.startswith("forksafe:")]

def named(f):
    m = re.match(r"'([^']+)' is not (?:known to be )?async-signal-safe", f["message"]) or \
        re.search(r"reaches '([^']+)', which is not async-signal-safe", f["message"])
    return m.group(1) if m else None

unsafe_rules = {"child-unsafe-call", "atfork-child-unsafe-call"}
static_unsafe = {named(f) for f in findings if f["rule"] in unsafe_rules} - {None}
static_rules = {f["rule"] for f in findings}
allocator = {"malloc", "calloc", "realloc", "free"}
reset_by_fork = {"allocator", "stdio"}  # data/async-signal-unsafe.def

seen_rules, problems, first_of_child = set(), [], {}
for line in log:
    m = re.match(r"forksafe: child (\d+) .*called (\w+)\(\) before exec \[(\w+)\]", line)
    if m:
        child, fn, category = m.groups()
        seen_rules.update(r for r in unsafe_rules if r in static_rules)
        if category in reset_by_fork:
            print(f"explained (reset by fork, linux profile): {line}")
            continue
        first = first_of_child.setdefault(child, fn) == fn
        ok = fn in static_unsafe or (not first and fn in allocator)
        print(f"{'explained' if ok else 'NOT EXPLAINED'}: {line}")
        problems += [] if ok else [line]
        continue
    if re.match(r"forksafe: child \d+ (called exit\(\)|returned from main\(\) or called exit\(\))", line):
        ok = bool({"child-exit-cleanup", "child-fallthrough"} & static_rules)
        seen_rules.update({"child-exit-cleanup", "child-fallthrough"} & static_rules)
    elif "never waited for" in line:
        ok = "missing-wait" in static_rules
        seen_rules.add("missing-wait")
    else:
        ok = False
    print(f"{'explained' if ok else 'NOT EXPLAINED'}: {line}")
    problems += [] if ok else [line]

observable = {"child-unsafe-call", "atfork-child-unsafe-call", "child-exit-cleanup",
              "missing-wait"} & static_rules
for rule in sorted(observable - seen_rules):
    print(f"NOT SEEN AT RUN TIME: {rule}")
    problems.append(rule)
print(f"{len(log)} detector reports, {len(findings)} findings, {len(problems)} disagreements")
sys.exit(1 if problems or not log else 0)
