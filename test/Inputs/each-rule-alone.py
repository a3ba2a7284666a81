"""Each rule run alone finds what it finds among all the rules.

usage: each-rule-alone.py FORKCHECK [--OPTION=VALUE...] FILE... -- COMPILER-ARGS

The options (--profile=posix) go to every run of the rules.

The link computes only the facts that the running rules declare they read
(FC_RULE_READS); a rule that reads a fact it did not declare aborts when run
alone. Every rule is run by itself over the files, as one program, and its
findings must be exactly its findings in the run with every rule, but for
those that yield to another rule's finding at the same place (one call, one
finding: exit() in a multithreaded child is child-exit-cleanup's), or at the
place of one of its notes (output left in stdout's buffer that the child's
exit() flushes: the _exit() child-exit-cleanup asks for there fixes both):
alone, they are reported, and there must be such a finding of another rule
there, or one whose note names the place as another of its defect's (the
second exit() of a child); suppressed findings count: a NOLINT does not
hand a finding over.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile


def run(tool, args):
    r = subprocess.run([tool, "--format=json", "--show-suppressed"] + args, capture_output=True, text=True)
    if r.returncode not in (0, 1, 2):  # 2: a file with errors, the rest still analysed
        sys.exit(f"{' '.join(args[:2])}: exit status {r.returncode}\n{r.stderr}")
    return json.loads(r.stdout)["findings"]


def main():
    tool = sys.argv[1]
    args = sys.argv[2:]
    opts = []
    while args and args[0].startswith("--") and args[0] != "--":
        opts.append(args.pop(0))
    rules = [l.split()[0] for l in subprocess.check_output([tool, "--list-rules"], text=True)
             .splitlines() if l.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        # Parsed once; each run below only links the summaries.
        subprocess.run([tool, "--disable=all", f"--emit-summaries={tmp}"] + args,
                       capture_output=True)
        compare(tool, rules, opts + sorted(glob.glob(os.path.join(tmp, "*.fcs"))))


def place(f):
    return (f["file"], f["line"], f["column"])


def compare(tool, rules, rest):
    every = run(tool, ["--enable=all"] + rest)
    for rule in rules:
        alone = run(tool, ["--disable=all", f"--enable={rule}"] + rest)
        expected = [f for f in every if f["rule"] == rule]
        others = {place(f) for f in every if f["rule"] != rule}
        # A finding covers the other places of its defect, its notes that
        # say so ("the child calls 'exit' here too").
        others |= {place(n) for f in every if f["rule"] != rule
                   for n in f.get("notes", []) if n["message"].endswith(" too")}
        extra = [f for f in alone if f not in expected]
        if [f for f in alone if f in expected] != expected or any(
                place(f) not in others and not any(place(n) in others for n in f.get("notes", []))
                for f in extra):
            sys.exit(f"{rule}: {len(alone)} findings alone, {len(expected)} among all rules")
        yielded = f", {len(extra)} more alone that yield to another rule's" if extra else ""
        print(f"{rule}: {len(expected)} findings{yielded}")
    print(f"{len(rules)} rules alone as among all")


if __name__ == "__main__":
    main()
