#!/usr/bin/env bash
# Determinism: the same input gives byte-identical output across runs,
# across the path it is named by (relative, absolute, through another
# working folder) and, in CI, across optimization levels (tests/ci/extra.sh).
MDFC=$1 SRC=$2 REF=$3
fail=0 n=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
inputs=()
for f in "$SRC"/examples/*/*.mdf "$SRC"/stdlib/networks/*.mdf; do [ -f "$f" ] && inputs+=("$f"); done
if [ -d "$REF/maestro/mapping" ]; then
	for f in "$REF"/maestro/mapping/Resnet50_kcp_ws.m "$REF"/maestro/mapping/MobileNetV2_yxp_os.m; do inputs+=("$f"); done
fi
[ ${#inputs[@]} -gt 0 ] || { echo "SKIP: no inputs"; exit 77; }
for f in "${inputs[@]}"; do
	dir=$(dirname "$f") base=$(basename "$f")
	for emit in csv json ir; do
		n=$((n+1))
		"$MDFC" --emit=$emit "$f" > "$tmp/a" 2> "$tmp/ea"; ra=$?
		"$MDFC" --emit=$emit "$f" > "$tmp/b" 2> "$tmp/eb"; rb=$?
		(cd "$dir" && "$MDFC" --emit=$emit "$base") > "$tmp/c" 2>/dev/null; rc=$?
		(cd / && "$MDFC" --emit=$emit "$(realpath "$f")") > "$tmp/d" 2>/dev/null; rd=$?
		if [ $ra != $rb ] || [ $ra != $rc ] || [ $ra != $rd ] \
		   || ! cmp -s "$tmp/a" "$tmp/b" || ! cmp -s "$tmp/a" "$tmp/c" || ! cmp -s "$tmp/a" "$tmp/d" \
		   || ! cmp -s "$tmp/ea" "$tmp/eb"; then
			echo "FAIL: $f --emit=$emit differs between runs or paths (exit $ra $rb $rc $rd)"
			fail=$((fail+1))
		fi
	done
done
echo "$((n-fail)) passed, $fail failed"
[ "$fail" = 0 ]
