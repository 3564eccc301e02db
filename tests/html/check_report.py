#!/usr/bin/python3
"""check_report.py: open an mdfc HTML report in headless Chromium and check it.

    /usr/bin/python3 check_report.py CHROMIUM REPORT.html NETWORKS_LAYERS [SCREENSHOT.png]

NETWORKS_LAYERS: the layer count of each network, comma-separated ("8" or
"8,3").  Checks, printing one line per failure (exit 1), else "ok" lines:

  1. no console message at all (the report has no script: any message is a
     blocked load, a CSP violation or an error);
  2. no request leaves the file: Chromium runs with every host resolved to
     nothing and a proxy that is a local socket counting connections; any
     http(s) request reaches it;
  3. in the DOM Chromium parsed (--dump-dom): per network N and layer L the
     chart rows rt-N-L, en-N-L, ut-N-L, buf-N-L, the drill-down layer-N-L and
     its space-time picture st-N-L;
  4. a screenshot (--screenshot) is not blank: more than 1% of its pixels
     differ from the most common colour, in more than 8 colours.

Before the report, the same checks run on a small page that breaks 1 and 2
(an image from the network, a console.error): they must fail there, so
the test can fail.  Only the Python standard library is used.
"""
import collections
import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import zlib


class Proxy:
    """A listening socket standing in for an HTTP proxy: counts connections."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.seen = []
        self.stop = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            try:
                conn.settimeout(1)
                self.seen.append(conn.recv(200).split(b"\r\n")[0].decode("latin-1"))
            except OSError:
                self.seen.append("(connection)")
            conn.close()

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


def chromium(browser, profile, proxy, *args):
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-extensions", "--disable-background-networking", "--disable-sync",
           "--disable-component-update", "--disable-default-apps", "--user-data-dir=" + profile,
           "--no-pings", "--disable-domain-reliability", "--disable-client-side-phishing-detection",
           "--disable-breakpad", "--disable-field-trial-config", "--no-service-autorun",
           "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter,"
           "AutofillServerCommunication,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions",
           "--google-base-url=http://127.0.0.1:9", "--gaia-url=http://127.0.0.1:9",
           "--component-updater=url-source=http://127.0.0.1:9/",
           "--enable-logging=stderr", "--v=0", "--proxy-server=http://127.0.0.1:%d" % proxy.port,
           "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"] + list(args)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=180)
    return r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


def png_pixels(path):
    """(width, height, list of pixel tuples) of an 8-bit RGB or RGBA PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                raise ValueError("PNG colour type %d depth %d" % (ctype, depth))
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    pixels = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        pixels.extend(bytes(line[i:i + 3]) for i in range(0, stride, bpp))
        prev = line
    return w, h, pixels


def check(browser, page, layers, shot, tmp):
    """The list of failures of page (a path)."""
    fails = []
    url = "file://" + os.path.abspath(page)
    proxy = Proxy()
    try:
        dom, err = chromium(browser, os.path.join(tmp, "profile"), proxy, "--dump-dom", url)
        if shot:
            _, err2 = chromium(browser, os.path.join(tmp, "profile"), proxy, "--window-size=1200,1500",
                               "--hide-scrollbars", "--screenshot=" + shot, url)
            err += err2
    finally:
        proxy.close()
    console = [l for l in err.splitlines() if ":CONSOLE" in l]
    for l in console[:5]:
        fails.append("console message: " + l[:200])
    for r in proxy.seen[:5]:
        fails.append("external request: " + r)
    ids = set(re.findall(r'\bid="([^"]+)"', dom))
    for n, count in enumerate(layers):
        for i in range(count):
            for kind in ("rt", "en", "ut", "buf", "layer", "st"):
                if "%s-%d-%d" % (kind, n, i) not in ids:
                    fails.append("no element %s-%d-%d in the DOM" % (kind, n, i))
    if shot:
        if not os.path.exists(shot):
            fails.append("no screenshot")
        else:
            w, h, px = png_pixels(shot)
            counts = collections.Counter(px)
            bg, nbg = counts.most_common(1)[0]
            other = len(px) - nbg
            if other * 100 <= len(px) or len(counts) <= 8:
                fails.append("screenshot %dx%d looks blank: %d of %d pixels differ from the background, "
                             "%d colours" % (w, h, other, len(px), len(counts)))
    return fails


def main():
    if len(sys.argv) < 4:
        print("usage: check_report.py CHROMIUM REPORT.html NETWORKS_LAYERS [SCREENSHOT.png]")
        return 2
    browser, report = sys.argv[1], sys.argv[2]
    layers = [int(x) for x in sys.argv[3].split(",") if x]
    shot = sys.argv[4] if len(sys.argv) > 4 else None
    with tempfile.TemporaryDirectory() as tmp:
        bad = os.path.join(tmp, "bad.html")
        with open(bad, "w") as f:
            f.write('<!DOCTYPE html><html><body><p id="x">x</p><img src="http://example.com/a.png">'
                    '<script>console.error("boom")</script></body></html>\n')
        caught = check(browser, bad, [], None, tmp)
        if not any(f.startswith("console") for f in caught) or \
           not any(f.startswith("external") for f in caught):
            print("FAIL: the checks do not catch a bad page:", caught)
            return 1
        print("ok: a page with an external image and a console error is caught")
        fails = check(browser, report, layers, shot or os.path.join(tmp, "shot.png"), tmp)
    for f in fails:
        print("FAIL: " + f)
    if not fails:
        print("ok: no console message, no request, %d layers' charts and drill-downs in the DOM, "
              "screenshot not blank" % sum(layers))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
