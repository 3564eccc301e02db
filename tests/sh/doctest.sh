#!/usr/bin/env bash
# doctest.sh: the commands and printed figures of README.md, docs/tutorial.md
# and examples/*/README.md stay true (issue 11: they drifted).
#
#   bash doctest.sh MDFC_BINARY SOURCE_DIR
#
# Over every fenced block (``` lines) of those files:
# - a block whose non-empty lines all start with `mdfc ` or `sh examples/`
#   is run, line by line, from SOURCE_DIR, with `mdfc` the binary under
#   test; each line must exit with 0 or 1 (1: the input has errors, which a
#   tutorial shows on purpose), never 2 or more (usage, I/O, crash), so a
#   command naming a file that is not shipped fails.  A redirection `> FILE`
#   writes into a temporary folder.  A trailing comment `# 5,513 cycles`
#   must name the runtime on the output's `total` line.
# - a block preceded by the line `<!-- doctest: output -->` must equal the
#   standard output of the last command run before it.
# - a block whose first line starts with `$ ` is a transcript: each `$ CMD`
#   is run (`mdfc` or `./build/mdfc` being the binary under test, `-o FILE`
#   and `> FILE` written into a temporary folder), must exit with 0 or 1,
#   and its standard output followed by its standard error (the order a
#   terminal shows them in, as mdfc prints warnings after the report) must
#   match the lines after it: exactly, except that `...` inside a line
#   stands for any text and a line `...` alone for any number of lines.
# - a block preceded by `<!-- doctest: skip REASON -->` is not run.
# Other blocks (sources, build commands) are not checked.
set -u
. "$(dirname "$0")/lib/args.bash"
mdfc=$(cd "$(dirname "$mdfc")" && pwd)/$(basename "$mdfc")
export MDFC_STDLIB="$src/stdlib"
unset MDF_PATH
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0 ncmd=0 nout=0 ntr=0

