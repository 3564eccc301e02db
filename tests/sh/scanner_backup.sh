#!/usr/bin/env bash
# The scanner never backs up (grammar/mdf.l's header): `flex -b` must report
# "No backing up." for it, with the compound tokens' rules (start condition
# FAST) and their prefix rules included.  A rule whose prefixes are not all
# tokens makes flex keep the last accepting state for every byte it reads.
SRC=$(cd "${2:-$(dirname "$0")/../..}" && pwd)
command -v flex >/dev/null || { echo "SKIP: flex not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && flex -b -o scanner.c "$SRC/grammar/mdf.l") || { echo "FAIL: flex failed"; exit 1; }
if [ "$(cat "$tmp/lex.backup")" != "No backing up." ]; then
	echo "FAIL: the scanner backs up (flex -b):"
	head -40 "$tmp/lex.backup"
	exit 1
fi
echo "ok: flex -b reports no backing up"
