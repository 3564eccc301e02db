#!/bin/bash
# stdlib_check.sh: every stdlib and example file passes `mdfc --check`.
#
#   bash stdlib_check.sh MDFC_BINARY SOURCE_DIR [REFERENCE_DIR]
#
# 1. Each .mdf under stdlib/ and examples/ (except the deliberately broken
#    examples/editor/bad*.mdf) checks clean: exit 0.
# 2. Each network of stdlib/networks/ checks clean under every numbered
#    dataflow of stdlib/dataflows/select.mdf (DATAFLOW and GEMM_DATAFLOW
#    1..8): this validates every standard dataflow against every layer shape
#    of every network (legality: each MAC exactly once), and the size-reduced
#    copies the cross-check tests use.
# 3. The broken editor examples fail with exit 1 and report every mistake
#    their comments announce (so one run lists several errors):
#    bad.mdf E0510 (offset > size) and E0507 (no SpatialMap);
#    bad_values.mdf E0402 (C: -4), E0304 (misspelled dataflow), E0301
#    (misspelled param); bad_number.mdf E0102 (16abc). And a network run
#    with a DATAFLOW number that select.mdf does not know fails with E0507.
# 4. Each named dataflow of stdlib/dataflows/ checks clean on a probe network
#    of varied layers (7x7/2, 3x3, 5x5, 1x1/2, FC; DSCONV for depthwise;
#    GEMMs for the GEMM dataflows), and its normalized IR (--emit=ir, which
#    has no file names or positions) is identical to that of the numbered
#    branch of select.mdf that repeats its body: the copies stay in step.
# Exit 77 (skipped) only when the binary is missing.
set -u
. "$(dirname "$0")/lib/args.bash"
if [ -z "$src" ] || [ ! -d "$src/stdlib" ]; then
	echo "error: source dir '$src' has no stdlib/"
	exit 1
fi
# Resolve stdlib imports from this source tree, whatever the binary's default.
export MDFC_STDLIB="$src/stdlib"
unset MDF_PATH

fail=0
n=0
err=$(mktemp)
trap 'rm -f "$err"' EXIT

check() {       # check EXPECTED_STATUS FILE [mdfc options...]
	local want=$1 file=$2
	shift 2
	n=$((n + 1))
	"$mdfc" --check --color=never "$@" "$file" >/dev/null 2>"$err"
	local got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: mdfc --check $* ${file#$src/}: exit $got, expected $want"
		sed 's/^/    /' "$err" | head -20
		fail=1
		return 1
	fi
	return 0
}

# 1. every file
while IFS= read -r f; do
	case "$f" in
	*/examples/editor/bad*.mdf) continue ;;
	esac
	check 0 "$f"
done < <(find "$src/stdlib" "$src/examples" -name '*.mdf' | LC_ALL=C sort)

# 2. every network under every dataflow, at full and at reduced size
for f in "$src"/stdlib/networks/*.mdf; do
	case "$f" in */common.mdf) continue ;; esac
	for id in 1 2 3 4 5 6 7 8; do
		check 0 "$f" -D DATAFLOW=$id -D GEMM_DATAFLOW=$id
		check 0 "$f" -D DATAFLOW=$id -D GEMM_DATAFLOW=$id -D SCALE_DIV=8 -D CH_DIV=8
	done
done

# 3. the broken examples
expect_codes() {   # expect_codes FILE CODE... [mdfc options...]
	local file=$1
	shift
	local codes=() opts=()
	while [ $# -gt 0 ]; do
		case $1 in
		E[0-9]*) codes+=("$1") ;;
		*) opts+=("$1") ;;
		esac
		shift
	done
	check 1 "$file" "${opts[@]}" || return
	local code
	for code in "${codes[@]}"; do
		if ! grep -q "error\[$code\]" "$err"; then
			echo "FAIL: ${file#$src/}: no error $code in the diagnostics"
			sed 's/^/    /' "$err" | head -20
			fail=1
		fi
	done
}
ed="$src/examples/editor"
expect_codes "$ed/bad.mdf" E0510 E0507
expect_codes "$ed/bad_values.mdf" E0402 E0304 E0301
expect_codes "$ed/bad_number.mdf" E0102
# a DATAFLOW number with no branch in select.mdf leaves every layer without a
# SpatialMap (documented in docs/language.md, section 11)
expect_codes "$src/stdlib/networks/alexnet.mdf" E0507 -D DATAFLOW=9

