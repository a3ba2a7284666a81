#!/usr/bin/env python3
"""Generates docs/rules/README.md, the index of the rules, from rules/rules.def.

usage: gen-rules-index.py [--check]

Without --check, (re)writes the index. With --check, regenerates it in
memory and exits 1 if the index on disk differs (or is missing), or if a
rule lacks its source (rules/<id>.c), its page (docs/rules/<id>.md) or its
tests (test/rules/<id>/); 0 if everything is in place.
"""
import argparse
import difflib
import os
import re
import sys

SRCROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEF_REL = "rules/rules.def"
INDEX_REL = "docs/rules/README.md"

# FC_RULE(function, "rule-id", "summary"), the summary possibly in several
# adjacent string literals.
RULE_RE = re.compile(r'FC_RULE\(\s*\w+\s*,\s*"([a-z0-9-]+)"\s*,\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\)')
PIECE_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')

HEADER = """# forkcheck rules

One page per rule, named after the rule's id; `forkcheck --list-rules`
prints the same list. Each rule is `rules/<id>.c`, documented here as
`docs/rules/<id>.md` and tested in `test/rules/<id>/`. This index is
generated from `rules/rules.def` by `scripts/gen-rules-index.py`.

| Rule | What it reports |
|------|-----------------|
"""


def rules(srcroot):
    with open(os.path.join(srcroot, DEF_REL), encoding="utf-8") as f:
        text = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)
    return [(m.group(1), "".join(PIECE_RE.findall(m.group(2)))) for m in RULE_RE.finditer(text)]


def index(entries):
    return HEADER + "".join(f"| [{rid}]({rid}.md) | {summary} |\n" for rid, summary in entries)


def missing_parts(srcroot, entries):
    for rid, _ in entries:
        for rel in (f"rules/{rid}.c", f"docs/rules/{rid}.md"):
            if not os.path.isfile(os.path.join(srcroot, rel)):
                yield f"{rid}: {rel} is missing"
        tests = os.path.join(srcroot, "test", "rules", rid)
        if not os.path.isdir(tests) or not os.listdir(tests):
            yield f"{rid}: test/rules/{rid}/ has no tests"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the index is stale")
    args = ap.parse_args(argv)
    entries = rules(SRCROOT)
    if not entries:
        print(f"gen-rules-index: error: no FC_RULE line in {DEF_REL}", file=sys.stderr)
        return 1
    text = index(entries)
    path = os.path.join(SRCROOT, INDEX_REL)
    if not args.check:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"gen-rules-index: wrote {INDEX_REL} ({len(entries)} rules)")
        return 0
    problems = list(missing_parts(SRCROOT, entries))
    try:
        with open(path, encoding="utf-8") as f:
            current = f.read()
    except OSError:
        current = ""
    if current != text:
        sys.stdout.writelines(difflib.unified_diff(
            current.splitlines(True), text.splitlines(True), INDEX_REL, "generated"))
        problems.append(f"{INDEX_REL} is stale: run scripts/gen-rules-index.py")
    for p in problems:
        print(f"gen-rules-index: error: {p}", file=sys.stderr)
    if problems:
        return 1
    print(f"gen-rules-index: {INDEX_REL} is up to date ({len(entries)} rules)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
