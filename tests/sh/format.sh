#!/usr/bin/env bash
# mdfc --format on every stdlib, example and MAESTRO reference file (the
# reference files only where ../shared/reference is present):
#   1. idempotent: formatting the formatted text changes nothing;
#   2. meaning unchanged: --emit=ir of the formatted text (read from standard
#      input with --stdin-filename, so imports resolve from the file's own
#      folder) is byte-identical to the original's; for a file --emit=ir
#      rejects, the exit status and the diagnostics (severity, code and
#      message: all but line:col) are equal;
#   3. comments kept: the same comment texts, in the same order;
#   4. --format --check: 0 on formatted text, 1 (and the name) otherwise;
#   5. -i rewrites in place, keeps the permission bits, leaves a file with
#      syntax errors untouched (exit 1), and refuses standard input.
MDFC=$1 SRC=$2 REF=${3:-$SRC/../shared/reference}
fail=0 files=0 ir=0 rejected=0 changed=0 same_diags=0
unloc='s/:[0-9]+:[0-9]+: (error|warning|note)/: \1/'
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

comments() { # the comment texts of a file, in order, trailing blanks dropped
	grep -o '//.*\|/\*.*' "$1" | sed 's/[[:space:]]*$//'
}

inputs=("$SRC"/stdlib/*/*.mdf "$SRC"/examples/*/*.mdf)
if [ -d "$REF/maestro" ]; then
	while IFS= read -r f; do inputs+=("$f"); done < <(find "$REF/maestro" -name '*.m' | sort)
else
	echo "note: $REF/maestro is absent: the MAESTRO reference files are not formatted"
fi
for f in "${inputs[@]}"; do
	files=$((files+1))
	if ! "$MDFC" --format "$f" > "$tmp/f1" 2> "$tmp/err"; then
		# only files with syntax or lexical errors are refused
		if ! "$MDFC" --emit=ast "$f" > /dev/null 2>&1; then
			rejected=$((rejected+1)); continue
		fi
		echo "FAIL $f: --format failed"; cat "$tmp/err"; fail=$((fail+1)); continue
	fi
	cmp -s "$f" "$tmp/f1" || changed=$((changed+1))
	"$MDFC" --format - < "$tmp/f1" > "$tmp/f2" 2>&1
	if ! cmp -s "$tmp/f1" "$tmp/f2"; then
		echo "FAIL $f: not idempotent"; diff "$tmp/f1" "$tmp/f2" | head -10; fail=$((fail+1))
	fi
	if ! "$MDFC" --format --check - < "$tmp/f1" > /dev/null; then
		echo "FAIL $f: --format --check rejects formatted text"; fail=$((fail+1))
	fi
	if [ "$(comments "$f")" != "$(comments "$tmp/f1")" ]; then
		echo "FAIL $f: comments differ"; diff <(comments "$f") <(comments "$tmp/f1") | head; fail=$((fail+1))
	fi
	"$MDFC" --emit=ir "$f" > "$tmp/ir0" 2> /dev/null; a=$?
	"$MDFC" --emit=ir --stdin-filename "$f" - < "$tmp/f1" > "$tmp/ir1" 2> /dev/null; b=$?
	if [ $a = 0 ]; then
		ir=$((ir+1))
		if [ $b != 0 ] || ! cmp -s "$tmp/ir0" "$tmp/ir1"; then
			echo "FAIL $f: --emit=ir differs after formatting"; diff "$tmp/ir0" "$tmp/ir1" | head; fail=$((fail+1))
		fi
	else
		# the same diagnostics (severity, code, message), only their
		# line:col may move
		c0=$("$MDFC" --check --diagnostics-format=short "$f" 2>&1 | sed -E "$unloc" | sort)
		c1=$("$MDFC" --check --diagnostics-format=short --stdin-filename "$f" - < "$tmp/f1" 2>&1 | sed -E "$unloc" | sort)
		if [ $a != $b ] || [ -z "$c0" ] || [ "$c0" != "$c1" ]; then
			echo "FAIL $f: exit $a/$b, diagnostics differ after formatting"; diff <(echo "$c0") <(echo "$c1") | head
			fail=$((fail+1))
		else
			same_diags=$((same_diags+1))
		fi
	fi