# run LOCATION LINE: one documented command; its stdout in $work/last.
run_line() {
	local where=$1 line=$2 cmd want rc
	cmd=${line%%#*}
	want=""
	[ "$cmd" != "$line" ] && want=${line#*#}
	cmd=$(printf '%s' "$cmd" | sed -e "s|^mdfc |\"\$mdfc\" |" -e "s|^sh \\(examples/[^ ]*\\) mdfc|sh \\1 \"\$mdfc\"|" \
		-e "s|> *[^ ]*|> \"\$work\"/redirected|")
	ncmd=$((ncmd + 1))
	(cd "$src" && eval "$cmd") >"$work/last" 2>"$work/err"
	rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "FAIL: $where: \`$line\` exits $rc"
		head -3 "$work/err"
		fail=$((fail + 1))
		return
	fi
	if [[ $want =~ ^\ *([0-9][0-9,]*)\ cycles ]]; then
		local n=${BASH_REMATCH[1]//,/}
		if ! grep -E "^total +$n " "$work/last" >/dev/null; then
			echo "FAIL: $where: \`$line\`: the total is not $n cycles:"
			grep '^total' "$work/last"
			fail=$((fail + 1))
		fi
	fi
}

# glob_line EXPECTED: the pattern of one transcript line: glob characters
# escaped, "..." turned into *.
glob_line() {
	local e=$1 out="" c k
	for ((k = 0; k < ${#e}; k++)); do
		c=${e:k:1}
		if [ "${e:k:3}" = "..." ]; then
			out+='*' k=$((k + 2))
			continue
		fi
		case $c in
		[][\\*?]) out+="\\$c" ;;
		*) out+=$c ;;
		esac
	done
	printf '%s' "$out"
}

# lines_match: the array EXP against the array ACT, "..." lines matching
# any run of lines (backtracking to the last one, as a glob does).
lines_match() {
	local i=0 j=0 star=-1 mark=0 pat
	while [ $j -lt ${#ACT[@]} ]; do
		if [ $i -lt ${#EXP[@]} ] && [ "${EXP[i]}" = "..." ]; then
			star=$i mark=$j i=$((i + 1))
			continue
		fi
		if [ $i -lt ${#EXP[@]} ]; then
			pat=$(glob_line "${EXP[i]}")
			if [[ ${ACT[j]} == $pat ]]; then
				i=$((i + 1)) j=$((j + 1))
				continue
			fi
		fi
		[ $star -ge 0 ] || return 1
		i=$((star + 1)) mark=$((mark + 1)) j=$mark
	done
	while [ $i -lt ${#EXP[@]} ] && [ "${EXP[i]}" = "..." ]; do
		i=$((i + 1))
	done
	[ $i -eq ${#EXP[@]} ]
}

# transcript LOCATION BODY: the `$ CMD` lines of BODY run, each compared
# with the lines that follow it.
transcript() {
	local where=$1 body=$2 cmd="" line rc
	local -a exp=()
	flush() {
		[ -n "$cmd" ] || return 0
		# blank lines before the next `$ ` are layout, not output
		while [ ${#exp[@]} -gt 0 ] && [ -z "${exp[-1]}" ]; do unset 'exp[-1]'; done
		ncmd=$((ncmd + 1)) ntr=$((ntr + 1))
		local c
		c=$(printf '%s' "$cmd" | sed -e 's|^\(\./build/\)\{0,1\}mdfc |"$mdfc" |' \
			-e 's|-o  *\([^ ]*\)|-o "$work"/\1|' -e 's|> *[^ ]*|> "$work"/redirected|')
		(cd "$src" && eval "$c") >"$work/out" 2>"$work/err"
		rc=$?
		if [ "$rc" -gt 1 ]; then
			echo "FAIL: $where: \`$cmd\` exits $rc"; head -3 "$work/err"
			fail=$((fail + 1)); return 0
		fi
		mapfile -t ACT < <(cat "$work/out" "$work/err" | sed -e 's/[[:space:]]*$//')
		EXP=("${exp[@]}")
		if ! lines_match; then
			echo "FAIL: $where: \`$cmd\` prints otherwise; expected:"
			printf '  %s\n' "${EXP[@]}" | head -12
			echo "got:"
			printf '  %s\n' "${ACT[@]}" | head -12
			fail=$((fail + 1))
		fi
	}
	while IFS= read -r line; do
		if [[ $line == '$ '* ]]; then
			flush
			cmd=${line#'$ '} exp=()
		else
			line=$(printf '%s' "$line" | sed -e 's/[[:space:]]*$//')
			exp+=("$line")
		fi
	done <<<"$body"
	flush
}

check_file() {
	local f=$1 rel=${1#"$src"/} n=0 inblock=0 mark="" prev="" start=0 body=""
	while IFS= read -r l || [ -n "$l" ]; do
		n=$((n + 1))
		if [ $inblock = 0 ]; then
			if [[ $l == '```'* ]]; then
				inblock=1 start=$n body="" mark=$prev
			fi
			[ -n "$l" ] && prev=$l
			continue
		fi
		if [[ $l != '```'* ]]; then
			body+="$l"$'\n'
			continue
		fi
		inblock=0 prev=""
		case $mark in
		"<!-- doctest: skip"*) continue ;;
		"<!-- doctest: output -->")
			nout=$((nout + 1))
			if ! diff -u <(printf '%s' "$body") "$work/last" >"$work/diff"; then
				echo "FAIL: $rel:$start: the output shown differs from the last command's:"
				head -20 "$work/diff"
				fail=$((fail + 1))
			fi
			continue ;;
		esac
		if [[ $body == '$ '* ]]; then
			transcript "$rel:$start" "$body"
			continue
		fi
		local runnable=1 line
		while IFS= read -r line; do
			[ -z "$line" ] && continue
			[[ $line == "mdfc "* || $line == "sh examples/"* ]] || runnable=0
		done <<<"$body"
		[ $runnable = 1 ] && [ -n "$body" ] || continue
		while IFS= read -r line; do
			[ -n "$line" ] && run_line "$rel:$start" "$line"
		done <<<"$body"
	done <"$f"
}

for f in "$src/README.md" "$src/docs/tutorial.md" "$src"/examples/*/README.md; do
	[ -f "$f" ] && check_file "$f"
done
echo "$ncmd commands run ($ntr from transcripts), $nout printed outputs compared, $fail failed"
[ "$fail" = 0 ]
