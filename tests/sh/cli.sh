#!/usr/bin/env bash
# Command-line behaviour of the driver: help, version, usage errors, I/O
# errors, exit statuses, stdin, -o.  Each check states the expected outcome.
MDFC=$1 SRC=$2
fail=0 n=0
t() { # t NAME EXPECTED_STATUS PATTERN(stdout+stderr, grep -E) -- ARGS...
	local name=$1 want=$2 pat=$3; shift 4
	local out rc
	out=$("$MDFC" "$@" 2>&1); rc=$?
	n=$((n+1))
	if [ "$rc" != "$want" ]; then
		echo "FAIL $name: exit $rc, expected $want"; echo "$out" | head -5; fail=$((fail+1)); return
	fi
	if [ -n "$pat" ] && ! grep -Eq -- "$pat" <<<"$out"; then
		echo "FAIL $name: output lacks /$pat/"; echo "$out" | head -5; fail=$((fail+1)); return
	fi
}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

t help 0 '^usage: mdfc' -- --help
t help-short 0 '--crosscheck-max-macs' -- -h
t version 0 '^mdfc [0-9]+\.[0-9]+' -- --version
t no-input 2 'no input file' --
t unknown-option 2 "unknown option '--frobnicate'" -- --frobnicate x.mdf
t bad-emit 2 '--emit takes' -- --emit=pdf x.mdf
t bad-compat 2 "--compat takes 'maestro'" -- --compat=timeloop x.mdf
t bad-pes 2 '--num-pes takes an integer >= 1' -- --num-pes=0 x.mdf
t bad-pes-text 2 '--num-pes takes' -- --num-pes 12abc x.mdf
t bad-define 2 '-D takes NAME=VALUE' -- -D FOO x.mdf
t check-with-emit 2 'cannot be combined' -- --check --emit=ir x.mdf
t missing-file 2 "error\[E0801\]: cannot read '.*nope.mdf'" -- --check "$tmp/nope.mdf"
t folder 2 'is a folder' -- --check "$tmp"
t list-codes 0 '^E0201 +error +syntax-error' -- --list-codes
t explain 0 'E0201' -- --explain E0201
t explain-unknown 2 'is not a diagnostic code' -- --explain E9999
t output-unwritable 2 "cannot write" -- -o "$tmp/no/such/dir/out.csv" "$tmp/x.mdf"

# Standard input: '-' with --stdin-filename names the input in diagnostics
# and sets the folder imports resolve from.
n=$((n+1))
out=$(printf 'Network n {\n  Layer l {\n    Type: CONVV\n  }\n}\n' | "$MDFC" --check - --stdin-filename dir/editor.mdf 2>&1); rc=$?
if [ $rc != 1 ] || ! grep -q '^dir/editor.mdf:3:11: error\[E0401\]' <<<"$out"; then echo "FAIL stdin: exit $rc: $out" | head -3; fail=$((fail+1)); fi
n=$((n+1))
printf 'import "../tests/equiv/equiv_df.mdf";\n' > "$tmp/imp.mdf"
(cd "$tmp" && "$MDFC" --check - --stdin-filename "$SRC/examples/x.mdf" < imp.mdf) > "$tmp/out" 2>&1 || { echo "FAIL stdin import relative to --stdin-filename:"; head -3 "$tmp/out"; fail=$((fail+1)); }

# A diagnostic inside a stdlib file names a path an editor can open.
n=$((n+1))
loc=$("$MDFC" --check "$SRC/examples/quickstart/stdlib.mdf" 2>&1 | grep -m1 -oE '^[^ ]*stdlib/[^:]*\.mdf')
if [ -z "$loc" ] || [ ! -f "$loc" ]; then echo "FAIL: stdlib diagnostic path '$loc' is not a file"; fail=$((fail+1)); fi

# Every code listed by --list-codes has an explanation page.
for code in $("$MDFC" --list-codes | awk '{print $1}'); do
	n=$((n+1))
	if [ ! -f "$SRC/docs/errors/$code.md" ]; then
		echo "FAIL: $code has no docs/errors/$code.md"; fail=$((fail+1))
	fi
done

echo "$((n-fail)) passed, $fail failed"
[ "$fail" = 0 ]