done
echo "format: $files files, $((files-rejected)) formatted ($changed changed by it), $ir with identical --emit=ir, $same_diags rejected by the compiler with identical diagnostics, $rejected refused (syntax errors)"

# --format --check names an unformatted file and exits 1
printf 'Network n{Layer l{Type:CONV\nDimensions{K:4,C:4,R:1,S:1,Y:4,X:4}\nDataflow{SpatialMap(1,1)K;}}}\n' > "$tmp/ugly.mdf"
out=$("$MDFC" --format --check "$tmp/ugly.mdf"); rc=$?
if [ $rc != 1 ] || [ "$out" != "$tmp/ugly.mdf" ]; then
	echo "FAIL --format --check on an unformatted file: exit $rc, output '$out'"; fail=$((fail+1))
fi
# its canonical layout, written out by hand
cat > "$tmp/ugly.want" <<'EOF'
Network n {
	Layer l {
		Type: CONV
		Dimensions { K: 4, C: 4, R: 1, S: 1, Y: 4, X: 4 }
		Dataflow { SpatialMap(1, 1) K; }
	}
}
EOF
if ! "$MDFC" --format "$tmp/ugly.mdf" | cmp -s - "$tmp/ugly.want"; then
	echo "FAIL canonical layout of ugly.mdf:"; "$MDFC" --format "$tmp/ugly.mdf" | diff "$tmp/ugly.want" -; fail=$((fail+1))
fi
# comments: kept on the `{` line, trailing ones of consecutive lines aligned
printf 'Accelerator a { // the edge\n  num_pes: 256; // PEs\nl1_size: 512;   // per PE\n\n   /* own\n line */\n  l2_size: 108000; // shared\n}\n' > "$tmp/comments.mdf"
printf 'Accelerator a { // the edge\n\tnum_pes: 256; // PEs\n\tl1_size: 512; // per PE\n\n\t/* own\n line */\n\tl2_size: 108000; // shared\n}\n' > "$tmp/comments.want"
if ! "$MDFC" --format "$tmp/comments.mdf" | cmp -s - "$tmp/comments.want"; then
	echo "FAIL comments layout:"; "$MDFC" --format "$tmp/comments.mdf" | diff "$tmp/comments.want" -; fail=$((fail+1))
fi
# -i: rewritten in place, permissions kept
chmod 640 "$tmp/ugly.mdf"
if ! "$MDFC" --format -i "$tmp/ugly.mdf" || ! cmp -s "$tmp/ugly.mdf" "$tmp/ugly.want" \
   || [ "$(stat -c %a "$tmp/ugly.mdf")" != 640 ]; then
	echo "FAIL --format -i"; fail=$((fail+1))
fi
[ -z "$(ls -A "$tmp" | grep mdfc-)" ] || { echo "FAIL --format -i left a temporary file"; fail=$((fail+1)); }
# -i on a file with a syntax error: exit 1, file untouched
printf 'Network n { Layer l { Type: CONV Dimensions { K: } } \n' > "$tmp/broken.mdf"
cp "$tmp/broken.mdf" "$tmp/broken.orig"
"$MDFC" --format -i "$tmp/broken.mdf" 2> "$tmp/err"; rc=$?
if [ $rc != 1 ] || ! cmp -s "$tmp/broken.mdf" "$tmp/broken.orig" || ! grep -q 'error\[E02' "$tmp/err"; then
	echo "FAIL --format -i on a broken file: exit $rc"; cat "$tmp/err"; fail=$((fail+1))
fi
"$MDFC" --format -i - < /dev/null 2> /dev/null; rc=$?
[ $rc = 2 ] || { echo "FAIL --format -i - : exit $rc, expected 2"; fail=$((fail+1)); }
echo "format: $fail failed"
[ "$fail" = 0 ]
