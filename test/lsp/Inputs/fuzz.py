#!/usr/bin/env python3
"""Hostile messages for forkcheck --lsp: valid frames whose bodies are
mutated (bytes flipped, cut, values of the wrong type or out of range). The
server must stay up, answer every request, and exit 0 after shutdown.

usage: fuzz.py FORKCHECK DIR COUNT SEED
"""
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(__file__))
from lspclient import Client, uri  # noqa: E402

forkcheck, top, count, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
path = os.path.join(top, "f.c")
u = uri(path)
text = open(path, encoding="utf-8").read()

ODD = [None, True, -1, 0, 2**31, 2**63 - 1, -2**63, 1e308, "", "\u0000", "\udc80", "file:///",
       "file://host/x.c", "file:///%00", "file:///%zz", "x" * 5000, [], {}, [[[[]]]],
       {"line": -5, "character": 2**40}, {"start": {"line": 99999, "character": 99999},
                                          "end": {"line": 0, "character": 0}}]


def pos():
    return {"line": rng.choice([0, 1, 5, 30, 10**9, -1]), "character": rng.choice([0, 3, 40, 10**9, -1])}


def valid():
    version = rng.randint(1, 1000)
    return rng.choice([
        {"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": u, "languageId": "c", "version": version, "text": text}}},
        {"method": "textDocument/didChange", "params": {
            "textDocument": {"uri": u, "version": version},
            "contentChanges": [{"range": {"start": pos(), "end": pos()},
                                "text": rng.choice(["", "x", "\n", "😀", "fork();\n", "}"])}]}},
        {"method": "textDocument/didChange", "params": {
            "textDocument": {"uri": u, "version": version}, "contentChanges": [{"text": text}]}},
        {"method": "textDocument/didSave", "params": {"textDocument": {"uri": u}}},
        {"method": "textDocument/didClose", "params": {"textDocument": {"uri": u}}},
        {"id": version, "method": "textDocument/codeAction", "params": {
            "textDocument": {"uri": u}, "range": {"start": pos(), "end": pos()},
            "context": {"diagnostics": [{"range": {"start": pos(), "end": pos()},
                                         "source": "forkcheck", "code": "child-unsafe-call",
                                         "message": "m"}]}}},
        {"id": version, "method": "initialize", "params": {"capabilities": {}}},
        {"id": str(version), "method": "workspace/symbol", "params": {"query": ""}},
    ])


def replace_somewhere(obj):
    """Replaces one value somewhere inside obj with an odd one."""
    if isinstance(obj, dict) and obj:
        key = rng.choice(list(obj))
        if rng.random() < 0.4 or not isinstance(obj[key], (dict, list)):
            obj[key] = rng.choice(ODD)
        else:
            replace_somewhere(obj[key])
    elif isinstance(obj, list) and obj:
        i = rng.randrange(len(obj))
        if rng.random() < 0.4 or not isinstance(obj[i], (dict, list)):
            obj[i] = rng.choice(ODD)
        else:
            replace_somewhere(obj[i])


def mutate(msg):
    msg["jsonrpc"] = "2.0"
    how = rng.randrange(4)
    if how == 0:
        replace_somewhere(msg)
        return json.dumps(msg).encode("utf-8", "surrogatepass")
    body = bytearray(json.dumps(msg).encode())
    if how == 1:
        for _ in range(rng.randint(1, 8)):
            body[rng.randrange(len(body))] = rng.randrange(256)
    elif how == 2:
        body = body[:rng.randrange(len(body))]
    else:
        body[rng.randrange(len(body))] = ord(rng.choice("{}[]\",:"))
    return bytes(body)


c = Client([forkcheck, "--lsp"])
c.initialize(top)
c.open(path)
for i in range(count):
    body = mutate(valid())
    c.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    if c.proc.poll() is not None:
        sys.exit(f"the server died after message {i}: {body[:200]!r}")
# Every request answered, the server still serving:
r = c.request("textDocument/codeAction", {"textDocument": {"uri": u}, "context": {"diagnostics": []}},
              timeout=120)
assert "result" in r, r
status = c.finish(timeout=120)
print(f"{count} hostile messages; still serving; exit status after shutdown: {status}")
