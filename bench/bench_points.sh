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
#
# Recorded (docs/search.md section 6, "Points"; instruction counts do not
# depend on the machine's load, points/s do).  The split is callgrind's
# inclusive counts per point with --toggle-collect=mdf_point_eval.
#   main at 2e19a93: 65,630 instructions per point; of a point, the model's
#     case analysis (cm_build) 42,900, the window check 9,600, normalization
#     2,900.
#   after the structural cuts (window closed form with strides, lists of a
#     level's directives per tensor, only multi-state directives varied per
#     case, no warning formatted, less zeroing): 53,721 per point; cm_build
#     36,900, window check 4,900, normalization 2,900.  Goal: 20,000.
#   Memory, 10,000,000 points after the cuts: point arenas 16,896 bytes and
#     peak RSS 7,992 KB, the same after the warm-up and at the end.
#   main at 3bc34fd (after the model's later fixes): 53,038 per point;
#     per evaluated point (callgrind_annotate --inclusive=yes) cm_build
#     37,600, of which the per-unit volume functions 13,300 and the case
#     setup 2,970; window check 4,650 (1,521 of 25,554 checks enumerated);
#     normalization 2,530; eval_setup 3,200.
#   after the second closed form of the window check (chunked windows, the
#     co-indexed pair: 0 checks enumerated) and a case's flags by bit
#     masks: 49,286 per point (main cf23631 with fix 15: 50,986 before the
#     masks); cm_build 35,500 (volume functions 13,300,
#     case setup 2,290, case forms 11,600 -> 10,300), window check 2,330,
#     normalization 2,530, eval_setup 3,600.  Goal: 20,000.
#   Memory, 10,000,000 points after these cuts: point arenas 16,896 bytes,
#     peak RSS 7,956 KB, the same after the warm-up and at the end (14,506
#     points/s/core with the machine's 2 cores running four test suites).
#   main at 7745afc (fix 16 builds the report's first sub-tiles): 52,490.
#   After the totals-only evaluation (mdf_cost_layer_totals), the sub-tile
#     lookup apart from a tile's analysis (and a tile's memo of the last
#     two), a case's masks per state: 47,945 per point; of an evaluated
#     point cm_build_top 35,025 (volume products 13,337, sub-tiles 6,936,
#     case masks 1,292), eval_setup 3,367, normalization 2,353, window
#     check 2,334.  Memory, 10,000,000 points: point arenas 16,896 bytes,
#     peak RSS 8,408 KB after the warm-up and at the end.  Goal: 20,000.
#   Session 6.  A level's cases analysed once per class (cases.c,
#     CaseClass: directives outside the advancing one at Steady instead of
#     Init have the same forms and sub-tiles; 95,704 of the bench's 171,056
#     top-level cases): 45,917 -> 34,293 per point on main f646812 (48,037
#     -> 36,414 on bc349e9); of an evaluated point cm_build_top 35,025 ->
#     23,573 (volume products 13,337 -> 7,722, sub-tiles 6,936 -> 5,490,
#     case masks 1,292 -> 628).
#   main at b7cf399: 48,032.  Session 6, outside the case analysis (per
#     structure: the model's levels, 8 kept; the window check's verdicts,
#     8 per pair; the layer's variables and shape checked once; the layer
#     built in the point's storage; normalization by dimension sets, its
#     tables in the point's room): 44,377 per point; outside cm_build_top
#     12,975 -> 9,317 (eval_setup 3,382 -> 2,659, normalization 2,353 ->
#     1,668, window check 2,328 ->
#     1,033, check_shape 683 -> 297, building the layer 633 -> 315).
#   Session 7, the case analysis' structure (cases.c), on main e46969e:
#     32,792 per point; a class's other cases accounted from its figures
#     (account_again) 32,185; the sub-tile memo keyed by what cm_sub_dims
#     reads of a case 31,700 (cm_sub_dims 742 -> 258); a class's other
#     cases added to its record in default mode 31,498.
#   Session 7, outside the case analysis (normalization's plans per
#     written structure with the level check's verdict, the window key's
#     first directives from the plan, the cost memo's levels in place, the
#     lean point evaluation mdf_cost_layer_point_memo): 32,185 (main
#     f71d69e) -> 30,100 per point; normalization 1,669 -> 1,113,
#     validate_levels 364 -> 28, window check 1,015 -> 888, eval_setup
#     2,629 -> 2,350, phase B and the figures 2,120 -> 1,319.
#   Session 7, the volume functions (src/cost/volumes.c), main e46969e
#     32,771 per point: their small helpers forced inline (VOL_INLINE):
#     31,949 (on main f71d69e: 32,185 -> 31,343); per evaluated point
#     the volume functions 11,643 -> 10,767.  The first unit's output
#     tile and partial sums in one pass over the output extents: 31,197.
#     Both on main e52e752 (fix 21): 32,379 -> 31,382.
#   Session 7, all together: main e46969e 32,792; model fixes 21-25
#     33,971 (main c1556c4); with the three cuts above 30,852 (main
#     4e13dba).  Goal: 20,000.
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
