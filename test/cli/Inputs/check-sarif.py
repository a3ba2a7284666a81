#!/usr/bin/env python3
"""Checks what GitHub code scanning reads in a forkcheck SARIF log.

usage: check-sarif.py LOG [VALIDATOR-OUTPUT]
VALIDATOR-OUTPUT is the SARIF Multitool's own log of `validate`: it must hold
no result at all at level error or warning.
"""
import json
import re
import sys

with open(sys.argv[1]) as f:
    log = json.load(f)
assert log["version"] == "2.1.0"
run, = log["runs"]
driver = run["tool"]["driver"]
assert driver["name"] == "forkcheck" and driver["version"]
assert driver["informationUri"].startswith("https://")
rules = driver["rules"]
for r in rules:
    assert r["name"] != r["id"], r["id"]
    assert r["shortDescription"]["text"] and r["fullDescription"]["text"]
    assert r["help"]["text"] and r["help"]["markdown"].startswith("# " + r["id"] + "\n"), r["id"]
    assert r["helpUri"].startswith("https://") and r["helpUri"].endswith(r["id"] + ".md")
    assert r["defaultConfiguration"]["level"] == "warning"
root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
assert root.startswith("file:///") and root.endswith("/"), root

def check_location(loc):
    art = loc["physicalLocation"]["artifactLocation"]
    assert art.get("uriBaseId") == "%SRCROOT%" or art["uri"].startswith("file:///"), art
    assert loc["physicalLocation"]["region"]["startLine"] >= 1

for res in run["results"]:
    assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    assert len(res["locations"]) == 1
    check_location(res["locations"][0])
    assert re.fullmatch(r"[0-9a-f]+:[0-9]+", res["partialFingerprints"]["primaryLocationLineHash"])
    related = {loc["id"]: loc for loc in res.get("relatedLocations", [])}
    for loc in related.values():
        check_location(loc)
        assert loc["message"]["text"]
    for link_id in re.findall(r"\]\((\d+)\)", res["message"]["text"]):
        assert int(link_id) in related, (link_id, res["message"]["text"])
    for flow in res.get("codeFlows", []):
        for thread in flow["threadFlows"]:
            for step in thread["locations"]:
                check_location(step["location"])
                assert step["location"]["message"]["text"]
print(f"{len(run['results'])} results ok")

if len(sys.argv) > 2:
    with open(sys.argv[2]) as f:
        validation = json.load(f)
    problems = [r for vrun in validation["runs"] for r in vrun.get("results", [])
                if r.get("level", "warning") in ("error", "warning")]
    for p in problems:
        print(p.get("ruleId"), p["message"].get("text") or p["message"].get("arguments"))
    assert not problems, f"{len(problems)} validator errors or warnings"
    print("validator: no errors, no warnings")
