"""Checks the data file and the exported symbols of both libraries.

usage: check_symbols.py DEF_FILE libforksafe.so libforksafe-detect.so

- every line of the data file is blank, a comment, a preprocessor line or
  UNSAFE(name, "category") with a known category; names are unique;
- every listed function exists in the C library;
- the detector exports exactly the listed functions (but dlsym/dlvsym) and
  its fork/exec/exit/wait and exit-handler wrappers (not vfork): nothing else, nothing internal;
- libforksafe exports only forksafe_* names.
"""
import ctypes
import re
import subprocess
import sys

CATEGORIES = {"allocator", "stdio", "process", "syslog", "locale", "time", "passwd", "nss", "dl",
              "pthread", "environment", "exit"}
NOT_INTERPOSED = {"dlsym", "dlvsym"}
WRAPPERS = {"fork", "_Fork", "execve", "execv", "execvp", "execvpe", "execl",
            "execlp", "execle", "fexecve", "execveat", "exit", "_exit", "_Exit", "wait",
            "waitpid", "waitid", "wait3", "wait4", "__cxa_atexit", "on_exit"}

errors = []


def parse_def(path):
    text = open(path).read()
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    names = []
    for lineno, line in enumerate(text.split("\n"), 1):
        line = re.sub(r"//.*", "", line).strip()
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r'UNSAFE\(([A-Za-z_][A-Za-z0-9_]*), "([a-z]+)"\)', line)
        if not m:
            errors.append(f"{path}:{lineno}: not an entry: {line}")
            continue
        name, cat = m.groups()
        if cat not in CATEGORIES:
            errors.append(f"{path}:{lineno}: unknown category {cat}")
        if name in names:
            errors.append(f"{path}:{lineno}: duplicate {name}")
        names.append(name)
    return names


def exported(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True,
                         capture_output=True, text=True).stdout
    syms = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TtWiV":
            syms.add(parts[2].split("@")[0])
    return syms


def main():
    def_path, api_lib, detect_lib = sys.argv[1:4]
    names = parse_def(def_path)
    libc = ctypes.CDLL("libc.so.6")
    for name in names:
        if not hasattr(libc, name):
            errors.append(f"{name} is not a C library function")
    detect = exported(detect_lib)
    expected = (set(names) - NOT_INTERPOSED) | WRAPPERS
    for name in sorted(expected - detect):
        errors.append(f"detector does not interpose {name}")
    for name in sorted(detect - expected):
        errors.append(f"detector exports unexpected {name}")
    api = exported(api_lib)
    for name in sorted(api):
        if not name.startswith("forksafe_") or name.startswith("forksafe__"):
            errors.append(f"libforksafe exports {name}")
    for e in errors:
        print("error:", e)
    print(f"{len(names)} entries, detector exports {len(detect)}, "
          f"libforksafe exports {len(api)}: {' '.join(sorted(api))}")
    print("errors:", len(errors))


main()
