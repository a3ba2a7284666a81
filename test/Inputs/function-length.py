"""Lists the C functions longer than MAX lines in the given files, from the
line of the opening brace to the closing one (comments and strings read
as blanks); exits 1 when there is one.

usage: function-length.py MAX FILE.c...
"""
import re
import sys


def blank_comments_and_strings(src):
    out, i, n = [], 0, len(src)
    while i < n:
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
        elif src[i] in "\"'":
            j = i + 1
            while j < n and src[j] != src[i]:
                j += 2 if src[j] == "\\" else 1
            j += 1
        else:
            out.append(src[i])
            i += 1
            continue
        out.append("".join(c if c == "\n" else " " for c in src[i:j]))
        i = j
    return "".join(out)


def long_functions(path, limit):
    text = blank_comments_and_strings(open(path).read())
    depth, start, name, found = 0, 0, None, []
    for pos, c in enumerate(text):
        if c == "{":
            if depth == 0:
                head = text[max(0, pos - 400):pos]
                head = re.split(r"[;}]", head)[-1]
                m = re.search(r"(\w+)\s*\([^()]*(?:\([^()]*\)[^()]*)*\)\s*$", head)
                name = m.group(1) if m else None  # None: an initializer, a struct
                start = text.count("\n", 0, pos) + 1
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and name:
                end = text.count("\n", 0, pos) + 1
                if end - start + 1 > limit:
                    found.append(f"{path}:{start}: {name}() is {end - start + 1} lines")
    return found


limit, files = int(sys.argv[1]), sys.argv[2:]
found = [f for path in files for f in long_functions(path, limit)]
for f in found:
    print(f)
print(f"{len(files)} files, {len(found)} functions over {limit} lines")
sys.exit(1 if found else 0)
