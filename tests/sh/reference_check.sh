#!/usr/bin/env bash
# Issue 2, done-when 1: `mdfc --check --hw accelerator_1.m F` exits 0 for
# every reference mapping whose layers MAESTRO all computed correctly
# (every row macs_match=1 and source=full in maestro-results.csv) and for both
# validation inputs (with their run flags); on the other reference files every
# error names the layer it is about.
MDFC=$1 SRC=$2 REF=$3/maestro
[ -f "$REF/maestro-results.csv" ] || { echo "SKIP: $REF is absent"; exit 77; }
fail=0 n=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# mapping_file,source,...,macs_match (last column)
good=$(awk -F, 'NR > 1 { f = $1; if ($2 != "full" || $NF != 1) bad[f] = 1; seen[f] = 1 }
	END { for (f in seen) if (!bad[f]) print f }' "$REF/maestro-results.csv" | sort)
for f in $good; do
	case $f in
	val_eyeriss_alexnet_rs) args=(--num-pes 168 --noc-bw 14 --noc-latency 1 --l1-size 5120 --l2-size 1024000 "$REF/validation/alexnet_rs_validation.m");;
	val_maeri_vgg16) args=(--num-pes 256 --noc-bw 1000000000 --noc-latency 0 --l1-size 5120 --l2-size 1024000 "$REF/validation/vgg16_maeri.m");;
	*) args=(--hw "$REF/hw/accelerator_1.m" "$REF/mapping/$f.m");;
	esac
	n=$((n+1))
	"$MDFC" --check "${args[@]}" > "$tmp/out" 2>&1
	rc=$?
	if [ $rc != 0 ] || grep -q 'error\[' "$tmp/out"; then
		echo "FAIL: $f: exit $rc"; head -20 "$tmp/out"; fail=$((fail+1))
	fi
done
# The other files: each error line names a layer ('...' in the message), and
# the run exits 1 (an error) or 0 (warnings only), never anything else.
for m in "$REF"/mapping/*.m; do
	f=$(basename "$m" .m)
	grep -qx "$f" <<<"$good" && continue
	n=$((n+1))
	"$MDFC" --check --hw "$REF/hw/accelerator_1.m" "$m" > "$tmp/out" 2>&1
	rc=$?
	if [ $rc -gt 1 ]; then echo "FAIL: $f: exit $rc"; fail=$((fail+1)); continue; fi
	if grep 'error\[' "$tmp/out" | grep -vq "layer '"; then
		echo "FAIL: $f: an error does not name its layer:"; grep 'error\[' "$tmp/out" | grep -v "layer '" | head -3
		fail=$((fail+1))
	fi
done
echo "$((n-fail)) passed, $fail failed"
[ "$fail" = 0 ]
