#!/usr/bin/env python3
"""Every option that `forkcheck --help` lists is in the man page.

usage: man-options.py HELP-TEXT MAN-PAGE"""
import re
import sys

help_text = open(sys.argv[1]).read()
page = open(sys.argv[2]).read().replace("\\-", "-")
options = sorted(set(re.findall(r"^\s+(--?[a-z][a-z-]*)", help_text, re.M)))
missing = [o for o in options if not re.search(re.escape(o) + r"(?![a-z-])", page)]
assert not missing, f"not in the man page: {missing}"
print(f"{len(options)} options documented")
