#!/bin/bash
# runtime_bound.sh: in default mode no layer reports fewer cycles than
# MACs / (PEs x SIMD lanes) (docs/cost-model.md section 2: no schedule
# beats it; the executed step bound, checked by --crosscheck, is the
# stronger test where a loop nest can run).
#
#   bash runtime_bound.sh MDFC_BINARY SOURCE_DIR [REFERENCE_DIR]
#
# Every stdlib network under each of the 8 numbered dataflows, on PE counts
# that divide nothing evenly (97, 168) and the default 256, with SIMD 1 and
# 3; and every MAESTRO reference mapping with accelerator_1.m (when
# REFERENCE_DIR/maestro is present); and the 18 GAMMA winners of
# tests/data/gamma_winners on their hardware.  The CSV's Runtime, NumPEs, Vector
# Width and Num MACs columns give the bound; awk compares in doubles, exact
# below 2^53.  Exit 77 (skipped) only when the binary is missing.
set -u
. "$(dirname "$0")/lib/args.bash"
ref=${3:-}
export MDFC_STDLIB="$src/stdlib"
unset MDF_PATH
out=$(mktemp)
trap 'rm -f "$out"' EXIT
fail=0 rows=0

# Layers of a CSV on stdin whose runtime is below the bound, one line each.
below() {
	awk -F, '
		NR == 1 { for (i = 1; i <= NF; i++) { h = $i; gsub(/^ +| +$/, "", h); c[h] = i }; next }
		{ rt = $c["Runtime (Cycles)"] + 0; pe = $c["NumPEs"] + 0; w = $c["Vector Width"] + 0
		  m = $c["Num MACs"] + 0; if (w < 1) w = 1; n++
		  if (rt * pe * w < m) printf "  %s/%s: %.0f cycles < %.0f MACs / (%d PEs x %d)\n", $1, $2, rt, m, pe, w }
		END { print n > "/dev/stderr" }'
}

check() {       # label, mdfc arguments...
	local label=$1 n
	shift
	"$mdfc" --emit=csv "$@" >"$out" 2>/dev/null
	local rc=$?
	# 1: some layers rejected (reference files hold such layers); the
	# others are in the CSV
	if [ $rc -gt 1 ]; then
		echo "FAIL: $label: mdfc --emit=csv failed (exit $rc)"
		fail=1
		return
	fi
	local bad
	bad=$(below <"$out" 2>"$out.n")
	n=$(cat "$out.n"); rm -f "$out.n"
	rows=$((rows + n))
	if [ -n "$bad" ]; then
		echo "FAIL: $label:"
		echo "$bad" | head -5
		fail=1
	fi
}

for net in alexnet vgg16 resnet50 mobilenetv2 googlenet bert_base_encoder; do
	for id in 1 2 3 4 5 6 7 8; do
		for pes in 97 168 256; do
			for simd in 1 3; do
				check "$net DATAFLOW=$id, $pes PEs, SIMD $simd" -D DATAFLOW=$id -D GEMM_DATAFLOW=$id \
					--num-pes $pes --simd-lanes $simd "$src/stdlib/networks/$net.mdf"
			done
		done
	done
done
if [ -n "$ref" ] && [ -d "$ref/maestro/mapping" ]; then
	for f in "$ref"/maestro/mapping/*.m; do
		check "$(basename "$f") (accelerator_1)" --hw "$ref/maestro/hw/accelerator_1.m" "$f"
	done
else
	echo "note: $ref/maestro absent: reference mappings not checked"
fi
# GAMMA's winning mappings (tests/data/gamma_winners: a search over
# MAESTRO's model climbs into its optimistic spots), each on its hardware.
gw="$src/tests/data/gamma_winners"
if [ -f "$gw/index.tsv" ]; then
	while IFS=$'\t' read -r tag _ _ _ _ _ _ _ _ _ pes l1 l2 noc _; do
		[ "$tag" = tag ] && continue
		check "GAMMA winner $tag" --num-pes "$pes" --l1-size "$l1" --l2-size "$l2" --noc-bw "$noc" \
			--offchip-bw 1073741824 "$gw/$tag.m"
	done <"$gw/index.tsv"
fi
echo "$rows layer rows checked"
exit $fail
