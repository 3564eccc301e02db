#!/usr/bin/env bash
# gamma_compare.sh: mdfc's mapping search against GAMMA, layer by layer
# (docs/gamma-comparison.md).  A developer script, not a test: GAMMA and
# MAESTRO are other projects, fetched and built by hand (see the doc).
#
#   bench/gamma_compare.sh [options]
#     -g DIR    GAMMA checkout (or env GAMMA_ROOT)
#     -m FILE   MAESTRO binary (or env MAESTRO_BIN)
#     -c FILE   mdfc binary (default: build/mdfc beside this script; env MDFC)
#     -o DIR    output folder (default: gamma-compare-out; env GAMMA_OUT)
#     -d DIR    no GAMMA runs: take the winners and GAMMA's figures recorded
#               in DIR (tests/data/gamma_winners) and redo only mdfc's side
#     -r LIST   only the runs whose tag matches this extended regex
#     -b N      mdfc --search budget (default: mdfc's own default)
#     -s N      mdfc --search seed (default 1; env SEED)
#
# Phase 1 (without -d): for each run below, GAMMA (population 20, 100
# generations, seed 1) through bench/gamma_driver.py under Debian's python3,
# niced, one run at a time; a run whose OUT/<tag>.json exists is not redone.
# Phase 2: mdfc on each winner in its default mode (does the winner compute
# every MAC, what runtime does mdfc give it, does it fit the buffers?) and
# `mdfc --search` on the same layer and hardware (when mdfc has --search).
# Phase 3: OUT/table.md, the comparison table; also printed.
# Exits 77 (skipped) when neither GAMMA nor -d is available.
set -u
here=$(cd "$(dirname "$0")" && pwd)
gamma_root=${GAMMA_ROOT:-}
maestro=${MAESTRO_BIN:-}
mdfc=${MDFC:-$here/../build/mdfc}
out=${GAMMA_OUT:-gamma-compare-out}
data=
only=.
budget=
seed=${SEED:-1}
while getopts g:m:c:o:d:r:b:s:h opt; do
	case $opt in
	g) gamma_root=$OPTARG ;;
	m) maestro=$OPTARG ;;
	c) mdfc=$OPTARG ;;
	o) out=$OPTARG ;;
	d) data=$OPTARG ;;
	r) only=$OPTARG ;;
	b) budget=$OPTARG ;;
	s) seed=$OPTARG ;;
	h) sed -n '2,26p' "$0"; exit 0 ;;
	*) sed -n '2,26p' "$0" >&2; exit 2 ;;
	esac
done
py=/usr/bin/python3     # Debian's: GAMMA needs python3-numpy / python3-pandas

# The hardware of every run: GAMMA's own defaults (an Eyeriss-sized L1 and L2,
# in elements; a NoC that never limits), at 168 and 1024 PEs.  GAMMA passes
# 2^30 for the unconstrained off-chip bandwidth; mdfc gets the same.
L1=512 L2=108000 NOCBW=81920000 OFFCHIP=1073741824

# tag  GAMMA-model  row-of-its-CSV  PEs  divisor-tiles-only
runs() {
	cat <<'EOF'
r18_L1_pe168       resnet18      1  168 0
r18_L1_pe1024      resnet18      1 1024 0
r18_L2_pe168       resnet18      2  168 0
r18_L2_pe1024      resnet18      2 1024 0
r18_L12_pe168      resnet18     12  168 0
r18_L12_pe1024     resnet18     12 1024 0
mbv2_L2_pe168      mobilenet_v2  2  168 0
mbv2_L2_pe1024     mobilenet_v2  2 1024 0
mbv2_L3_pe168      mobilenet_v2  3  168 0
mbv2_L3_pe1024     mobilenet_v2  3 1024 0
mbv2_L22_pe168     mobilenet_v2 22  168 0
mbv2_L22_pe1024    mobilenet_v2 22 1024 0
mbv2_L23_pe168     mobilenet_v2 23  168 0
mbv2_L23_pe1024    mobilenet_v2 23 1024 0
r18_L2_pe168_f     resnet18      2  168 1
r18_L12_pe1024_f   resnet18     12 1024 1
mbv2_L3_pe168_f    mobilenet_v2  3  168 1
mbv2_L23_pe1024_f  mobilenet_v2 23 1024 1
EOF
}

if [ -z "$data" ]; then
	if [ -z "$gamma_root" ] || [ -z "$maestro" ] || [ ! -f "$gamma_root/src/GAMMA/gamma.py" ] ||
	   [ ! -x "$maestro" ] || ! "$py" -c 'import numpy, pandas' 2>/dev/null; then
		echo "SKIP: needs a GAMMA checkout (-g / GAMMA_ROOT), a MAESTRO binary (-m / MAESTRO_BIN)"
		echo "      and Debian's python3-numpy and python3-pandas; or -d tests/data/gamma_winners"
		exit 77
	fi
