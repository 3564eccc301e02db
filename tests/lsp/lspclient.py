"""A small Language Server Protocol client for mdfc's tests (standard library only).

Starts `mdfc --lsp`, writes framed JSON-RPC messages (or raw bytes), and
reads the server's framed messages with a timeout, so a server that hangs
fails the test instead of blocking it.
"""
import json
import os
import select
import subprocess
import time


class Server:
    def __init__(self, mdfc, args=(), env=None, wrapper=()):
        self.p = subprocess.Popen([*wrapper, mdfc, "--lsp", *args], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.buf = b""
        self.next_id = 1

    def raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, obj):
        body = json.dumps(obj).encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request(self, method, params=None):
        i = self.next_id
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": i, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return i

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def read(self, timeout=10.0):
        """The next message, or None at end of output or after `timeout` seconds."""
        end = time.time() + timeout
        fd = self.p.stdout.fileno()
        while True:
            h = self.buf.find(b"\r\n\r\n")
            if h >= 0:
                head = self.buf[:h].decode()
                n = None
                for line in head.split("\r\n"):
                    k, _, v = line.partition(":")
                    if k.strip().lower() == "content-length":
                        n = int(v)
                if n is None:
                    raise AssertionError("server sent a header without Content-Length: %r" % head)
                if len(self.buf) >= h + 4 + n:
                    body = self.buf[h + 4:h + 4 + n]
                    self.buf = self.buf[h + 4 + n:]
                    return json.loads(body)
            left = end - time.time()
            if left <= 0:
                return None
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                return None
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return None
            self.buf += chunk

    def response(self, i, timeout=10.0):
        """The response to request `i`; notifications before it are kept in self.seen."""
        self.seen = []
        while True:
            m = self.read(timeout)
            if m is None:
                raise AssertionError("no response to request %s" % i)
            if m.get("id") == i and "method" not in m:
                return m
            self.seen.append(m)

    def diagnostics(self, uri, timeout=10.0):
        """The next publishDiagnostics for `uri`."""
        while True:
            m = self.read(timeout)
            if m is None:
                raise AssertionError("no publishDiagnostics for %s" % uri)
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                return m["params"]["diagnostics"]

    def rss_kb(self):
        with open("/proc/%d/status" % self.p.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def close(self, timeout=30):
        try:
            self.p.stdin.close()
        except BrokenPipeError:
            pass
        try:
            rc = self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            raise AssertionError("the server did not exit after its input closed")
        err = self.p.stderr.read().decode(errors="replace")
        return rc, err


def uri(path):
    from urllib.parse import quote
    return "file://" + quote(os.path.abspath(path))
