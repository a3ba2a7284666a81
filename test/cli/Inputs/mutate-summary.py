#!/usr/bin/env python3
"""Flips bytes of a summary, one mutant per position (every byte of a small
file, a stride through a large one), and runs forkcheck on each: it must
exit 0, 1 or 2 -- never crash or hang.

usage: mutate-summary.py FORKCHECK SUMMARY WORKDIR
"""
import os
import subprocess
import sys

forkcheck, summary, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)
data = open(summary, "rb").read()
stride = max(1, len(data) // 120)
bad = 0
runs = 0
for pos in range(0, len(data), stride):
    for flip in (0xff if pos % 2 else 0x80,):
        mutant = bytearray(data)
        mutant[pos] ^= flip
        path = os.path.join(work, "m.fcs")
        with open(path, "wb") as f:
            f.write(mutant)
        try:
            rc = subprocess.run([forkcheck, "--threads=yes", path], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, timeout=20).returncode
        except subprocess.TimeoutExpired:
            rc = "timeout"
        runs += 1
        if rc not in (0, 1, 2):
            bad += 1
            print(f"byte {pos} ^ {flip:#x}: forkcheck exited {rc}")
print(f"{runs} mutants, {bad} bad")
sys.exit(1 if bad else 0)
