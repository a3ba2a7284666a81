#!/usr/bin/env python3
"""expect-exit.py N CMD [ARG...]: runs CMD and fails unless it exits with N.

Standard output and error pass through, so the command can feed FileCheck.
"""
import subprocess
import sys

want = int(sys.argv[1])
rc = subprocess.call(sys.argv[2:])
if rc != want:
    sys.stderr.write(f"expect-exit: {sys.argv[2]} exited {rc}, expected {want}\n")
    sys.exit(1)
