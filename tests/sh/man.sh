#!/usr/bin/env bash
# docs/mdfc.1 renders without warnings and documents every option of --help.
MDFC=$1 SRC=$2
command -v groff >/dev/null || { echo "SKIP: groff not installed"; exit 77; }
out=$(groff -man -Tutf8 -ww "$SRC/docs/mdfc.1" 2>&1 >/dev/null)
fail=0 n=1
if [ -n "$out" ]; then echo "FAIL: groff warnings: $out"; fail=1; fi
text=$(groff -man -Tascii "$SRC/docs/mdfc.1" 2>/dev/null | col -b 2>/dev/null || groff -man -Tascii "$SRC/docs/mdfc.1")
for opt in $("$MDFC" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
	n=$((n+1))
	grep -q -- "$opt" <<<"$text" || { echo "FAIL: $opt is not in mdfc.1"; fail=$((fail+1)); }
done
echo "$((n-fail)) passed, $fail failed"
[ "$fail" = 0 ]
