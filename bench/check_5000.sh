#!/usr/bin/env bash
# Measures `mdfc --check` on a generated 5000-layer file: wall time (best of
# 5) and, when valgrind is installed, the instruction count (repeatable).
# Usage: bench/check_5000.sh [path/to/mdfc]
# Last measured: 159,295,965 instructions (goal 250 M; docs/internals.md
# section 6 says where they go).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mdfc=${1:-$here/../build/mdfc}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bash "$here/gen_layers.sh" 5000 > "$tmp/big.mdf"
echo "input: 5000 layers, $(wc -c < "$tmp/big.mdf") bytes, $(wc -l < "$tmp/big.mdf") lines"
"$mdfc" --check "$tmp/big.mdf"
best=
for i in 1 2 3 4 5; do
	s=$(date +%s%N); "$mdfc" --check "$tmp/big.mdf"; e=$(date +%s%N)
	t=$(( (e - s) / 1000000 ))
	if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
done
echo "mdfc --check: best of 5 wall time ${best} ms"
if command -v valgrind >/dev/null; then
	valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$mdfc" --check "$tmp/big.mdf" 2> "$tmp/vg.log" || true
	ir=$(grep -oE 'Collected : [0-9]+' "$tmp/vg.log" | grep -oE '[0-9]+' || true)
	echo "mdfc --check: ${ir:-?} instructions (callgrind)"
fi
