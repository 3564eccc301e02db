#!/usr/bin/env bash
# bench_dse.sh: the speed of --sweep / --dse (docs/explore.md, "Speed").
#
#  1. instructions per design point (callgrind) of a hardware-only --dse
#     --front-only sweep of one ResNet-50 layer (bench/resnet50_layer.mdf,
#     conv3_1_b): the difference between two grids that differ only in the
#     length of one axis, divided by the difference in points (start-up,
#     parsing and the first evaluation at each PE count cancel out);
#  2. the same sweep timed, on 1 and on 2 threads (points per second, wall
#     time of the whole process; a shared machine: times vary, instruction
#     counts do not);
#  3. every row written (CSV, no --front-only): points per second;
#  4. the network level: the 54 layers of ResNet-50, same axes, fewer
#     points (a point evaluates every layer);
#  5. MAESTRO's DSE tool: about 0.17 million designs per second (the rate
#     its paper reports), for the ratio.
#
#   bench/bench_dse.sh [MDFC] [POINTS_SCALE]
set -u
here=$(cd "$(dirname "$0")" && pwd)
mdfc=${1:-$here/../build/mdfc}
scale=${2:-8}
layer=$here/resnet50_layer.mdf
net=$here/../stdlib/networks/resnet50.mdf
[ -x "$mdfc" ] || { echo "no mdfc at $mdfc"; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The resources of the --dse model: 16 PE counts (64, 128, ... 1024) x 6
# L1 sizes x 6 L2 sizes x 4 SIMD widths x NoC bandwidths 1..N (the axis
# that grows, the fastest: every point is a new evaluation).  axes_buf: the
# same with the buffer sizes fastest (a point that changes only them reuses
# the figures of the one before).
axes() {    # N
	echo --sweep num_pes=64..1024:+64 --sweep l1_size=64..2048:*2 --sweep l2_size=32768..1048576:*2 \
		--sweep simd_lanes=1,2,4,8 --sweep noc_bw=1..$1 --dse --front-only
}
axes_buf() {
	echo --sweep num_pes=64..1024:+64 --sweep simd_lanes=1,2,4,8 --sweep noc_bw=1..$1 \
		--sweep l1_size=64..2048:*2 --sweep l2_size=32768..1048576:*2 --dse --front-only
}
points() { echo $((16 * 6 * 6 * 4 * $1)); }

if command -v valgrind >/dev/null; then
	count() {   # AXES_FUNCTION N: instructions of the whole run
		# shellcheck disable=SC2046
		valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$mdfc" $("$1" "$2") "$layer" \
			-o "$tmp/cg.csv" 2>"$tmp/vg.txt" || { cat "$tmp/vg.txt"; exit 1; }
		sed -n 's/^==[0-9]*== Collected : \([0-9]*\).*/\1/p' "$tmp/vg.txt"
	}
	i1=$(count axes 16); i2=$(count axes 48)
	awk -v a="$i1" -v b="$i2" -v p1="$(points 16)" -v p2="$(points 48)" 'BEGIN {
		printf "instructions per design point (one ResNet-50 layer, --dse --front-only), NoC 1..16 -> 1..48: %.0f\n",
			(b - a) / (p2 - p1) }'
	i3=$(count axes $((64 * scale)))
	awk -v a="$i3" -v p="$(points $((64 * scale)))" 'BEGIN {
		printf "the timed grid below (NoC 1..%d), whole run / points: %.0f\n", p / 2304, a / p }'
	i1=$(count axes_buf 16); i2=$(count axes_buf 48)
	awk -v a="$i1" -v b="$i2" -v p1="$(points 16)" -v p2="$(points 48)" 'BEGIN {
		printf "the same with the buffer axes fastest: %.0f\n", (b - a) / (p2 - p1) }'
else
	echo "callgrind: SKIPPED (valgrind not installed)"
fi

# wall time of the whole process (CPU times on the project's virtual
# machine came out below what its instruction counts allow, so they are not
# used)
rate() {    # label, points, command...
	local label=$1 n=$2; shift 2
	local TIMEFORMAT='%R %U %S' t rc
	t=$( { time "$@" > "$tmp/out" 2>/dev/null; } 2>&1 )
	rc=$?
	awk -v l="$label" -v n="$n" -v t="$t" -v r="$(wc -l < "$tmp/out")" 'BEGIN {
		split(t, a, " "); cpu = a[2] + a[3]
		printf "%-52s %9d points  wall %6.2f s %6.2f M points/s  (%d lines)\n", l, n, a[1], n / a[1] / 1e6, r }'
}
nb=$((64 * scale))     # NoC bandwidths 1..512: 1,179,648 points
# shellcheck disable=SC2046
{
rate "layer, --dse --front-only, 1 thread" "$(points $nb)" "$mdfc" $(axes $nb) --threads=1 "$layer"
rate "layer, --dse --front-only, 2 threads" "$(points $nb)" "$mdfc" $(axes $nb) --threads=2 "$layer"
rate "layer, buffer axes fastest, 1 thread" "$(points $nb)" "$mdfc" $(axes_buf $nb) --threads=1 "$layer"
rate "layer, every row (CSV), 1 thread" "$(points $((scale * 4)))" "$mdfc" $(axes $((scale * 4)) | sed 's/--dse --front-only//') --threads=1 "$layer"
rate "ResNet-50 (54 layers), --dse --front-only, 1 thread" "$(points $((scale * 2)))" "$mdfc" -D DATAFLOW=1 $(axes $((scale * 2))) --threads=1 "$net"
rate "ResNet-50 (54 layers), --dse --front-only, 2 threads" "$(points $((scale * 2)))" "$mdfc" -D DATAFLOW=1 $(axes $((scale * 2))) --threads=2 "$net"
}
echo "MAESTRO's DSE tool: about 0.17 M designs/s (its paper)"