# 4. named dataflows against their select.mdf copies
tmp=$(mktemp -d)
trap 'rm -f "$err"; rm -rf "$tmp"' EXIT
conv_layers='
	Layer c7s2 { Type: CONV; Stride { X: 2, Y: 2 } Dimensions { K: 16, C: 3, R: 7, S: 7, Y: 37, X: 37 } }
	Layer c3 { Type: CONV; Dimensions { K: 32, C: 16, R: 3, S: 3, Y: 18, X: 18 } }
	Layer c5 { Type: CONV; Dimensions { K: 8, C: 24, R: 5, S: 5, Y: 12, X: 12 } }
	Layer c1s2 { Type: CONV; Stride { X: 2, Y: 2 } Dimensions { K: 64, C: 32, R: 1, S: 1, Y: 16, X: 16 } }
	Layer fc { Type: FC; Dimensions { K: 100, C: 256, R: 1, S: 1, Y: 1, X: 1 } }'
gemm_layers='
	Layer g1 { Type: GEMM; Dimensions { M: 16, K: 96, N: 48 } }
	Layer g2 { Type: GEMM; Dimensions { M: 3, K: 5, N: 7 } }'
probe() {       # probe FILE DATAFLOW-USE LAYERS
	printf 'import "dataflows/select.mdf";\nNetwork probe {\n\tDataflow: %s;\n%s\n}\n' "$2" "$3" >"$1"
}
for spec in "1 kcp_ws KCP_WS_TC" "2 rs RS_TK,RS_TC" "3 yxp_os YXP_OS_TX,YXP_OS_TC" \
	"4 xp_ws XP_WS_TK,XP_WS_TC" "5 cp_nlr CP_NLR_TK" "6 maeri_vn MAERI_VN_TC" \
	"7 tpu_ws TPU_WS_ROWS" "8 tpu_os TPU_OS_ROWS" \
	"g1 gemm_tiled GEMM_TM,GEMM_TN,GEMM_TK" "g7 tpu_ws_gemm TPU_WS_ROWS" "g8 tpu_os_gemm TPU_OS_ROWS"; do
	read -r id name args <<<"$spec"
	args=${args//,/, }
	case $id in
	g*) layers=$gemm_layers; sel="gemm_select(${id#g})" ;;
	*) layers=$conv_layers; sel="conv_select($id)" ;;
	esac
	probe "$tmp/named.mdf" "$name($args)" "$layers"
	probe "$tmp/select.mdf" "$sel" "$layers"
	check 0 "$tmp/named.mdf" || continue
	"$mdfc" --emit=ir "$tmp/named.mdf" >"$tmp/named.ir" 2>/dev/null
	"$mdfc" --emit=ir "$tmp/select.mdf" >"$tmp/select.ir" 2>/dev/null
	n=$((n + 1))
	if ! cmp -s "$tmp/named.ir" "$tmp/select.ir" || [ ! -s "$tmp/named.ir" ]; then
		echo "FAIL: $name($args) and $sel normalize differently (or not at all):"
		diff "$tmp/named.ir" "$tmp/select.ir" | head -10 | sed 's/^/    /'
		fail=1
	fi
done
probe "$tmp/dw.mdf" "depthwise(DEPTHWISE_TX)" '
	Layer dw3 { Type: DSCONV; Dimensions { C: 32, R: 3, S: 3, Y: 18, X: 18 } }
	Layer dw3s2 { Type: DSCONV; Stride { X: 2, Y: 2 } Dimensions { C: 16, R: 3, S: 3, Y: 17, X: 17 } }
	Layer dw5 { Type: DSCONV; Dimensions { C: 8, R: 5, S: 5, Y: 6, X: 6 } }'
check 0 "$tmp/dw.mdf"

echo "$n checks run"
exit $fail
