#!/usr/bin/env bash
# python_sweep.sh: a PE sweep through the Python module (one compile, one
# in-process evaluation per point: mdfc.Result.sweep) against one mdfc
# process per point (`mdfc --num-pes P --emit=json FILE`), on one layer.
#
#   bench/python_sweep.sh [BUILD_DIR] [FILE] [LAYER]
#
# Default FILE: examples/quickstart/conv.mdf (one layer: the cheapest file
# a process per point can be given).  Prints, for each way:
#  - instructions per point from callgrind (deterministic): Python, the
#    difference between a sweep of 2,000 points and one of 200, divided by
#    1,800 (import and compile cancel out); processes, one whole run of
#    mdfc (user-space instructions only: exec, the kernel and the dynamic
#    loader's page faults come on top, so the ratio is a lower bound);
#  - wall time per point (a shared machine: indicative only): 20,000 Python
#    points, 200 processes;
# and the ratios.  Exits 77 when valgrind or /usr/bin/python3 is missing.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
file=${2:-$here/../examples/quickstart/conv.mdf}
layer=${3:-}
py=/usr/bin/python3
[ -x "$py" ] || { echo "SKIP: $py missing"; exit 77; }
export MDFC_LIBRARY=$build/libmdfc.so.0 PYTHONPATH=$here/../python PYTHONDONTWRITEBYTECODE=1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/sweep.py" <<PY
import sys, time, mdfc
n = int(sys.argv[1]); timed = len(sys.argv) > 2
r = mdfc.compile_file("$file")
layer = "$layer" or r.layer_names()[0][1]
pes = [16, 32, 64, 128, 256, 512, 1024, 2048]
pts = [pes[i % len(pes)] for i in range(n)]
t = time.perf_counter()
rows = r.sweep(layer, "num_pes", pts)
t = time.perf_counter() - t
assert len(rows) == n and all(row["ok"] for row in rows)
if timed:
    print("%.3f" % (t / n * 1e6))
PY
echo "input: $file"
py_us=$("$py" "$tmp/sweep.py" 20000 timed)
start=$(date +%s%N)
for i in $(seq 200); do "$build/mdfc" --num-pes $((16 << (i % 8))) --emit=json "$file" > /dev/null 2>&1; done
proc_us=$(( ($(date +%s%N) - start) / 200 / 1000 ))
echo "wall time per point: python ${py_us} us, process ${proc_us} us: $(awk -v a="$proc_us" -v b="$py_us" 'BEGIN{printf "%.0f", a/b}')x"
if command -v valgrind >/dev/null; then
	ir() { valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" "$@" > /dev/null 2>&1; \
		callgrind_annotate "$tmp/cg" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'; }
	a=$(ir "$py" "$tmp/sweep.py" 200); b=$(ir "$py" "$tmp/sweep.py" 2000)
	p=$(ir "$build/mdfc" --num-pes 64 --emit=json "$file")
	per=$(( (b - a) / 1800 ))
	echo "instructions per point: python $per, process $p: $(awk -v a="$p" -v b="$per" 'BEGIN{printf "%.0f", a/b}')x"
else
	echo "valgrind missing: no instruction counts"; exit 77
fi
