#!/usr/bin/env bash
# Generated C is clean under gcc and clang with -std=c11 -Wall -Wextra
# -Wpedantic -Werror (docs/reliability.md, "Generated C"): every stdlib
# network, every example, a TRCONV layer (the only user of cg_dilate), and a
# layer whose name is longer than the 4095 characters C11 promises a string
# literal can hold (emitted as a list of bytes, and printed back whole).
# Skipped (77) where neither compiler is installed.
MDFC=$1 SRC=$2
fail=0 n=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bad() { echo "FAIL $*"; fail=$((fail+1)); }
ccs=
for cc in gcc clang; do command -v $cc >/dev/null && ccs="$ccs $cc"; done
[ -n "$ccs" ] || { echo "SKIPPED: neither gcc nor clang installed"; exit 77; }
flags="-std=c11 -Wall -Wextra -Wpedantic -Werror"

long=$(printf 'L%.0s' $(seq 5000))
cat > "$tmp/long.mdf" <<EOM
Network n {
  Layer $long {
    Type: CONV
    Dimensions { K: 4, C: 2, R: 3, S: 3, Y: 6, X: 6 }
    Dataflow { SpatialMap(1,1) K; TemporalMap(1,1) C; TemporalMap(3,1) Y; TemporalMap(3,1) X; }
  }
}
EOM
files="$tmp/long.mdf $SRC/tests/golden/cgen/trconv_gather.mdf"
for f in "$SRC"/stdlib/networks/*.mdf "$SRC"/examples/*/*.mdf; do
	case $f in */examples/editor/*) continue;; esac   # broken on purpose
	files="$files $f"
done
for f in $files; do
	b=$(basename "$f" .mdf)
	if ! "$MDFC" --emit=c "$f" -o "$tmp/$b.c" 2>"$tmp/err"; then
		bad "--emit=c $f: $(head -1 "$tmp/err")"; continue
	fi
	# a file with no network (stdlib/networks/common.mdf) has no program: W0801
	if [ ! -s "$tmp/$b.c" ]; then
		grep -q W0801 "$tmp/err" || bad "$f: empty output without W0801"
		continue
	fi
	for cc in $ccs; do
		n=$((n+1))
		$cc $flags -fsyntax-only "$tmp/$b.c" 2>"$tmp/cc.err" || bad "$cc on $b: $(grep -m1 error "$tmp/cc.err")"
	done
done
# the long name reaches the program's output whole
for cc in $ccs; do
	n=$((n+1))
	if $cc $flags -o "$tmp/long.bin" "$tmp/long.c" 2>"$tmp/cc.err"; then
		"$tmp/long.bin" > "$tmp/long.json"
		grep -qF "\"layer\":\"$long\"" "$tmp/long.json" || bad "$cc: the 5000-character name is not printed back"
	else
		bad "$cc: long.c: $(grep -m1 error "$tmp/cc.err")"
	fi
done
echo "cgen_warnings: $n checks with$ccs, $fail failed"
[ $fail -eq 0 ]
