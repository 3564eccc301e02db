#!/usr/bin/env bash
# tests/equiv/ext.mdf uses every language extension; plain.m and
# plain_tk32.m are its hand expansions in MAESTRO's syntax.  Both pairs must
# print byte-identical normalized IR, and -D TK=32 must change exactly the
# figures TK feeds (the fc layer's K and C tile), nothing else.
MDFC=$1 SRC=$2
d="$SRC/tests/equiv"
fail=0 n=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { n=$((n+1)); if ! "$@"; then fail=$((fail+1)); fi; }
emit() { "$MDFC" --emit=ir "$@" 2>/dev/null; }

emit "$d/ext.mdf" > "$tmp/ext" || { echo "FAIL: ext.mdf does not compile"; "$MDFC" --check "$d/ext.mdf"; exit 1; }
emit "$d/plain.m" > "$tmp/plain" || { echo "FAIL: plain.m does not compile"; exit 1; }
emit -D TK=32 "$d/ext.mdf" > "$tmp/ext32"
emit "$d/plain_tk32.m" > "$tmp/plain32"

same() { if ! cmp -s "$1" "$2"; then echo "FAIL: $3"; diff -u "$1" "$2" | head -30; return 1; fi; }
check same "$tmp/plain" "$tmp/ext" "ext.mdf and plain.m print different IR"
check same "$tmp/plain32" "$tmp/ext32" "ext.mdf -D TK=32 and plain_tk32.m print different IR"
check test -s "$tmp/ext"

# -D changes the IR exactly where TK is used: fc's K (max(10, TK/4): 16 -> 10)
# and its C tile (TK % 24: 16 -> 8), in the dims and in every level's copy.
changed=$(diff "$tmp/ext" "$tmp/ext32" | grep -c '^>')
n=$((n+1))
if [ "$changed" = 0 ]; then echo "FAIL: -D TK=32 changed nothing"; fail=$((fail+1)); fi
# Expected, by hand: fc's K = max(10, 32/4) = 10 (was 16), its C tile
# 32 % 24 = 8 (was 64 % 24 = 16), and level 1's C = min(8, 32) = 8.
cat > "$tmp/want" <<'EOL'
>     dims K=10 C=32 R=1 S=1 Y=1 X=1
>     dims K=10 C=32 R=1 S=1 Y=1 X=1 Y'=1 X'=1
>     TemporalMap(8,8) C
>     dims K=1 C=8 R=1 S=1 Y=1 X=1
EOL
diff "$tmp/ext" "$tmp/ext32" | grep '^>' > "$tmp/got"
check same "$tmp/want" "$tmp/got" "-D TK=32 did not change exactly fc's K and C tile"
n=$((n+1))
if ! grep -q 'TemporalMap(8,8) C' "$tmp/ext32" || ! grep -q 'TemporalMap(16,16) C' "$tmp/ext"; then
	echo "FAIL: fc's C tile is not 16 by default and 8 with -D TK=32"; fail=$((fail+1))
fi
echo "$((n-fail)) passed, $fail failed"
[ "$fail" = 0 ]
