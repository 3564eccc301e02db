#!/bin/bash
# stdlib_check.sh: every stdlib and example file passes `mdfc --check`.
#
#   bash stdlib_check.sh MDFC_BINARY SOURCE_DIR [REFERENCE_DIR]
#
# 1. Each .mdf under stdlib/ and examples/ (except the deliberately broken
#    examples/editor/bad.mdf) checks clean: exit 0.
# 2. Each network of stdlib/networks/ checks clean under every numbered
#    dataflow of stdlib/dataflows/select.mdf (DATAFLOW and GEMM_DATAFLOW
#    1..8): this validates every standard dataflow against every layer shape
#    of every network (legality: each MAC exactly once), and the size-reduced
#    copies the cross-check tests use.
# 3. examples/editor/bad.mdf fails with exit 1 and reports its malformed
#    number (E0102) and its negative dimension, and the check does not stop
#    at the first error.
# Exit 77 (skipped) only when the binary is missing.
set -u
mdfc=${1:-}
src=${2:-}
if [ -z "$mdfc" ] || [ ! -x "$mdfc" ]; then
	echo "skip: mdfc binary '$mdfc' not found"
	exit 77
fi
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
	*/examples/editor/bad.mdf) continue ;;
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

# 3. the broken example
bad="$src/examples/editor/bad.mdf"
if check 1 "$bad"; then
	for code in E0102 E0510; do
		if ! grep -q "$code" "$err"; then
			echo "FAIL: ${bad#$src/}: no $code in the diagnostics"
			sed 's/^/    /' "$err" | head -20
			fail=1
		fi
	done
	if ! grep -Eq 'E0402|E0504' "$err"; then
		echo "FAIL: ${bad#$src/}: the negative dimension C: -4 is not reported"
		fail=1
	fi
fi

echo "$n checks run"
exit $fail
