#!/usr/bin/env python3
"""Looks at and tampers with a forkcheck cache directory, for cache.test.

usage: cache-entries.py stamp DIR            every entry's time set to 2001
       cache-entries.py list DIR             "<n> entries", then per entry
                                             "used" (time after 2001) or "old"
       cache-entries.py check DIR            every entry well formed and named
                                             after its key (exit 1 if not)
       cache-entries.py damage DIR A B C     A truncated, B garbage, C takes
                                             A's entry bytes (a foreign entry)
       cache-entries.py graft DIR OTHER SRC  SRC's entry in DIR gets the summary
                                             of SRC's entry in OTHER
       cache-entries.py evict FORKCHECK DIR X Y
           X's entry made old; a run on Y with a limit that fits Y's entry
           but not both: X's entry goes, Y's stays
Entries are named by source via their summary's path (SRC is a file name).
"""
import os
import subprocess
import sys

OLD = 978307200  # 2001-01-01


def entries(d):
    return sorted(os.path.join(d, n) for n in os.listdir(d) if n.endswith(".fcc"))


def split(data):
    """(header, summary) of an entry's bytes."""
    at = data.index(b"FCSUM\n")
    return data[:at], data[at:]


def entry_of(d, src):
    found = [e for e in entries(d) if ("/" + src).encode() in split(open(e, "rb").read())[1]]
    if len(found) != 1:
        sys.exit(f"{len(found)} entries for {src}")
    return found[0]


def well_formed(path):
    data = open(path, "rb").read()
    lines = data.split(b"\n")
    key = os.path.basename(path)[:-4].encode()
    return lines[0] == b"FCCACHE1" and lines[1] == key and b"FCSUM\n" in data


def evict(tool, d, x, y):
    run = lambda f, *a: subprocess.run([tool, "--disable=all", f"--cache-dir={d}", *a, f],
                                       check=True)
    run(x)
    run(y)
    ex, ey = entry_of(d, os.path.basename(x)), entry_of(d, os.path.basename(y))
    os.utime(ex, (OLD, OLD))
    limit = os.path.getsize(ey) + os.path.getsize(ex) - 1
    os.utime(ey, (OLD + 10, OLD + 10))
    # Y changes so that its run stores a new entry (and evicts).
    with open(y, "a") as f:
        f.write("\n/* changed */\n")
    os.utime(y, (OLD, OLD))  # an edit during a run is not stored: not this one
    run(y, f"--cache-limit={limit}")
    left = [os.path.basename(e) for e in entries(d)]
    ny = entry_of(d, os.path.basename(y))
    print(f"{len(left)} left; {os.path.basename(x)}: "
          f"{'kept' if os.path.exists(ex) else 'evicted'}; newest kept: {os.path.exists(ny)}")


def main():
    cmd, d = sys.argv[1], sys.argv[2]
    if cmd == "stamp":
        for e in entries(d):
            os.utime(e, (OLD, OLD))
    elif cmd == "list":
        es = entries(d)
        print(f"{len(es)} entries")
        for e in es:
            print("used" if os.path.getmtime(e) > OLD else "old")
    elif cmd == "check":
        bad = [e for e in entries(d) if not well_formed(e)]
        print("bad: " + " ".join(bad) if bad else "all well formed")
        sys.exit(1 if bad else 0)
    elif cmd == "damage":
        a, b, c = (entry_of(d, s) for s in sys.argv[3:6])
        data = open(a, "rb").read()
        open(c, "wb").write(data)
        open(a, "wb").write(data[: len(data) // 2])
        open(b, "wb").write(b"FCCACHE1\nnot an entry\n")
    elif cmd == "graft":
        src, dst = entry_of(sys.argv[3], sys.argv[4]), entry_of(d, sys.argv[4])
        header = split(open(dst, "rb").read())[0]
        open(dst, "wb").write(header + split(open(src, "rb").read())[1])
    elif cmd == "evict":
        evict(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])


main()
