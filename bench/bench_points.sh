#!/usr/bin/env bash
# bench_points.sh: instructions per in-process mapping point (include/mdfc/
# search.h) on ResNet-50's layer shapes, from callgrind: the difference
# between a run of bench_points with N2 points and one with N1 (so the
# compilation, the starting points and the warm-up round cancel out),
# divided by N2 - N1.  Then a timed run (points/s on one core; a shared
# machine: times vary, instruction counts do not) and the memory of a long
# run (the point arenas' bytes and peak RSS after the warm-up and at the
# end: flat memory means equal).
#
#   bench/bench_points.sh [BENCH_POINTS_BINARY] [LONG_RUN_POINTS]
set -u
here=$(cd "$(dirname "$0")" && pwd)
bp=${1:-$here/../build/bench/bench_points}
long=${2:-1000000}
command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed"; exit 77; }
[ -x "$bp" ] || { echo "no bench_points at $bp"; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count() {
	valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$bp" --points "$1" >"$tmp/o.txt" 2>"$tmp/vg.txt" \
		|| { cat "$tmp/vg.txt"; exit 1; }
	sed -n 's/^==[0-9]*== Collected : \([0-9]*\).*/\1/p' "$tmp/vg.txt"
}
n1=3000 n2=13000
i1=$(count $n1); i2=$(count $n2)
awk -v a="$i1" -v b="$i2" -v n1=$n1 -v n2=$n2 'BEGIN {
	printf "instructions per mapping point: %.0f (callgrind, %d and %d points)\n", (b - a) / (n2 - n1), n1, n2 }'
"$bp" --points "$long"
