#!/usr/bin/env bash
# Text that leaves mdfc is safe (docs/reliability.md, "Hostile text"):
# control characters and bidi overrides from the input are escaped in
# messages; JSON (diagnostics and --emit=json) is valid UTF-8 whatever bytes
# names and paths hold; CSV names that a spreadsheet would run as formulas
# are neutralized; imports are regular files only, with distinct errors, and
# --restrict-imports keeps them inside the allowed folders.
MDFC=$1 SRC=$2
fail=0 n=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
bad() { echo "FAIL $*"; fail=$((fail+1)); }
PY=/usr/bin/python3
dims='Dimensions { K: 2, C: 2, R: 1, S: 1, Y: 2, X: 2 } Dataflow { SpatialMap(1,1) K; TemporalMap(2,2) C; }'

# ESC, BEL in an import path: escaped, never raw on stderr.
printf 'import "\033]0;pwned\007x.mdf";\n' > esc.mdf
"$MDFC" --check esc.mdf 2> err; n=$((n+1))
if grep -q $'\033' err || grep -q $'\007' err; then bad "raw ESC/BEL on stderr: $(od -c err | head -3)"; fi
n=$((n+1)); grep -qF 'cannot find imported file "\x1b]0;pwned\x07x.mdf"' err || bad "escape form: $(head -1 err)"
# U+202E (right-to-left override) in a layer name, in a message.
printf 'Network n {\n Layer "a\xe2\x80\xaeb" { Type: CONV; Dimensions { K: 2 } }\n}\n' > bidi.mdf
"$MDFC" --check bidi.mdf 2> err; n=$((n+1))
if grep -q $'\xe2\x80\xae' err; then bad "raw U+202E on stderr"; fi
n=$((n+1)); grep -qF 'a\u{202e}b' err || bad "bidi escape: $(head -1 err)"

# Invalid UTF-8 in a path and in a layer name: JSON stays valid UTF-8.
printf 'import "\xff\xfe.mdf";\n' > badpath.mdf
printf 'Network n {\n Layer "x\xffy\xe2\x80\xae" { Type: CONV; %s }\n}\n' "$dims" > badname.mdf
if [ -x $PY ]; then
	jsonok() { $PY -c 'import sys, json; json.loads(sys.stdin.buffer.read().decode("utf-8"))'; }
	n=$((n+1)); "$MDFC" --check --diagnostics-format=json badpath.mdf 2>/dev/null | jsonok || bad "diagnostics JSON with an invalid path"
	n=$((n+1)); "$MDFC" --emit=json badname.mdf 2>/dev/null | jsonok || bad "--emit=json with an invalid name"
	n=$((n+1)); "$MDFC" --emit=json badname.mdf 2>/dev/null | grep -qF '"x\ufffdy\u202e"' || bad "name not escaped as documented"
fi

# CSV: a name beginning with = + - @ is quoted and prefixed with '.
printf 'Network n {\n Layer "=HYPERLINK(1)" { Type: CONV; %s }\n Layer "@SUM(A1)" { Type: CONV; %s }\n Layer plain { Type: CONV; %s }\n}\n' "$dims" "$dims" "$dims" > csv.mdf
"$MDFC" --emit=csv csv.mdf > out.csv 2>/dev/null; n=$((n+1))
cut -d, -f2 out.csv | sed -n '2,4p' | tr '\n' ' ' | grep -qxF "\"'=HYPERLINK(1)\" \"'@SUM(A1)\" plain " || bad "csv names: $(cut -d, -f2 out.csv | tr '\n' ' ')"
# compat mode prints the last piece of a name (f(=1) -> =1): neutralized too
printf 'Network n {\n Layer "f(=1)" { Type: CONV; %s }\n}\n' "$dims" > csv2.mdf
"$MDFC" --emit=csv --compat=maestro csv2.mdf > out.csv 2>/dev/null; n=$((n+1))
cut -d, -f2 out.csv | sed -n '2p' | grep -qxF "\"'=1\"" || bad "compat csv: $(cut -d, -f2 out.csv | tr '\n' ' ')"

# Imports: only regular files, each failure said for what it is.
imp() { printf 'import "%s";\n' "$1" > imp.mdf; timeout 20 "$MDFC" --check "${@:3}" imp.mdf > /dev/null 2> err; local rc=$?
	rm -f imp.mdf
	n=$((n+1)); [ $rc = 1 ] || bad "import $1: exit $rc"
	n=$((n+1)); grep -q -- "$2" err || bad "import $1: $(head -1 err)"; }
mkfifo fifo.mdf
imp fifo.mdf 'error\[E0801\]: cannot import "fifo.mdf": fifo.mdf is not a regular file'
[ -r /proc/self/environ ] && imp /proc/self/environ 'is a /proc or /sys file'
n=$((n+1)); grep -q PATH= err && bad "environment echoed"
imp /dev/zero 'is not a regular file'
ln -s l2.mdf l1.mdf; ln -s l1.mdf l2.mdf
imp l1.mdf 'error\[E0801\]: cannot import "l1.mdf": l1.mdf is a symbolic link loop'
imp nothere.mdf 'error\[E0303\]: cannot find imported file "nothere.mdf"'
if [ "$(id -u)" != 0 ]; then
	printf 'x\n' > noread.mdf; chmod 000 noread.mdf
	imp noread.mdf 'noread.mdf is not readable'
fi
# --restrict-imports: nothing outside the input's folder, -I folders, stdlib.
mkdir -p proj/sub other; printf 'param a = 1;\n' > other/o.mdf
printf 'param b = 1;\n' > proj/sub/ok.mdf
cd proj || exit 1
imp "$tmp/other/o.mdf" 'is outside the allowed folders' --restrict-imports
imp ../other/o.mdf 'is outside the allowed folders' --restrict-imports
ln -s ../other/o.mdf sneaky.mdf
imp sneaky.mdf 'is outside the allowed folders' --restrict-imports
printf 'import "sub/ok.mdf";\nimport "dataflows/kcp_ws.mdf";\n' > good.mdf
n=$((n+1)); "$MDFC" --check --restrict-imports good.mdf 2> err || bad "restrict-imports allowed: $(head -1 err)"
printf 'import "o.mdf";\n' > viaI.mdf
n=$((n+1)); "$MDFC" --check --restrict-imports -I ../other viaI.mdf 2> err || bad "restrict-imports -I: $(head -1 err)"
n=$((n+1)); "$MDFC" --check ../other/../other/o.mdf 2> err || bad "unrestricted: $(head -1 err)"

echo "$((n-fail)) passed, $fail failed"
[ "$fail" = 0 ]
