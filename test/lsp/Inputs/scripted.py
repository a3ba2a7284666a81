#!/usr/bin/env python3
"""A scripted LSP session against forkcheck --lsp over pipes.

usage: scripted.py FORKCHECK DIR   (DIR holds proj/ and flags/ from scripted.test)
Prints what it sees, for FileCheck; fails on any unexpected answer.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from lspclient import Client, uri  # noqa: E402

forkcheck, top = sys.argv[1], sys.argv[2]
main_c = os.path.join(top, "proj", "main.c")
work_c = os.path.join(top, "proj", "work.c")
flags_c = os.path.join(top, "flags", "f.c")


def show(name, diags):
    print(f"{name}: {len(diags)} diagnostics")
    for d in sorted(diags, key=lambda d: (d["range"]["start"]["line"], d["range"]["start"]["character"])):
        r = d["range"]
        related = sorted({os.path.basename(x["location"]["uri"]) for x in d["relatedInformation"]})
        print(f"  {r['start']['line']}:{r['start']['character']}-{r['end']['line']}:{r['end']['character']}"
              f" severity={d['severity']} source={d['source']} code={d['code']}"
              f" href={d['codeDescription']['href']}")
        print(f"    {d['message']}")
        print(f"    related: {' '.join(related)}")


def logs_since(c, start):
    return [m["params"]["message"] for m in c.seen[start:] if m.get("method") == "window/logMessage"]


def error_of(reply):
    return f"error {reply['error']['code']} id={reply.get('id')!r}"


def session_with_database():
    c = Client([forkcheck, "--lsp"])
    # Before initialize, requests are refused.
    r = c.request("textDocument/codeAction", {})
    print("before initialize:", error_of(r))
    caps = c.initialize(top)["result"]["capabilities"]
    print("positionEncoding:", caps["positionEncoding"], "change:", caps["textDocumentSync"]["change"],
          "codeActionKinds:", caps["codeActionProvider"]["codeActionKinds"])

    # Opening main.c: linked with work.c, which is not open.
    start = len(c.seen)
    c.open(main_c, version=1)
    show("open", c.diagnostics(main_c, version=1))
    print("logs:", [os.path.basename(l) for l in logs_since(c, start) if l.startswith("parsed")])

    # An incremental edit in the buffer (the file on disk is unchanged).
    start = len(c.seen)
    c.change(main_c, 2, [{"range": {"start": {"line": 14, "character": 4},
                                    "end": {"line": 14, "character": 14}}, "text": "safe_work"}])
    show("safe_work", c.diagnostics(main_c, version=2))
    print("logs:", [os.path.basename(l) for l in logs_since(c, start) if l.startswith("parsed")])

    # A new line with a character outside the BMP before the call: UTF-16 columns.
    line = '    puts("\U0001F600"); printf("x");'
    c.change(main_c, 3, [{"range": {"start": {"line": 15, "character": 0},
                                    "end": {"line": 15, "character": 0}}, "text": line + "\n"}])
    diags = c.diagnostics(main_c, version=3)
    show("emoji", diags)
    want = len(line[:line.index("printf")].encode("utf-16-le")) // 2
    printf = [d for d in diags if "'printf'" in d["message"]][0]
    print("printf at the UTF-16 column:", printf["range"]["start"]["character"] == want)

    # Code actions: NOLINT at the end of the line.
    r = c.request("textDocument/codeAction", {
        "textDocument": {"uri": uri(main_c)}, "range": printf["range"],
        "context": {"diagnostics": [printf]}})
    for a in r["result"]:
        (edits,) = a["edit"]["changes"].values()
        print("action:", a["title"], a["kind"], [(e["range"]["start"], e["newText"]) for e in edits])
        print("end of line:", edits[0]["range"]["start"]["character"] == len(line.encode("utf-16-le")) // 2)

    # A file that is not open changes on disk: re-read at the next analysis.
    with open(work_c, "w", encoding="utf-8") as f:
        f.write("#include <stdio.h>\nvoid child_work(void) {}\nvoid safe_work(void) { puts(\"no\"); }\n")
    os.utime(work_c, (0, 0))
    start = len(c.seen)
    c.notify("textDocument/didSave", {"textDocument": {"uri": uri(main_c)}})
    show("after save", c.diagnostics(main_c))
    print("logs:", [os.path.basename(l) for l in logs_since(c, start) if l.startswith("parsed")])

    malformed(c)

    c.notify("textDocument/didClose", {"textDocument": {"uri": uri(main_c)}})
    show("closed", c.diagnostics(main_c))
    r = c.request("shutdown", None)
    print("shutdown:", r)
    print("after shutdown:", error_of(c.request("textDocument/codeAction", {})))
    c.notify("exit", None)
    print("exit status:", c.proc.wait(30))


def raw(c, body):
    c.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    return c.wait(lambda m: "error" in m and "method" not in m)


def malformed(c):
    print("not JSON:", error_of(raw(c, b"{not json")))
    print("trailing:", error_of(raw(c, b'{"jsonrpc":"2.0","method":"x"} x')))
    print("an array:", error_of(raw(c, b"[1, 2]")))
    print("bad id:", error_of(raw(c, b'{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}')))
    print("deep:", error_of(raw(c, b"[" * 100000 + b"]" * 100000)))
    c.send_raw(b"Content-Type: text/plain\r\n\r\n")
    print("no length:", error_of(c.wait(lambda m: "error" in m)))
    c.send_raw(b"Content-Length: many\r\n\r\n")
    print("bad length:", error_of(c.wait(lambda m: "error" in m)))
    print("unknown method:", error_of(c.request("forkcheck/nothing", {})))
    print("bad params:", error_of(c.request("textDocument/codeAction", {"textDocument": 3})))
    for method, params in [("textDocument/didChange", {"textDocument": {"uri": uri(work_c)},
                                                         "contentChanges": [{"text": ""}]}),
                           ("textDocument/didOpen", {"textDocument": {"uri": "http://x/y.c", "text": ""}})]:
        c.notify(method, params)
        m = c.wait(lambda m: m.get("method") == "window/logMessage" and m["params"]["type"] == 1)
        print("notification:", m["params"]["message"])
    # Still serving:
    r = c.request("textDocument/codeAction", {"textDocument": {"uri": uri(main_c)},
                                              "context": {"diagnostics": []}})
    print("still serving:", r["result"])


def session_with_flags():
    """compile_flags.txt; UTF-8 positions when the client offers them; exit
    without shutdown."""
    c = Client([forkcheck, "--lsp"])
    caps = c.initialize(top, encodings=["utf-8", "utf-16"])["result"]["capabilities"]
    print("positionEncoding:", caps["positionEncoding"])
    c.open(flags_c)
    diags = c.diagnostics(flags_c)
    show("flags", diags)
    with open(flags_c, encoding="utf-8") as f:
        text = f.read().split("\n")
    printf = [d for d in diags if "'printf'" in d["message"]][0]
    line = text[printf["range"]["start"]["line"]]
    print("printf at the UTF-8 column:",
          printf["range"]["start"]["character"] == len(line[:line.index("printf")].encode()))

    # exit() in the child: its fix-it is the preferred code action.
    i = next(k for k, l in enumerate(text) if "_exit(0);" in l)
    c.change(flags_c, 2, [{"range": {"start": {"line": i, "character": 4},
                                     "end": {"line": i, "character": 9}}, "text": "exit"}])
    diags = c.diagnostics(flags_c, version=2)
    print("with exit:", sorted(d["code"] for d in diags))
    cleanup = [d for d in diags if d["code"] == "child-exit-cleanup"][0]
    r = c.request("textDocument/codeAction", {"textDocument": {"uri": uri(flags_c)},
                                              "range": cleanup["range"],
                                              "context": {"diagnostics": [cleanup]}})
    for a in r["result"]:
        print("action:", a["title"], "preferred" if a.get("isPreferred") else "")
    (edits,) = r["result"][0]["edit"]["changes"].values()
    edits.sort(key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True)
    c.change(flags_c, 3, [{"range": e["range"], "text": e["newText"]} for e in edits])
    print("after the fix:", sorted(d["code"] for d in c.diagnostics(flags_c, version=3)))
    c.notify("exit", None)
    print("exit status without shutdown:", c.proc.wait(30))


def session_warm():
    """A compilation database at the workspace root is parsed at initialize."""
    c = Client([forkcheck, "--lsp"])
    c.initialize(os.path.join(top, "proj"))
    m = c.wait(lambda m: m.get("method") == "window/logMessage"
               and m["params"]["message"].startswith("parsed the"))
    print("before any didOpen:", m["params"]["message"].replace(top, "DIR"))
    start = len(c.seen)
    c.open(main_c, version=1)
    c.diagnostics(main_c, version=1)
    print("logs:", [os.path.basename(l) for l in logs_since(c, start) if l.startswith("parsed")])
    print("exit status:", c.finish())


session_with_database()
session_with_flags()
session_warm()
