#!/usr/bin/env bash
# bench_cost.sh: instructions executed by `mdfc Resnet50_kcp_ws.m --hw
# accelerator_1.m --emit=csv` under callgrind, against MAESTRO's recorded
# counts for the same input (docs/cost-model.md §7): 321,860,094 for an -O2 build,
# 1,500,171,048 for its official (-O0) build.
#
#   bench/bench_cost.sh [MDFC_BINARY] [REFERENCE_DIR] [BENCH_API_BINARY]
#
# Build mdfc optimized first (cmake -DCMAKE_BUILD_TYPE=RelWithDebInfo).
# Prints the count, the two ratios and whether the goal (>= 20x fewer than
# -O2) is met; exits 77 when valgrind or the reference folder is missing.
#
# Then, when bench_api is there (default: bench/bench_api in the binary's
# build folder), the C API's cost per layer evaluation for each sweep of
# bench_api.c: instructions from callgrind, the difference between a run of
# 12 rounds and one of 2 (so parsing and set-up cancel out) divided by the
# evaluations in between; and evaluations/s from a 1-second timed run (a
# shared machine: times vary, instruction counts do not).  For pes-new, whose
# first rounds also meet SpatialMap states for the first time, also the
# count between rounds 102 and 152, when they have all been met.
set -u
here=$(cd "$(dirname "$0")" && pwd)
mdfc=${1:-$here/../build/mdfc}
ref=${2:-$here/../../shared/reference}
api=${3:-$(dirname "$mdfc")/bench/bench_api}
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

[ -x "$api" ] || { echo "(no bench_api at $api: API sweeps not measured)"; exit 0; }
count() {       # instructions of: bench_api --only $1 --rounds $2
	valgrind --tool=callgrind --callgrind-out-file="$tmp/api.out" "$api" "$map" --only "$1" --rounds "$2" \
		>"$tmp/api.txt" 2>"$tmp/api.vg" || { cat "$tmp/api.vg"; exit 1; }
	sed -n 's/^==[0-9]*== Collected : \([0-9]*\).*/\1/p' "$tmp/api.vg"
}
evals() {
	sed -n 's/.* evaluations *\([0-9][0-9]*\) in .*/\1/p' "$tmp/api.txt"
}
per_eval() {    # instructions per evaluation of $1 between rounds $2 and $3
	i2=$(count "$1" "$2"); e2=$(evals)
	i12=$(count "$1" "$3"); e12=$(evals)
	awk -v i2="$i2" -v i12="$i12" -v e2="$e2" -v e12="$e12" 'BEGIN { printf "%7.0f", (i12 - i2) / (e12 - e2) }'
}
echo "C API, Resnet50_kcp_ws layers (accelerator_1), per layer evaluation:"
for sw in noc latency offchip l1 l2 simd pes pes-new; do
	n=$(per_eval "$sw" 2 12)
	rate=$("$api" "$map" --only "$sw" --seconds 1 | sed -n 's/.*: *\([0-9][0-9]*\) evaluations\/s\/core.*/\1/p')
	printf "  %-8s %s instructions, %9d evaluations/s/core\n" "$sw" "$n" "$rate"
done
printf "  pes-new  %s instructions between rounds 102 and 152\n" "$(per_eval pes-new 102 152)"
