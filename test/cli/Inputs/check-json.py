#!/usr/bin/env python3
"""Checks a forkcheck JSON report against the documented schema and order."""
import json
import sys

with open(sys.argv[1]) as f:
    doc = json.load(f)
assert doc["version"] == 1, doc.get("version")
assert isinstance(doc["findings"], list)
keys = []
for x in doc["findings"]:
    assert set(x) - {"suppressed", "replacements"} == {"rule", "severity", "file", "line", "column", "message",
                                       "notes"}, set(x)
    assert isinstance(x["line"], int) and isinstance(x["column"], int)
    for n in x["notes"]:
        assert set(n) == {"file", "line", "column", "message"}, set(n)
    keys.append((x["file"], x["line"], x["column"], x["rule"]))
assert keys == sorted(keys), "findings are not in (file, line, column, rule) order"
print(f"{len(keys)} findings ok")
