#!/bin/bash
# onnx_import.sh: mdfc --import=onnx on the small models that
# tests/onnx/make_models.py makes at test time (python3-onnx).
#
#   bash onnx_import.sh MDFC_BINARY SOURCE_DIR
#
# Each case tests/onnx/NAME.expected holds the importer's stderr and exit
# status for NAME.onnx (options in NAME.args, one per line; a line
# "@model M" imports M.onnx instead).  A case that succeeds must also write
# exactly tests/onnx/NAME.mdf (golden, read by hand), and that network must
#   - compile, with the MAC total (sum of --emit=csv's "Num MACs") equal to
#     the count make_models.py computed from the layers (M.macs), and
#   - pass --crosscheck at -D SCALE_DIV=8 -D CH_DIV=8 (and at full size).
# A case that fails must leave an existing -o file byte for byte as it was.
# Re-bless the .expected and .mdf files with MDFC_BLESS=1 (then read them).
# Exit 77 (skipped) when mdfc has no importer or python3-onnx is missing.
set -u
mdfc=${1:-}
src=${2:-}
need_python="onnx"
. "$(dirname "$0")/../onnx/common.sh"
cases="$src/tests/onnx"
if ! /usr/bin/python3 "$cases/make_models.py" "$work" >"$work/py.log" 2>&1; then
	echo "FAIL: make_models.py"
	cat "$work/py.log"
	exit 1
fi

pass=0 fail=0
for exp in "$cases"/*.expected; do
	name=$(basename "$exp" .expected)
	model=$name
	args=()
	if [ -f "$cases/$name.args" ]; then
		while IFS= read -r line; do
			case $line in
			"@model "*) model=${line#@model } ;;
			"") ;;
			*) args+=("$line") ;;
			esac
		done <"$cases/$name.args"
	fi
	out="$work/$name.out.mdf"
	printf 'old contents\n' >"$out"
	(cd "$work" && "$mdfc" --import=onnx "${args[@]}" "$model.onnx" -o "$out") >"$work/stdout" 2>"$work/stderr"
	rc=$?
	actual="--- stdout
$(cat "$work/stdout")
--- stderr
$(cat "$work/stderr")
--- exit $rc"
	if [ -n "${MDFC_BLESS:-}" ]; then
		printf '%s\n' "$actual" >"$exp"
		[ "$rc" = 0 ] && cp "$out" "$cases/$name.mdf"
		echo "blessed $name"
		continue
	fi
	ok=1
	if [ "$actual" != "$(cat "$exp")" ]; then
		echo "FAIL: $name: output differs from $name.expected"
		diff <(cat "$exp") <(printf '%s\n' "$actual") | head -20
		ok=0
	fi
	if [ "$rc" != 0 ]; then
		if [ "$(cat "$out")" != "old contents" ]; then
			echo "FAIL: $name: the import failed but changed the existing -o file"
			ok=0
		fi
	elif ! cmp -s "$out" "$cases/$name.mdf"; then
		echo "FAIL: $name: the written network differs from $name.mdf"
		diff "$cases/$name.mdf" "$out" | head -20
		ok=0
	elif [ -f "$work/$model.macs" ]; then
		want=$(cat "$work/$model.macs")
		if ! "$mdfc" --emit=csv "$out" >"$work/csv" 2>"$work/err"; then
			echo "FAIL: $name: the written network does not compile"
			head -10 "$work/err"
			ok=0
		elif [ "$(sum_macs <"$work/csv")" != "$want" ]; then
			echo "FAIL: $name: $(sum_macs <"$work/csv") MACs, make_models.py counts $want"
			ok=0
		fi
		for scale in 1 8; do
			if ! "$mdfc" -D SCALE_DIV=$scale -D CH_DIV=$scale --crosscheck "$out" >"$work/cc" 2>&1; then
				echo "FAIL: $name: --crosscheck at SCALE_DIV = CH_DIV = $scale"
				grep -E "error|FAIL|mismatch" "$work/cc" | head -10
				ok=0
			fi
		done
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
