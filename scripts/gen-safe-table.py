#!/usr/bin/env python3
"""Validates data/async-signal-safe.def and generates docs/async-signal-safe.md.

usage: gen-safe-table.py [--check] [--def PATH] [--doc PATH]

Without --check, (re)writes the Markdown document from the .def file.
With --check, regenerates it in memory and exits 1 if the document on disk
differs (or is missing), 0 if it is up to date.
In both modes the .def file is validated first: every line must be blank,
part of a /* */ comment, or a well-formed AS_SAFE(name, profile, "source")
or AS_SAFE_ARG(name, profile, constant, "source") entry; an AS_SAFE name may
appear only once; AS_SAFE entries of one profile must be sorted by name in
byte (strcmp) order; AS_SAFE_ARG entries by name, then constant, each pair
once, and never for a name that is an AS_SAFE entry. A bad .def file exits 1
naming the line.
"""
import argparse
import difflib
import os
import re
import sys

SRCROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEF_REL = "data/async-signal-safe.def"
DOC_REL = "docs/async-signal-safe.md"
PROFILES = ("posix", "linux")

ENTRY_RE = re.compile(
    r'^AS_SAFE\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*,'
    r'\s*"((?:[^"\\\n]|\\.)*)"\s*\)$')
ARG_RE = re.compile(
    r'^AS_SAFE_ARG\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*,'
    r'\s*([A-Za-z_][A-Za-z0-9_]*)\s*,\s*"((?:[^"\\\n]|\\.)*)"\s*\)$')


class DefError(Exception):
    pass


def check_profile(fail, lineno, name, profile, source, raw):
    if profile not in PROFILES:
        fail(lineno, f"unknown profile '{profile}' (expected one of: {', '.join(PROFILES)})",
             raw)
    if not source.strip():
        fail(lineno, f"empty source string for '{name}'", raw)


def add_arg_entry(fail, m, lineno, raw, args):
    """Validates one AS_SAFE_ARG line against the previous ones; appends it."""
    name, profile, constant, source = m.groups()
    check_profile(fail, lineno, name, profile, source, raw)
    if args:
        prev = args[-1]
        key, prev_key = (name.encode(), constant.encode()), (prev[0].encode(), prev[2].encode())
        if key == prev_key:
            fail(lineno, f"duplicate AS_SAFE_ARG '{name}({constant})' (line {prev[4]})", raw)
        if key < prev_key:
            fail(lineno, f"'{name}({constant})' is out of order: it sorts before "
                 f"'{prev[0]}({prev[2]})' (line {prev[4]}); AS_SAFE_ARG entries must be "
                 "sorted by name, then constant", raw)
    args.append((name, profile, constant, source, lineno))


def parse_def(path):
    """Returns the AS_SAFE entries, a list of (name, profile, source, lineno),
    and the AS_SAFE_ARG entries, (name, profile, constant, source, lineno);
    raises DefError."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except (OSError, UnicodeDecodeError) as e:
        raise DefError(f"{path}: error: cannot read: {e}")
    if lines and lines[-1] == "":
        lines.pop()

    entries, args = [], []
    first_seen = {}            # name -> (profile, lineno)
    last_in_profile = {}       # profile -> (name, lineno)
    in_comment = False
    comment_start = 0

    def fail(lineno, msg, text):
        raise DefError(f"{path}:{lineno}: error: {msg}\n    {text}")

    for lineno, raw in enumerate(lines, 1):
        line = raw.strip()
        if in_comment:
            end = line.find("*/")
            if end < 0:
                continue
            in_comment = False
            rest = line[end + 2:].strip()
            if rest:
                fail(lineno, "text after the end of a comment", raw)
            continue
        if not line:
            continue
        if line.startswith("/*"):
            end = line.find("*/", 2)
            if end < 0:
                in_comment, comment_start = True, lineno
                continue
            if line[end + 2:].strip():
                fail(lineno, "text after a comment (a comment must be on its own lines)", raw)
            continue
        if line.startswith("//"):
            fail(lineno, "'//' comments are not allowed, use /* */", raw)
        m = ARG_RE.match(line)
        if m:
            add_arg_entry(fail, m, lineno, raw, args)
            continue
        m = ENTRY_RE.match(line)
        if not m:
            fail(lineno, 'not a comment or a well-formed AS_SAFE(name, profile, "source") entry',
                 raw)
        name, profile, source = m.groups()
        check_profile(fail, lineno, name, profile, source, raw)
        if name in first_seen:
            p0, l0 = first_seen[name]
            fail(lineno, f"duplicate name '{name}' (already listed as {p0} at line {l0})", raw)
        if profile in last_in_profile:
            prev, lprev = last_in_profile[profile]
            if name.encode() < prev.encode():
                fail(lineno, f"'{name}' is out of order in profile {profile}: it sorts before "
                     f"'{prev}' (line {lprev}); entries of a profile must be sorted by name",
                     raw)
        first_seen[name] = (profile, lineno)
        last_in_profile[profile] = (name, lineno)
        entries.append((name, profile, source, lineno))
    if in_comment:
        raise DefError(f"{path}:{comment_start}: error: unterminated comment")
    for profile in PROFILES:
        if profile not in last_in_profile:
            raise DefError(f"{path}: error: no entry for profile {profile}")
    for name, _, constant, _, lineno in args:
        if name in first_seen:
            raise DefError(f"{path}:{lineno}: error: '{name}' has AS_SAFE_ARG entries and is "
                           f"an AS_SAFE entry too (line {first_seen[name][1]})")
    return entries, args


def md_cell(text):
    # The source strings are C string literals: undo the simple escapes, then
    # protect what Markdown table cells cannot hold.
    text = re.sub(r"\\(.)", r"\1", text)
    return text.replace("|", "\\|")


INTRO = """\
# Async-signal-safe functions

