#!/usr/bin/env bash
# bench_dse.sh: the speed of --sweep / --dse (docs/explore.md, "Speed").
#
#  1. instructions per design point (callgrind) of a hardware-only --dse
#     --front-only sweep of one ResNet-50 layer (bench/resnet50_layer.mdf,
#     conv3_1_b), with each axis the fastest in turn: the whole run's count
#     over the points, against its anchor (exit 1 when one is more than 10%
#     above it); and, NoC fastest, the difference between two grids that
#     differ only in the length of the NoC axis over the difference in
#     points, a region where most designs are on or near the front;
#  2. the same sweeps timed, on 1 and on 2 threads (points per second, wall
#     time of the whole process, with the load average around them; a
#     shared machine: times vary, instruction counts do not);
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
# that grows), in five orders: each of the axes the fastest once.  The
# output's rows and figures do not depend on the order; the work does.
order_axes() {   # ORDER N
	local pe="--sweep num_pes=64..1024:+64" l1="--sweep l1_size=64..2048:*2"
	local l2="--sweep l2_size=32768..1048576:*2" sd="--sweep simd_lanes=1,2,4,8" bw="--sweep noc_bw=1..$2"
	case $1 in
	noc) echo $pe $l1 $l2 $sd $bw ;;
	buffers) echo $pe $sd $bw $l1 $l2 ;;
	simd) echo $l1 $l2 $pe $bw $sd ;;
	pes) echo $bw $sd $l1 $l2 $pe ;;
	pes_buffers_slowest) echo $l1 $l2 $sd $bw $pe ;;
	esac
}
orders="noc buffers simd pes pes_buffers_slowest"
axes() { echo $(order_axes noc "$1") --dse --front-only; }
points() { echo $((16 * 6 * 6 * 4 * $1)); }
# The anchors: instructions per design point (whole run / points, NoC
# 1..128) measured when the figures of docs/explore.md ("Speed") were
# taken; a count more than 10% above its anchor is reported as a
# regression.
anchor() {
	case $1 in
	noc) echo 2169 ;; buffers) echo 1542 ;; simd) echo 2232 ;; pes) echo 2477 ;; pes_buffers_slowest) echo 2511 ;;
	esac
}
regress=0

if command -v valgrind >/dev/null; then
	count() {   # ORDER N: instructions of the whole run
		# shellcheck disable=SC2046
		valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$mdfc" $(order_axes "$1" "$2") --dse \
			--front-only "$layer" -o "$tmp/cg.csv" 2>"$tmp/vg.txt" || { cat "$tmp/vg.txt"; exit 1; }
		sed -n 's/^==[0-9]*== Collected : \([0-9]*\).*/\1/p' "$tmp/vg.txt"
	}
	echo "instructions per design point (one ResNet-50 layer, --dse --front-only, NoC 1..128, 294,912 points; whole run / points):"
	for o in $orders; do
		i=$(count $o 128)
		awk -v o="$o" -v a="$i" -v p="$(points 128)" -v an="$(anchor $o)" 'BEGIN {
			v = a / p
			printf "  %-26s %6.0f   (anchor %d%s)\n", o " fastest:", v, an, (v > 1.1 * an ? ": REGRESSION" : "") }'
		awk -v a="$i" -v p="$(points 128)" -v an="$(anchor $o)" 'BEGIN { exit !(a / p > 1.1 * an) }' && regress=1
	done
	i1=$(count noc 16); i2=$(count noc 48)
	awk -v a="$i1" -v b="$i2" -v p1="$(points 16)" -v p2="$(points 48)" 'BEGIN {
		printf "NoC fastest, NoC 1..16 -> 1..48 (difference of the runs; most designs on or near the front): %.0f\n",
			(b - a) / (p2 - p1) }'
	i3=$(count noc $((64 * scale)))
	awk -v a="$i3" -v p="$(points $((64 * scale)))" 'BEGIN {
		printf "the timed grid below, NoC fastest (NoC 1..%d), whole run / points: %.0f\n", p / 2304, a / p }'
else
	echo "callgrind: SKIPPED (valgrind not installed)"
fi

# wall time of the whole process (CPU times on the project's virtual
# machine came out below what its instruction counts allow, so they are not
# used)
rate() {    # label, points, command...
	local label=$1 n=$2; shift 2
	local TIMEFORMAT='%R %U %S' t
	t=$( { time "$@" > "$tmp/out" 2>/dev/null; } 2>&1 )
	awk -v l="$label" -v n="$n" -v t="$t" -v r="$(wc -l < "$tmp/out")" 'BEGIN {
		split(t, a, " ")
		printf "%-52s %9d points  wall %6.2f s %6.2f M points/s  (%d lines)\n", l, n, a[1], n / a[1] / 1e6, r }'
}
nb=$((64 * scale))     # NoC bandwidths 1..512: 1,179,648 points
echo "load average before the timed runs: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
# shellcheck disable=SC2046
{
for o in $orders; do
	for t in 1 2; do
		rate "layer, $o fastest, $t thread(s)" "$(points $nb)" "$mdfc" $(order_axes $o $nb) --dse --front-only \
			--threads=$t "$layer"
	done
done
rate "layer, every row (CSV), 1 thread" "$(points $((scale * 4)))" "$mdfc" $(order_axes noc $((scale * 4))) --threads=1 "$layer"
rate "ResNet-50 (54 layers), --dse --front-only, 1 thread" "$(points $((scale * 2)))" "$mdfc" -D DATAFLOW=1 $(axes $((scale * 2))) --threads=1 "$net"
rate "ResNet-50 (54 layers), --dse --front-only, 2 threads" "$(points $((scale * 2)))" "$mdfc" -D DATAFLOW=1 $(axes $((scale * 2))) --threads=2 "$net"
}
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo "MAESTRO's DSE tool: about 0.17 M designs/s (its paper)"
exit $regress
