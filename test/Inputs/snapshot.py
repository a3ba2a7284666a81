#!/usr/bin/env python3
"""snapshot.py DIR...: one line per file and directory under each DIR (path,
kind, size, modification time, and a hash of a file's bytes), sorted, so that
two snapshots differ when anything was created, removed or written."""
import hashlib
import os
import stat
import sys

lines = []
for root in sys.argv[1:]:
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            digest = ""
            if stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    digest = hashlib.sha256(f.read()).hexdigest()
            lines.append(f"{path} {stat.filemode(st.st_mode)} {st.st_size} {st.st_mtime_ns} {digest}")
        st = os.lstat(dirpath)
        lines.append(f"{dirpath} {stat.filemode(st.st_mode)} {st.st_mtime_ns}")
print("\n".join(sorted(lines)))