<!-- Generated by scripts/gen-safe-table.py from data/async-signal-safe.def.
     Do not edit by hand: edit the .def file and rerun the script. -->

After `fork()` in a multithreaded program, the child may only call
async-signal-safe functions until it calls `exec` or `_exit`: any lock that
another thread of the parent held at the time of the fork (in `malloc`,
`stdio`, the name-service code, ...) stays locked forever in the child. The
same restriction applies to `pthread_atfork()` child handlers and, more
strictly still, to the child of `vfork()`.

This is the list of functions forkcheck considers safe to call there. It is
kept in `data/async-signal-safe.def` and comes in two profiles:

- **posix**: the functions POSIX.1-2024 (Issue 8), XSH 2.4.3 "Signal
  Actions", requires to be async-signal-safe (the table of signal-safety(7)).
  Compared with the POSIX.1-2008 list, `_Fork`, `accept4`, `dup3`,
  `getentropy`, `pipe2`, `posix_close` and `ppoll` were added, and `fork`
  (no longer async-signal-safe) and `posix_trace_event` (the Trace option was
  removed) were dropped.
- **linux**: glibc/Linux functions that are plain system-call wrappers or are
  otherwise safe in practice in a forked child, each with the reason.

`--profile=posix` uses only the posix entries; the default,
`--profile=linux`, uses both. The linux profile also leaves out the
allocator and stdio (the `allocator` and `stdio` entries of
`data/async-signal-unsafe.def`) in a child and in a child handler: glibc's
`fork()`, and musl's from 1.2.2, take their locks before the fork and reset
them in the child before the child handlers run. `--safe-function=NAME`
(repeatable) adds a name to the list for one run, e.g. for a project's own
async-signal-safe helpers.
"""


def render(entries, args):
    out = [INTRO]
    titles = {
        "posix": "POSIX.1-2024 (`--profile=posix` and `--profile=linux`)",
        "linux": "Linux and glibc (`--profile=linux` only)",
    }
    for profile in PROFILES:
        rows = [(n, s) for n, p, s, _ in entries if p == profile]
        out.append(f"\n## {titles[profile]}\n\n{len(rows)} functions.\n\n")
        out.append("| name | source |\n|---|---|\n")
        for name, source in rows:
            out.append(f"| `{name}` | {md_cell(source)} |\n")
    out.append(f"\n## With a constant argument (`--profile=linux` only)\n\n"
               f"{len(args)} calls, safe with exactly this first argument; with another, "
               f"or one that is not a constant, the function is not known to be safe.\n\n")
    out.append("| call | source |\n|---|---|\n")
    for name, _, constant, source, _ in args:
        out.append(f"| `{name}({constant})` | {md_cell(source)} |\n")
    return "".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Validate " + DEF_REL + " and generate " + DOC_REL + " from it.")
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the document is not up to date")
    ap.add_argument("--def", dest="def_path", default=os.path.join(SRCROOT, DEF_REL),
                    metavar="PATH", help="the .def file (default: %(default)s)")
    ap.add_argument("--doc", dest="doc_path", default=os.path.join(SRCROOT, DOC_REL),
                    metavar="PATH", help="the Markdown document (default: %(default)s)")
    args = ap.parse_args(argv)

    try:
        entries, arg_entries = parse_def(args.def_path)
    except DefError as e:
        print(f"gen-safe-table: {e}", file=sys.stderr)
        return 1
    text = render(entries, arg_entries)

    if args.check:
        try:
            with open(args.doc_path, encoding="utf-8") as f:
                current = f.read()
        except OSError as e:
            print(f"gen-safe-table: {args.doc_path}: error: cannot read: {e.strerror}\n"
                  f"gen-safe-table: regenerate it with: python3 scripts/gen-safe-table.py",
                  file=sys.stderr)
            return 1
        if current != text:
            diff = list(difflib.unified_diff(current.splitlines(True), text.splitlines(True),
                                             args.doc_path + " (on disk)",
                                             args.doc_path + " (generated)", n=1))
            sys.stderr.write("".join(diff[:40]))
            if len(diff) > 40:
                sys.stderr.write(f"... ({len(diff) - 40} more diff lines)\n")
            if diff and not diff[-1].endswith("\n"):
                sys.stderr.write("\n")
            print(f"gen-safe-table: error: {args.doc_path} is out of date with "
                  f"{args.def_path}\n"
                  f"gen-safe-table: regenerate it with: python3 scripts/gen-safe-table.py",
                  file=sys.stderr)
            return 1
        counts = {p: sum(1 for e in entries if e[1] == p) for p in PROFILES}
        print(f"gen-safe-table: {args.doc_path} is up to date "
              f"({counts['posix']} posix, {counts['linux']} linux entries)")
        return 0

    try:
        with open(args.doc_path, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as e:
        print(f"gen-safe-table: {args.doc_path}: error: cannot write: {e.strerror}",
              file=sys.stderr)
        return 1
    print(f"gen-safe-table: wrote {args.doc_path} ({len(entries)} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
