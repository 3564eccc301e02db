#!/usr/bin/env bash
# The generated bash completion (build/mdfc.bash, scripts/gen_completion.sh)
# offers every option src/driver/options.c parses (so an option missing
# from --help fails here), and completes values, codes and folders.
#   bash completion.sh MDFC_BINARY SOURCE_DIR
MDFC=$1 SRC=$2
comp=$(dirname "$MDFC")/mdfc.bash
[ -f "$comp" ] || { echo "FAIL: $comp was not generated"; exit 1; }
# shellcheck disable=SC1090
source "$comp"
fail=0 n=0
complete_words() {   # WORD... : COMPREPLY for the last word, one per line, sorted
	COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
	_mdfc 2>/dev/null
	printf '%s\n' "${COMPREPLY[@]}" | sort
}
expect() {   # NAME WANT WORD...
	local name=$1 want=$2; shift 2
	n=$((n+1))
	got=$(complete_words "$@" | tr '\n' ' ')
	[ "$got" = "$want " ] || { echo "FAIL: $name: got '$got', want '$want'"; fail=$((fail+1)); }
}
# every option the parser knows: string literals "--name", "-X" and the
# hardware flag table's names
opts=$(complete_words mdfc -)
parsed=$( { grep -o '"--[a-z][a-z-]*"' "$SRC/src/driver/options.c"; grep -o '"-[A-Za-z]"' "$SRC/src/driver/options.c";
	grep -oE '^[[:space:]]*\{"[a-z][a-z0-9-]*", HW_' "$SRC/src/driver/options.c" | sed -E 's/.*\{"([^"]*)".*/"--\1"/'; } |
	tr -d '"' | sort -u)
[ "$(wc -l <<<"$parsed")" -ge 20 ] || { echo "FAIL: found only $(wc -l <<<"$parsed") options in options.c"; fail=$((fail+1)); }
for o in $parsed; do
	n=$((n+1))
	grep -qx -- "$o" <<<"$opts" || grep -qx -- "$o=" <<<"$opts" ||
		{ echo "FAIL: option $o (parsed in options.c) is not completed: missing from mdfc --help?"; fail=$((fail+1)); }
done
expect "--em" "--emit=" mdfc --em
expect "--emit= values" "ast c csv html ir json loops table" mdfc --emit =
expect "--emit=j" "json" mdfc --emit = j
expect "--color=" "always auto never" mdfc --color =
expect "--compat=" "maestro" mdfc --compat =
expect "--diagnostics-format=" "json short text" mdfc --diagnostics-format =
expect "--explain E051" "$("$MDFC" --list-codes | awk '$1 ~ /^E051/ {print $1}' | sort | tr '\n' ' ' | sed 's/ $//')" mdfc --explain E051
n=$((n+1))
codes=$(complete_words mdfc --explain E | wc -l)
[ "$codes" = "$("$MDFC" --list-codes | grep -c '^E')" ] || { echo "FAIL: --explain E offers $codes codes"; fail=$((fail+1)); }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/incdir"; touch "$tmp/file.mdf"
expect "-I: folders only" "$tmp/incdir" mdfc -I "$tmp/i"
expect "--num-pes: nothing" "" mdfc --num-pes ""
echo "$((n-fail)) passed, $fail failed"
[ "$fail" = 0 ]
