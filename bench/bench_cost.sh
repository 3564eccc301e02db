#!/usr/bin/env bash
# bench_cost.sh: instructions executed by `mdfc Resnet50_kcp_ws.m --hw
# accelerator_1.m --emit=csv` under callgrind, against MAESTRO's recorded
# counts for the same input (semantics.md §5): 321,860,094 for an -O2 build,
# 1,500,171,048 for its official (-O0) build.
#
#   bench/bench_cost.sh [MDFC_BINARY] [REFERENCE_DIR]
#
# Build mdfc optimized first (cmake -DCMAKE_BUILD_TYPE=Release).  Prints the
# count, the two ratios and whether the goal (>= 20x fewer than -O2) is met;
# exits 77 when valgrind or the reference folder is missing.
set -u
here=$(cd "$(dirname "$0")" && pwd)
mdfc=${1:-$here/../build/mdfc}
ref=${2:-$here/../../shared/reference}
map=$ref/maestro/mapping/Resnet50_kcp_ws.m
hw=$ref/maestro/hw/accelerator_1.m
MAESTRO_O2=321860094
MAESTRO_O0=1500171048

command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed"; exit 77; }
[ -f "$map" ] && [ -f "$hw" ] || { echo "SKIP: $ref/maestro not found"; exit 77; }
[ -x "$mdfc" ] || { echo "no mdfc binary at $mdfc"; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" \
	"$mdfc" "$map" --hw "$hw" --emit=csv -o "$tmp/out.csv" 2>"$tmp/vg.txt"
rc=$?
[ $rc -eq 0 ] || { echo "mdfc failed (exit $rc)"; cat "$tmp/vg.txt"; exit 1; }
ir=$(sed -n 's/^==[0-9]*== Collected : \([0-9]*\).*/\1/p' "$tmp/vg.txt")
[ -n "$ir" ] || ir=$(grep '^summary:' "$tmp/cg.out" | awk '{print $2}')
rows=$(($(wc -l <"$tmp/out.csv") - 1))
awk -v ir="$ir" -v o2=$MAESTRO_O2 -v o0=$MAESTRO_O0 -v rows="$rows" 'BEGIN {
	printf "mdfc: %d instructions for %d layers (%.0f per layer)\n", ir, rows, ir / rows
	printf "MAESTRO -O2: %d (%.1fx more), official -O0: %d (%.1fx more)\n", o2, o2 / ir, o0, o0 / ir
	printf "goal >= 20x fewer than MAESTRO -O2: %s\n", (o2 / ir >= 20) ? "met" : "NOT met"
}'
