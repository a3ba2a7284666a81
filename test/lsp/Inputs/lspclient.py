"""A scripted LSP client over pipes: frames messages with Content-Length,
reads the server's messages on a thread, and waits for the ones asked for."""
import json
import os
import queue
import subprocess
import threading
import time


def uri(path):
    return "file://" + os.path.abspath(path)


class Client:
    def __init__(self, cmd, stderr=None):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=stderr)
        self.inbox = queue.Queue()
        self.seen = []  # every message read, in order
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.decode("ascii").rstrip("\r\n")
                if not line:
                    break
                key, _, value = line.partition(":")
                headers[key.strip().lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body))

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, msg):
        body = json.dumps(msg).encode("utf-8")
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params, timeout=60):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == rid and "method" not in m, timeout)

    def wait(self, pred, timeout=60):
        """The first message from now on that pred accepts."""
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError("no matching message within %s s" % timeout)
            try:
                m = self.inbox.get(timeout=left)
            except queue.Empty:
                continue
            if m is None:
                raise EOFError("the server closed its output")
            self.seen.append(m)
            if pred(m):
                return m

    def diagnostics(self, path, timeout=60, version=None):
        """The next publishDiagnostics for path (and version, if given)."""
        u = uri(path)
        m = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                      and m["params"]["uri"] == u
                      and (version is None or m["params"].get("version") == version), timeout)
        return m["params"]["diagnostics"]

    def open(self, path, version=1, text=None):
        if text is None:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri(path), "languageId": "c", "version": version, "text": text}})

    def change(self, path, version, changes):
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": uri(path), "version": version}, "contentChanges": changes})

    def initialize(self, root, encodings=None):
        caps = {"general": {"positionEncodings": encodings}} if encodings else {}
        r = self.request("initialize", {"processId": os.getpid(), "rootUri": uri(root),
                                        "capabilities": caps})
        self.notify("initialized", {})
        return r

    def finish(self, timeout=30):
        """shutdown then exit; returns the exit status."""
        r = self.request("shutdown", None)
        assert r.get("result", "missing") is None, r
        self.notify("exit", None)
        return self.proc.wait(timeout)
