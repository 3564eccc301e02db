"""python.plot_example: examples/python/plot_sweep.py's network totals equal
the CLI's (--num-pes N --emit=json, network totals) at two PE counts, and
with matplotlib installed it writes a PNG; without it, SKIPPED (77)."""
import json
import os
import subprocess
import sys
import tempfile

src = sys.argv[1]
sys.path.insert(0, os.path.join(src, "examples", "python"))
import plot_sweep  # noqa: E402

net = os.path.join(src, "stdlib", "networks", "vgg16.mdf")
fail = 0
totals = plot_sweep.sweep_network(net, [64, 256])
for p in (64, 256):
    out = subprocess.run([os.environ["MDFC_CLI"], "--emit=json", "--num-pes", str(p), net],
                         capture_output=True, text=True).stdout
    t = json.loads(out)["networks"][0]["totals"]
    got = totals[p]
    if got is None or got[0] != t["runtime_cycles"] or abs(got[1] - t["energy_nj"]) > 1e-6 * t["energy_nj"]:
        print("FAIL: %d PEs: example %r, CLI %r %r" % (p, got, t["runtime_cycles"], t["energy_nj"]))
        fail += 1
try:
    import matplotlib  # noqa: F401
except ImportError:
    print("SKIP: python3-matplotlib not installed (totals checked: %d failed)" % fail)
    sys.exit(1 if fail else 77)
with tempfile.TemporaryDirectory() as d:
    png = os.path.join(d, "s.png")
    plot_sweep.main(["plot_sweep.py", net, png])
    with open(png, "rb") as f:
        head = f.read(8)
    if head != b"\x89PNG\r\n\x1a\n" or os.path.getsize(png) < 1000:
        print("FAIL: no PNG written")
        fail += 1
print("%d failed" % fail)
sys.exit(1 if fail else 0)
