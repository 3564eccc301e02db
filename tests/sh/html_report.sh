#!/bin/bash
# html_report.sh: the HTML report (--emit=html, docs/report.md) of a stdlib
# network opened in headless Chromium (tests/html/check_report.py: no
# console message, no external request, every layer's charts and
# drill-down in the DOM, a screenshot that is not blank), and static checks
# of the file: one file, no script, no external reference, names escaped.
#
#   bash html_report.sh MDFC_BINARY SOURCE_DIR
# Exit 77 (skipped) when the binary, Chromium (Debian's `chromium`,
# installed by scripts/deps.sh) or /usr/bin/python3 is missing.
set -u
. "$(dirname "$0")/lib/args.bash"
browser=${CHROMIUM:-/usr/bin/chromium}
[ -x "$browser" ] || { echo "SKIP: $browser is absent (apt-get install chromium)"; exit 77; }
[ -x /usr/bin/python3 ] || { echo "SKIP: /usr/bin/python3 is absent"; exit 77; }
export MDFC_STDLIB="$src/stdlib"
unset MDF_PATH
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# 1. the report of a stdlib network (alexnet, its default dataflow)
net="$src/stdlib/networks/alexnet.mdf"
if ! "$mdfc" --emit=html -o "$tmp/report.html" "$net" 2>"$tmp/err"; then
	echo "FAIL: mdfc --emit=html failed"; sed 's/^/    /' "$tmp/err" | head -5; exit 1
fi
layers=$("$mdfc" --emit=json "$net" 2>/dev/null | grep -c '^{"name":.*"ok":')
[ "$layers" -gt 0 ] || { echo "FAIL: no layers counted"; exit 1; }

# 2. static: no script, no link, no reference outside the file; the only
#    URL is SVG's namespace name, which is never fetched
if grep -qiE '<script|<link|<iframe|<object|<embed|@import|url\(' "$tmp/report.html"; then
	echo "FAIL: the report holds a script, a link or a url()"; fail=1
fi
if grep -oE '(src|href)="[^"#][^"]*"' "$tmp/report.html" | head -1 | grep -q .; then
	echo "FAIL: the report references something outside itself:"
	grep -oE '(src|href)="[^"#][^"]*"' "$tmp/report.html" | head -3; fail=1
fi
if grep -oE 'https?://[^" ]*' "$tmp/report.html" | grep -v '^http://www.w3.org/2000/svg$' | head -1 | grep -q .; then
	echo "FAIL: a URL other than SVG's namespace"; fail=1
fi

# 3. names from the input are escaped
printf '%s\n' 'Network "<b>net</b> & co" { Layer "<script>alert(1)</script>" { Type: CONV' \
	'Dimensions { K: 4, C: 2, R: 3, S: 3, Y: 6, X: 6 }' \
	'Dataflow { SpatialMap(1,1) K; TemporalMap(3,1) Y; TemporalMap(3,1) X; } } }' >"$tmp/names.mdf"
if ! "$mdfc" --emit=html --num-pes 4 -o "$tmp/names.html" "$tmp/names.mdf" 2>"$tmp/err"; then
	echo "FAIL: mdfc --emit=html on odd names failed"; sed 's/^/    /' "$tmp/err" | head -5; fail=1
elif grep -qE '<script|<b>net' "$tmp/names.html" || ! grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/names.html"; then
	echo "FAIL: a name from the input is not HTML-escaped"; fail=1
fi

# 4. after a mapping search, each searched layer's Pareto front
if ! "$mdfc" --search --budget 100 --emit=html "$src/examples/quickstart/conv.mdf" >"$tmp/search.html" 2>"$tmp/err"; then
	echo "FAIL: mdfc --search --emit=html failed"; sed 's/^/    /' "$tmp/err" | head -5; fail=1
elif ! grep -q 'id="pareto-0-0"' "$tmp/search.html" || ! grep -q '<circle' "$tmp/search.html"; then
	echo "FAIL: no Pareto front in the report of a search"; fail=1
fi

# 5. in the browser (also the odd names' report)
/usr/bin/python3 "$src/tests/html/check_report.py" "$browser" "$tmp/report.html" "$layers" "$tmp/shot.png" || fail=1
/usr/bin/python3 "$src/tests/html/check_report.py" "$browser" "$tmp/names.html" 1 || fail=1
exit $fail
