#!/usr/bin/env python3
"""Runs lit on the suite and ends with the line 'N passed, M failed'."""
import re
import subprocess
import sys

lit_py, suite = sys.argv[1], sys.argv[2]
proc = subprocess.Popen([sys.executable, lit_py, "-v", "--no-progress-bar", suite],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
counts = {}
for line in proc.stdout:
    sys.stdout.write(line)
    m = re.match(r"\s*(Passed|Failed|Unresolved|Timed Out|Unsupported|Expectedly Failed"
                 r"|Unexpectedly Passed|Excluded|Skipped)\s*:\s*(\d+)", line)
    if m:
        counts[m.group(1)] = int(m.group(2))
rc = proc.wait()
passed = counts.get("Passed", 0) + counts.get("Expectedly Failed", 0)
failed = (counts.get("Failed", 0) + counts.get("Unresolved", 0) + counts.get("Timed Out", 0)
          + counts.get("Unexpectedly Passed", 0))
if passed == 0 and failed == 0:
    failed = 1
    print("lit ran no test", file=sys.stderr)
skipped = counts.get("Unsupported", 0)
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(0 if failed == 0 and rc == 0 else 1)
