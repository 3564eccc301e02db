#!/bin/sh
# gen_completion.sh MDFC OUT: bash completion for mdfc, generated from its
# option table as `mdfc --help` prints it (src/driver/options.c), and the
# codes of `mdfc --list-codes`.  Run at build time (CMakeLists.txt), so a
# new option documented in --help completes without editing anything.
#   option column   completes
#   --name=KIND     --name=, then the values the description lists as a | b | c
#   --name=word     --name=, then word
#   --name DIR      the option, then folders
#   --name CODE     the option, then diagnostic codes
#   --name OTHER    the option, then files (FILE) or nothing (a number, a name)
set -eu
mdfc=$1 out=$2
help=$("$mdfc" --help)
codes=$("$mdfc" --list-codes | awk '{print $1}' | tr '\n' ' ')
printf '%s\n' "$help" | awk -v codes="$codes" '
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
/^  -/ {
	line = substr($0, 3)
	# the option column ends at the first run of two spaces
	i = index(line, "  "); spec = i ? substr(line, 1, i - 1) : line
	desc = i ? trim(substr(line, i)) : ""
	n = split(spec, parts, /, /)
	for (p = 1; p <= n; p++) {
		o = parts[p]
		if (o ~ / /) {
			split(o, w, / /); name = w[1]; arg = w[2]
			words = words " " name
			if (arg ~ /DIR/) dirs = dirs "|" name
			else if (arg ~ /CODE/) codeopts = codeopts "|" name
			else if (arg ~ /FILE/) files = files "|" name
			else values = values "|" name
		} else if (o ~ /=/) {
			name = substr(o, 1, index(o, "=")); ph = substr(o, index(o, "=") + 1)
			if (ph ~ /^[A-Z_]+$/ && desc ~ /\|/) {
				m = split(desc, alts, /\|/); vals = ""
				for (k = 1; k <= m; k++) { split(trim(alts[k]), w, / /); vals = vals (vals ? " " : "") w[1] }
			} else
				vals = (ph ~ /^[A-Z_]+$/) ? "" : ph
			eqopts = eqopts " " name
			eqcase = eqcase "\t" substr(name, 1, length(name) - 1) ") COMPREPLY=($(compgen -W \"" vals "\" -- \"$cur\"));;\n"
		} else
			words = words " " o
	}
}
END {
	print "# bash completion for mdfc: GENERATED at build time from `mdfc --help`"
	print "# by scripts/gen_completion.sh (do not edit).  Installed as"
	print "# share/bash-completion/completions/mdfc."
	print "_mdfc()"
	print "{"
	print "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} opt"
	print "\tCOMPREPLY=()"
	print "\t# bash splits --name=value at the = sign: words --name, =, value"
	print "\tif [ \"$cur\" = = ]; then opt=$prev; cur=\"\""
	print "\telif [ \"$prev\" = = ] && [ $COMP_CWORD -ge 2 ]; then opt=${COMP_WORDS[COMP_CWORD-2]}"
	print "\tfi"
	print "\tif [ -n \"${opt-}\" ]; then"
	print "\t\tcase $opt in"
	printf "%s", eqcase
	print "\t\tesac"
	print "\t\treturn"
	print "\tfi"
	print "\tcase $prev in"
	if (dirs) print "\t" substr(dirs, 2) ") COMPREPLY=($(compgen -d -- \"$cur\")); return;;"
	if (codeopts) print "\t" substr(codeopts, 2) ") COMPREPLY=($(compgen -W \"" codes "\" -- \"$cur\")); return;;"
	if (files) print "\t" substr(files, 2) ") return;;  # files: the default completion"
	if (values) print "\t" substr(values, 2) ") compopt +o default 2>/dev/null; return;;  # a number or a name"
	print "\tesac"
	print "\tcase $cur in"
	print "\t-*)"
	print "\t\tCOMPREPLY=($(compgen -W \"" substr(words, 2) eqopts "\" -- \"$cur\"))"
	print "\t\tcase ${COMPREPLY[0]-} in *=) compopt -o nospace 2>/dev/null;; esac;;"
	print "\tesac"
	print "}"
	print "complete -o default -F _mdfc mdfc"
}' > "$out.tmp"
mv "$out.tmp" "$out"
