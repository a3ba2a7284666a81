#!/usr/bin/env python3
"""The language server with a baseline and a configuration file.

usage: options.py FORKCHECK DIR   (DIR/proj from options.test, with a baseline
of today's findings in DIR/baseline.json)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from lspclient import Client  # noqa: E402

forkcheck, top = sys.argv[1], sys.argv[2]
main_c = os.path.join(top, "proj", "main.c")


def codes(diags):
    return sorted(f"{d['range']['start']['line']}:{d['code']}" for d in diags)


c = Client([forkcheck, "--lsp", "--baseline", os.path.join(top, "baseline.json")])
c.initialize(top)
c.open(main_c, version=1)
print("baselined:", codes(c.diagnostics(main_c, version=1)))
# Lines added above the baselined finding: it stays baselined.
c.change(main_c, 2, [{"range": {"start": {"line": 7, "character": 0},
                                "end": {"line": 7, "character": 0}}, "text": "\n\n"}])
print("lines above:", codes(c.diagnostics(main_c, version=2)))
# A new unsafe call is reported.
c.change(main_c, 3, [{"range": {"start": {"line": 15, "character": 0},
                                "end": {"line": 15, "character": 0}}, "text": "    printf(\"new\");\n"}])
print("new call:", codes(c.diagnostics(main_c, version=3)))
# A configuration file that turns the rule off, read at the next analysis.
with open(os.path.join(top, "proj", ".forkcheck"), "w") as f:
    f.write("Checks: '-child-unsafe-call'\n")
c.notify("textDocument/didSave", {"textDocument": {"uri": "file://" + main_c}})
print("configured:", codes(c.diagnostics(main_c)))
print("exit status:", c.finish())
