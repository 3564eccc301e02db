"""Latency of `mdfc --lsp`: from a didChange to the publishDiagnostics it causes.

usage: lsp_latency.py MDFC SRC_DIR [EDITS]

For a 300-layer file (bench/gen_layers.sh 300) and for ResNet-50 from the
stdlib (stdlib/networks/resnet50.mdf with its imports):
  - milliseconds: EDITS (default 50) edits, each a whole re-check (a space
    added at the end of line 1, then removed), timed from writing the
    didChange to reading its publishDiagnostics: median and maximum wall
    clock, and the server's own CPU time per edit (from /proc: on a loaded
    machine the wall clock also counts the time it waits for a core);
  - instructions per edit under callgrind: (instructions of a session with
    20 edits - those of the same session with none) / 20, so start-up,
    didOpen and exit cancel out.  Needs valgrind (else skipped).
Wall-clock times depend on the machine's load; instruction counts do not.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "tests", "lsp"))
from lspclient import Server, uri  # noqa: E402

MDFC, SRC = sys.argv[1], sys.argv[2]
EDITS = int(sys.argv[3]) if len(sys.argv) > 3 else 50


def cpu_seconds(pid):
    """User + system CPU time of a process so far (from /proc, 1/100 s ticks)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def session(path, edits, wrapper=(), timed=False):
    text = open(path).read()
    line0 = text.split("\n", 1)[0]
    u = uri(path)
    s = Server(MDFC, wrapper=wrapper)
    i = s.request("initialize", {"capabilities": {}})
    s.response(i, 120)
    s.notify("initialized", {})
    s.notify("textDocument/didOpen", {"textDocument": {"uri": u, "languageId": "mdf", "version": 1, "text": text}})
    first = s.diagnostics(u, 300)
    times = []
    cpu0 = cpu_seconds(s.p.pid)
    for k in range(edits):
        add = k % 2 == 0
        ch = {"range": {"start": {"line": 0, "character": len(line0) + (0 if add else 0)},
                        "end": {"line": 0, "character": len(line0) + (0 if add else 1)}},
              "text": " " if add else ""}
        t0 = time.perf_counter()
        s.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": k + 2}, "contentChanges": [ch]})
        while True:
            m = s.read(300)
            if m is None:
                raise SystemExit("no publishDiagnostics after edit %d" % k)
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == k + 2:
                break
        times.append((time.perf_counter() - t0) * 1000)
    cpu = (cpu_seconds(s.p.pid) - cpu0) * 1000 / max(edits, 1)
    q = s.request("shutdown")
    s.response(q, 120)
    s.notify("exit")
    s.close(300)
    return first, times, cpu


def callgrind_ir(path, edits):
    out = tempfile.mktemp(prefix="lsp-cg-")
    session(path, edits, wrapper=("valgrind", "--tool=callgrind", "--callgrind-out-file=" + out))
    ir = None
    with open(out) as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                ir = int(line.split()[1])
    os.unlink(out)
    return ir


tmp = tempfile.mkdtemp()
big = os.path.join(tmp, "layers300.mdf")
with open(big, "w") as f:
    f.write(subprocess.run(["bash", os.path.join(here, "gen_layers.sh"), "300"], capture_output=True,
                           text=True, check=True).stdout)
cases = [("300-layer file (bench/gen_layers.sh 300)", big),
         ("ResNet-50 (stdlib/networks/resnet50.mdf)", os.path.join(SRC, "stdlib", "networks", "resnet50.mdf"))]
for name, path in cases:
    first, times, cpu = session(path, EDITS)
    times.sort()
    med = times[len(times) // 2]
    line = ("%s: %d diagnostics; didChange -> publishDiagnostics over %d edits: median %.2f ms, max %.2f ms "
            "wall clock, %.2f ms of the server's CPU time per edit") % (name, len(first), EDITS, med, times[-1], cpu)
    if shutil.which("valgrind"):
        a, b = callgrind_ir(path, 0), callgrind_ir(path, 20)
        if a and b:
            line += "; %s instructions per edit (callgrind)" % format((b - a) // 20, ",")
    else:
        line += "; valgrind absent: instructions not counted"
    print(line, flush=True)
shutil.rmtree(tmp)