fi
[ -x "$mdfc" ] || { echo "no mdfc binary at $mdfc (build it, or give -c)"; exit 2; }
mkdir -p "$out" || exit 2
out=$(cd "$out" && pwd)

# ---- phase 1: GAMMA -----------------------------------------------------------
if [ -z "$data" ]; then
	ulimit -n 4096 2>/dev/null   # GAMMA's process pool opens many files
	runs | while read -r tag model layer pes factor; do
		[[ $tag =~ $only ]] || continue
		[ -s "$out/$tag.json" ] && continue
		echo "GAMMA $tag ($model row $layer, $pes PEs$([ "$factor" = 1 ] && echo ', divisor tiles'))" >&2
		MPLBACKEND=Agg nice -n 10 "$py" "$here/gamma_driver.py" \
			--gamma-root "$gamma_root" --maestro "$maestro" --model "$model" \
			--layer "$layer" --pes "$pes" --l1 $L1 --l2 $L2 --noc-bw $NOCBW \
			--pop 20 --gens 100 --seed 1 $([ "$factor" = 1 ] && echo --factor) \
			--winner "$out/$tag.m" >"$out/$tag.json.tmp" 2>"$out/$tag.log" &&
			mv "$out/$tag.json.tmp" "$out/$tag.json" ||
			echo "GAMMA failed on $tag: see $out/$tag.log" >&2
	done
	src=$out
else
	src=$(cd "$data" && pwd)
fi

# ---- phase 2: mdfc ------------------------------------------------------------
hw() { echo --num-pes "$1" --l1-size $L1 --l2-size $L2 --noc-bw $NOCBW --offchip-bw $OFFCHIP --simd-lanes 1; }
has_search=0
"$mdfc" --help 2>/dev/null | grep -q -- '--search' && has_search=1
[ $has_search = 1 ] || echo "note: $mdfc has no --search; only GAMMA's winners are checked" >&2
now() { date +%s.%N; }

runs | while read -r tag model layer pes factor; do
	[[ $tag =~ $only ]] || continue
	[ -s "$src/$tag.json" ] && [ -s "$src/$tag.m" ] || continue
	[ "$src" = "$out" ] || cp "$src/$tag.m" "$out/$tag.m"
	# GAMMA's winner in mdfc's default mode: MAC count, runtime, buffer needs
	"$mdfc" $(hw "$pes") --emit=json -o "$out/$tag.mdfc.json" "$out/$tag.m" 2>"$out/$tag.mdfc.err"
	echo $? >"$out/$tag.mdfc.rc"
	# ... and executed: every MAC exactly once, model MACs = executed MACs
	nice -n 10 "$mdfc" $(hw "$pes") --crosscheck --crosscheck-max-macs 0 "$out/$tag.m" >"$out/$tag.xcheck.txt" 2>&1
	echo $? >"$out/$tag.xcheck.rc"
	[ $has_search = 1 ] || continue
	# the same layer with a plain one-level mapping instead of GAMMA's (the
	# search starts from the layer's own mapping and the stdlib dataflows),
	# searched for the least runtime
	{
		sed '/Dataflow/,$d' "$out/$tag.m"
		echo 'Dataflow {'
		grep -q 'DSCONV' "$out/$tag.m" || echo 'TemporalMap(1,1) K;'
		echo 'SpatialMap(1,1) C;'
		echo 'TemporalMap(Sz(R),1) Y;'
		echo 'TemporalMap(Sz(S),1) X;'
		echo 'TemporalMap(Sz(R),Sz(R)) R;'
		echo 'TemporalMap(Sz(S),Sz(S)) S;'
		printf '}\n}\n}\n'
	} >"$out/$tag.layer.m"
	t0=$(now)
	nice -n 10 "$mdfc" $(hw "$pes") --search --objective=runtime --seed="$seed" --threads=1 \
		${budget:+--budget=$budget} --emit=json -o "$out/$tag.best.mdf" \
		"$out/$tag.layer.m" >"$out/$tag.search.json" 2>"$out/$tag.search.err"
	echo "$? $(now) $t0" | awk '{printf "{\"rc\": %d, \"wall_s\": %.3f}\n", $1, $2 - $3}' \
		>"$out/$tag.search.time"
	# the written winners reproduce the figures, and execute correctly
	"$mdfc" $(hw "$pes") --emit=json -o "$out/$tag.best.json" "$out/$tag.best.mdf" 2>/dev/null
	nice -n 10 "$mdfc" $(hw "$pes") --crosscheck --crosscheck-max-macs 0 "$out/$tag.best.mdf" >"$out/$tag.best.xcheck.txt" 2>&1
	echo $? >"$out/$tag.best.xcheck.rc"
done

# ---- phase 3: the table -------------------------------------------------------
runs | "$py" "$here/gamma_table.py" "$src" "$out" "$only" | tee "$out/table.md"
