#!/usr/bin/env bash
# --diagnostics-format=short read by Vim's DEFAULT errorformat (vim -es -u
# NONE, nothing configured): every line of mdfc's output must become a
# valid quickfix entry at the diagnostic's file, line and column, with no
# junk entries.  The text format is read the same way as a control: its
# excerpt, caret and hint lines are junk entries, so the check can fail.
# Also the usage errors of the warning controls (-w, -W CODE=LEVEL, -Werror).
# Skips (77) when vim is absent.
MDFC=$1 SRC=$2
fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

usage() { # usage NAME PATTERN ARGS...
	local name=$1 pat=$2; shift 2
	local out rc
	out=$("$MDFC" "$@" 2>&1); rc=$?
	if [ "$rc" != 2 ] || ! grep -Eq -- "$pat" <<<"$out"; then
		echo "FAIL $name: exit $rc (expected 2), output: $out"; fail=$((fail+1))
	fi
}
usage W-no-level "-W takes CODE=allow\|warn\|error" -W W0401 x.mdf
usage W-bad-code "no such diagnostic code" -W W9999=allow x.mdf
usage W-error-code "E0201 is an error, not a warning" -W E0201=allow x.mdf
usage W-bad-level "LEVEL is allow, warn or error, not 'deny'" -W W0401=deny x.mdf
usage bad-format "takes text, short or json" --diagnostics-format=gcc x.mdf

if ! command -v vim >/dev/null; then
	echo "SKIPPED: vim is not installed (Debian package vim); the usage checks ran: $fail failed"
	[ "$fail" = 0 ] && exit 77 || exit 1
fi

# qf FILE: the quickfix list Vim's default errorformat makes of FILE, one
# line per entry: valid|file|line|col|type|text
qf() {
	(cd "$tmp" && vim -es -N -u NONE -i NONE \
		-c "cgetfile $1" \
		-c 'call writefile(map(getqflist(), {_, e -> e.valid . "|" . bufname(e.bufnr) . "|" . e.lnum . "|" . e.col . "|" . e.text}), "qf.txt")' \
		-c 'qa!' </dev/null >/dev/null 2>&1)
	cat "$tmp/qf.txt"
}

inputs=("$SRC"/examples/editor/*.mdf "$SRC"/tests/golden/driver/warn_default.mdf "$SRC"/tests/golden/driver/json_import.mdf)
total=0
for f in "${inputs[@]}"; do
	d=$(dirname "$f") b=$(basename "$f")
	(cd "$d" && "$MDFC" --check --diagnostics-format=short "$b") > "$tmp/short.out" 2>/dev/null
	lines=$(wc -l < "$tmp/short.out")
	if [ "$lines" = 0 ]; then
		echo "FAIL $b: no diagnostics to read"; fail=$((fail+1)); continue
	fi
	qf short.out > "$tmp/qf.short"
	valid=$(grep -c '^1|' "$tmp/qf.short")
	junk=$(grep -vc '^1|' "$tmp/qf.short")
	total=$((total+lines))
	if [ "$valid" != "$lines" ] || [ "$junk" != 0 ]; then
		echo "FAIL $b: $lines lines gave $valid valid and $junk junk quickfix entries"; cat "$tmp/qf.short"; fail=$((fail+1))
	fi
	# each entry at the line and column the line itself states
	paste -d'\n' "$tmp/short.out" "$tmp/qf.short" | while IFS= read -r line && IFS= read -r entry; do
		want=$(sed -E 's/^([^:]*):([0-9]+):([0-9]+): (error|warning)\[([A-Z0-9]+)\]: (.*)$/1|\1|\2|\3| \4[\5]: \6/' <<<"$line")
		if [ "$entry" != "$want" ] && [ "$entry" != "${want/|\.\//|}" ]; then
			echo "FAIL $b: entry '$entry' for line '$line'"; exit 1
		fi
	done || fail=$((fail+1))
	# control: the default text format gives junk entries on the same input
	(cd "$d" && "$MDFC" --check --color=never "$b") > "$tmp/text.out" 2>&1
	qf text.out > "$tmp/qf.text"
	tjunk=$(grep -vc '^1|' "$tmp/qf.text")
	echo "$b: short: $lines lines -> $valid valid, $junk junk entries; text: $tjunk junk entries"
done
echo "short format: $total diagnostics read by Vim's default errorformat; $fail failed"
[ "$fail" = 0 ]
