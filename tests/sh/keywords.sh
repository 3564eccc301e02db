#!/usr/bin/env bash
# The keywords are written in four places that must agree (in the spirit
# of PostgreSQL's check_keywords.pl): the scanner's rules (grammar/mdf.l,
# `"Layer" { HOOK(TOK_LAYER); }`, `"in" { return TOK_IN; }`), the
# grammar's %token declarations (grammar/mdf.y, `LAYER "Layer"`), the
# grammar's skip-after-error token list (soup_token: every keyword must
# be skippable) and the parser's wrong-case table (src/front/parse.c,
# keywords[]).  Each list is read from its file and the four are
# compared; the check fails naming the keyword a place lacks.
SRC=${2:-$(dirname "$0")/../..}
L=$SRC/grammar/mdf.l Y=$SRC/grammar/mdf.y P=$SRC/src/front/parse.c
for f in "$L" "$Y" "$P"; do
	[ -f "$f" ] || { echo "FAIL: $f missing"; exit 1; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# scanner: "Word" { return TOK_NAME; } or { HOOK(TOK_NAME); }  ->  NAME Word
sed -n 's/^"\([A-Za-z]*\)"[[:space:]]*{ \(return \|HOOK(\)TOK_\([A-Z_]*\)[);]* }.*/\3 \1/p' "$L" | sort >"$tmp/lexer"
# grammar: %token lines without a value type, pairs NAME "Word"
sed -n 's/^%token \([^<]\)/\1/p' "$Y" |
	grep -o '[A-Z_][A-Z_]* "[A-Za-z][A-Za-z]*"' | tr -d '"' | sort >"$tmp/tokens"
# grammar: soup_token alternatives (from its rule to the closing ';')
sed -n '/^soup_token$/,/^\t;$/p' "$Y" | grep -o '\b[A-Z][A-Z_]*\b' | sort -u >"$tmp/soup"
# parser: keywords[] = { "Network", ... };
sed -n '/^static const char \*const keywords\[\] = {$/,/^};$/p' "$P" |
	grep -o '"[A-Za-z]*"' | tr -d '"' | sort >"$tmp/table"
fail=0
n=$(wc -l <"$tmp/lexer")
[ "$n" -ge 10 ] || { echo "FAIL: read only $n keyword rules from $L"; exit 1; }
if ! cmp -s "$tmp/lexer" "$tmp/tokens"; then
	echo "FAIL: scanner rules (<) and %token declarations (>) differ:"
	diff "$tmp/lexer" "$tmp/tokens"
	fail=1
fi
cut -d' ' -f1 "$tmp/lexer" | while read -r t; do
	grep -qx "$t" "$tmp/soup" || echo "FAIL: keyword token $t is not in soup_token (mdf.y)"
done | tee "$tmp/soupfail"
[ -s "$tmp/soupfail" ] && fail=1
if ! cut -d' ' -f2 "$tmp/lexer" | sort | cmp -s - "$tmp/table"; then
	echo "FAIL: scanner keywords (<) and parse.c keywords[] (>) differ:"
	cut -d' ' -f2 "$tmp/lexer" | sort | diff - "$tmp/table"
	fail=1
fi
# the plain parse's compound-token rules (start condition FAST) must not
# spell a keyword: a compound token holding one would take it for a name
# (the quoted pieces of their patterns and of the definitions they use)
grep -E '^(<FAST>|(LET|ARG|ARGP)[[:space:]])' "$L" | grep -o '"[^"]*"' | tr -d '"' | sort -u >"$tmp/fast"
[ -s "$tmp/fast" ] || { echo "FAIL: read no <FAST> rules from $L"; fail=1; }
cut -d' ' -f2 "$tmp/lexer" | while read -r w; do
	grep -F "$w" "$tmp/fast" | sed "s/^/FAIL: keyword $w in a compound rule's piece /"
done | tee "$tmp/fastfail"
[ -s "$tmp/fastfail" ] && fail=1
[ $fail = 0 ] && echo "ok: $n keywords agree in mdf.l, mdf.y (%token, soup_token) and parse.c; no compound rule spells one"
exit $fail
