"""Compiles every C example of the rule docs and checks that forkcheck
reports on it what the doc says.

usage: rule_examples.py FORKCHECK CC PYTHON_INCLUDE WORKDIR DOCS_DIR

DOCS_DIR holds one RULE.md per rule (and a README.md index, skipped).

An example is a fenced ```c block whose first line names the file and the
findings forkcheck reports on it, by rule, in the order it reports them,
with the options it is run with, if any:
    /* spawn.c: forkcheck reports child-exit-cleanup */
    /* spawn.c: forkcheck reports nothing */
    /* ext.c: forkcheck --disable=child-unsafe-call reports python-... */
A plain ``` block right after it (blank lines between at most) is forkcheck's
text output on it, without the source lines and carets, and must be the
output exactly. A plain block that follows no example is an error: output
shown in a rule doc comes from an example the test runs. Each doc needs an
example that reports its own rule and one that reports nothing.
"""
import os
import re
import subprocess
import sys

MARKER = re.compile(r"/\* ([\w-]+\.c): forkcheck((?: --[\w-]+(?:=[\w,-]+)?)*) "
                    r"reports (nothing|[\w-]+(?:, [\w-]+)*) \*/\n")
DIAG = re.compile(r"[\w./-]+:\d+:\d+: (?:warning|note|error): ")
WARNING_RULE = re.compile(r"[\w./-]+:\d+:\d+: warning: .* \[([\w-]+)\]$")


def fenced_blocks(text):
    """(info string, body, line of the opening fence, lines before it since
    the previous block's closing fence) for each fenced block."""
    blocks, lines, i, last_close = [], text.split("\n"), 0, 0
    while i < len(lines):
        if lines[i].startswith("```"):
            start, info = i, lines[i][3:].strip()
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                i += 1
            between = lines[last_close:start]
            blocks.append((info, "\n".join(lines[start + 1:i]) + "\n", start + 1, between))
            last_close = i + 1
        i += 1
    return blocks


def run_example(tools, where, name, options, code):
    forkcheck, cc, pyinc = tools
    path = os.path.join(where, name)
    with open(path, "w") as f:
        f.write(code)
    # PyOS_AfterFork() is deprecated: its rule's examples call it.
    compiled = subprocess.run([cc, "-fsyntax-only", "-std=gnu11", "-Wall", "-Werror",
                               "-Wno-deprecated-declarations", "-I", pyinc, name],
                              cwd=where, capture_output=True, text=True)
    if compiled.returncode != 0:
        return None, f"does not compile:\n{compiled.stderr}"
    r = subprocess.run([forkcheck, "--no-cache", "--color=never"] + options +
                       [name, "--", "-I", pyinc],
                       cwd=where, capture_output=True, text=True)
    if r.returncode not in (0, 1) or r.stderr:
        return None, f"forkcheck exited {r.returncode}:\n{r.stderr}"
    return [l for l in r.stdout.split("\n") if DIAG.match(l)], None


def check_doc(tools, doc, workdir):
    rule = os.path.basename(doc)[:-3]
    where = os.path.join(workdir, rule)
    os.makedirs(where, exist_ok=True)
    errors, checked, names = [], 0, set()
    reports_rule = reports_nothing = False
    blocks = fenced_blocks(open(doc).read())
    shown = set()
    for k, (info, body, line, _) in enumerate(blocks):
        if info != "c":
            continue
        checked += 1
        m = MARKER.match(body)
        if not m:
            errors.append(f"{doc}:{line}: the example does not start with "
                          "'/* NAME.c: forkcheck reports RULE, ... */' or '... reports nothing */'")
            continue
        name, options, said = m.group(1), m.group(2).split(), m.group(3)
        if name in names:
            errors.append(f"{doc}:{line}: a second example named {name}")
            continue
        names.add(name)
        expected = [] if said == "nothing" else said.split(", ")
        reports_rule |= rule in expected
        reports_nothing |= not expected
        diags, err = run_example(tools, where, name, options, body)
        if err:
            errors.append(f"{doc}:{line}: {name} {err}")
            continue
        got = [WARNING_RULE.match(l).group(1) for l in diags if WARNING_RULE.match(l)]
        if got != expected:
            errors.append(f"{doc}:{line}: {name}: the doc says forkcheck reports "
                          f"{said}, it reports {', '.join(got) or 'nothing'}")
        if k + 1 < len(blocks):
            o_info, o_body, o_line, between = blocks[k + 1]
            if o_info == "" and not any(l.strip() for l in between):
                shown.add(o_line)
                want = [l for l in o_body.split("\n") if l]
                if want != diags:
                    errors.append(f"{doc}:{o_line}: the output shown for {name} is not "
                                  "forkcheck's:\n" + "\n".join(diags))
    for info, _, line, _ in blocks:
        if info == "" and line not in shown:
            errors.append(f"{doc}:{line}: an output block that follows no example")
    if not reports_rule:
        errors.append(f"{doc}: no example reports {rule}")
    if not reports_nothing:
        errors.append(f"{doc}: no example reports nothing")
    return checked, errors


def main():
    forkcheck, cc, pyinc, workdir, docs_dir = sys.argv[1:6]
    docs = [os.path.join(docs_dir, n) for n in sorted(os.listdir(docs_dir))
            if n.endswith(".md") and n != "README.md"]
    total, errors = 0, []
    for doc in docs:
        n, e = check_doc((forkcheck, cc, pyinc), doc, workdir)
        total += n
        errors += e
    for e in errors:
        print("error:", e)
    print(f"{total} examples checked in {len(docs)} docs, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
