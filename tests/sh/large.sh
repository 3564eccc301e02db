#!/usr/bin/env bash
# Issue 6, done-when 3: a 5000-layer network is checked and evaluated, and an
# expression nested 20,000 deep gets a diagnostic, each within seconds and
# without a stack overflow (timeouts are generous: they catch hangs, they do
# not measure speed; bench/check_5000.sh does).
MDFC=$1 SRC=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
bash "$SRC/bench/gen_layers.sh" 5000 > "$tmp/big.mdf"
n=$((n+1))
timeout 120 "$MDFC" --check "$tmp/big.mdf" > "$tmp/out" 2>&1 || { echo "FAIL: --check on 5000 layers"; head -5 "$tmp/out"; fail=$((fail+1)); }
n=$((n+1))
timeout 120 "$MDFC" --emit=csv "$tmp/big.mdf" > "$tmp/csv" 2>/dev/null
rows=$(($(wc -l < "$tmp/csv") - 1))
[ "$rows" = 5000 ] || { echo "FAIL: --emit=csv gave $rows rows for 5000 layers"; fail=$((fail+1)); }
for kind in paren neg; do
	n=$((n+1))
	if [ $kind = paren ]; then e=$(printf '(%.0s' $(seq 20000))1$(printf ')%.0s' $(seq 20000)); else e=$(printf -- '-%.0s' $(seq 20000))1; fi
	printf 'param P = %s;\n' "$e" > "$tmp/deep.mdf"
	timeout 60 "$MDFC" --check "$tmp/deep.mdf" > "$tmp/out" 2>&1; rc=$?
	if [ $rc != 1 ] || ! grep -q 'deep.mdf:1:[0-9]*: error\[E0203\]' "$tmp/out"; then
		echo "FAIL: 20,000-deep $kind expression: exit $rc"; head -3 "$tmp/out"; fail=$((fail+1))
	fi
done
echo "$((n-fail)) passed, $fail failed"
[ "$fail" = 0 ]
