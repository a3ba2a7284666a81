#!/usr/bin/env python3
"""Runs a `<!-- ci-test: NAME -->` block of docs/ci.md in WORKDIR, a CMake
project of a server (main.c, worker.c).

usage: ci-docs.py DOC NAME WORKDIR SRCROOT
github  the workflow's steps after "Install forkcheck", up to the upload,
        with bash; prints the upload's sarif_file once it exists
gitlab  the job's script lines, each with bash; prints each exit status and
        each artifact that exists
cmake   the block as the project's CMakeLists.txt (forkcheck's cmake/ from
        SRCROOT), configured; prints the build of server-forkcheck's status
"""
import os
import re
import subprocess
import sys

import yaml

doc, name, workdir, srcroot = sys.argv[1:5]
text = open(doc).read()
block = re.search(r"<!-- ci-test: %s -->\n```(\w+)\n(.*?)```" % re.escape(name), text, re.S)
assert block, f"no ci-test block {name}"
body = block.group(2)


def bash(command):
    return subprocess.run(["bash", "-e", "-c", command], cwd=workdir).returncode


if name == "github":
    flow = yaml.safe_load(body)
    assert flow["permissions"]["security-events"] == "write"
    steps = flow["jobs"]["forkcheck"]["steps"]
    names = [s.get("name") for s in steps]
    first = names.index("Install forkcheck") + 1
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    for step in steps[first:]:
        if "run" in step:
            status = bash(step["run"])
            assert status == 0, (step["name"], status)
    sarif = os.path.join(workdir, upload["with"]["sarif_file"])
    assert os.path.isfile(sarif), sarif
    print("sarif_file:", sarif)
elif name == "gitlab":
    job = yaml.safe_load(body)["forkcheck"]
    for line in job["script"]:
        print("status", bash(line))
    for path in job["artifacts"]["paths"]:
        if os.path.isfile(os.path.join(workdir, path)):
            print("artifact:", path)
elif name == "cmake":
    lists = body.replace("/opt/forkcheck/cmake", os.path.join(srcroot, "cmake"))
    with open(os.path.join(workdir, "CMakeLists.txt"), "w") as f:
        f.write("cmake_minimum_required(VERSION 3.20)\nproject(server C)\n" + lists)
    forkcheck = subprocess.run(["which", "forkcheck"], capture_output=True, text=True).stdout.strip()
    assert bash(f"cmake -S . -B build -DFORKCHECK_EXECUTABLE={forkcheck} > /dev/null") == 0
    print("build status", bash("cmake --build build --target server-forkcheck > build.log 2>&1"))
