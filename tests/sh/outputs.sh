#!/usr/bin/env bash
# Outputs are never lost (docs/reliability.md, "Outputs"): -o writes a
# temporary file beside the target and renames it into place only when the
# run succeeds, so a failed run leaves the old file byte for byte; -o naming
# an input, an import or the --hw file is a usage error; every write error
# says why and exits 2.  Each check compares the old file with a saved copy.
MDFC=$1 SRC=$2
fail=0 n=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
bad() { echo "FAIL $*"; fail=$((fail+1)); }
# same NAME FILE COPY: FILE still equals COPY
same() { n=$((n+1)); cmp -s "$2" "$3" || bad "$1: $2 changed"; }
# status NAME WANT GOT
status() { n=$((n+1)); [ "$2" = "$3" ] || bad "$1: exit $3, expected $2"; }
# no_temps NAME: no temporary file left in this folder
no_temps() { n=$((n+1)); if ls -A | grep -q '\.mdfc-.*\.tmp$'; then bad "$1: temporary file left: $(ls -A | grep tmp)"; fi; }

cp "$SRC/examples/quickstart/conv.mdf" conv.mdf
printf 'Network n { bogus }\n' > bad.mdf
printf 'PRECIOUS\n' > keep.txt; cp keep.txt keep.orig

# (1) A failed compilation leaves the -o file as it was.
"$MDFC" bad.mdf -o keep.txt 2>err; status failed-run 1 $?
same failed-run keep.txt keep.orig; no_temps failed-run
# ... also when the first of two inputs succeeds and the second fails
"$MDFC" conv.mdf bad.mdf -o keep.txt 2>err; status failed-second 1 $?
same failed-second keep.txt keep.orig
# ... and for --emit=c (E0701: a layer that cannot be lowered)
"$MDFC" --emit=c "$SRC/tests/golden/cgen/unsupported_dsconv_k.mdf" -o keep.txt 2>err; status emit-c-failed 1 $?
same emit-c-failed keep.txt keep.orig
# ... and for a cross-check whose compiler fails (no report at all)
CC=false "$MDFC" --crosscheck conv.mdf -o keep.txt 2>err; status crosscheck-cc-fails 1 $?
same crosscheck-cc-fails keep.txt keep.orig; no_temps crosscheck-cc-fails

# (2) -o naming the input: usage error, input untouched.
cp conv.mdf conv.orig
"$MDFC" conv.mdf -o conv.mdf 2>err; status o-is-input 2 $?
same o-is-input conv.mdf conv.orig
n=$((n+1)); grep -q "names an input file" err || bad "o-is-input: message: $(cat err)"
ln -s conv.mdf alias.mdf
"$MDFC" alias.mdf -o conv.mdf 2>err; status o-is-input-via-link 2 $?
same o-is-input-via-link conv.mdf conv.orig
# ... naming a file the input imports
mkdir -p lib
printf 'Dataflow df { SpatialMap(1,1) K; TemporalMap(1,1) C; }\n' > lib/df.mdf; cp lib/df.mdf df.orig
sed 's/^Network/import "lib\/df.mdf";\nNetwork/' conv.mdf > imp.mdf
"$MDFC" imp.mdf -o lib/df.mdf 2>err; status o-is-import 2 $?
same o-is-import lib/df.mdf df.orig
n=$((n+1)); grep -q "lib/df.mdf', which imp.mdf reads" err || bad "o-is-import: message: $(cat err)"
# ... naming the --hw file
printf 'num_pes: 64\n' > hw.m; cp hw.m hw.orig
"$MDFC" conv.mdf --hw hw.m -o hw.m 2>err; status o-is-hw 2 $?
same o-is-hw hw.m hw.orig

# A successful run replaces the file, keeps its mode, follows a symlink and
# leaves no temporary file.
chmod 640 keep.txt
"$MDFC" --emit=csv conv.mdf -o keep.txt 2>err; status success 0 $?
"$MDFC" --emit=csv conv.mdf > want.csv 2>/dev/null
same success keep.txt want.csv; no_temps success
n=$((n+1)); [ "$(stat -c %a keep.txt)" = 640 ] || bad "mode not kept: $(stat -c %a keep.txt)"
ln -s keep.txt link.txt
"$MDFC" --emit=ir conv.mdf -o link.txt 2>err; status symlink 0 $?
n=$((n+1)); [ -L link.txt ] || bad "symlink replaced by a file"
"$MDFC" --emit=ir conv.mdf > want.ir 2>/dev/null
same symlink keep.txt want.ir

# Write errors: the reason, exit 2.
"$MDFC" conv.mdf -o "$tmp/no/such/dir/out.csv" 2>err; status missing-folder 2 $?
n=$((n+1)); grep -q "cannot write '.*out.csv': No such file or directory" err || bad "missing-folder: $(cat err)"
"$MDFC" --emit=csv conv.mdf -o /dev/null 2>err; status dev-null 0 $?
if [ -w /dev/full ]; then
	for args in --version --help --list-codes "--explain E0201" "--emit=csv conv.mdf" "--emit=c conv.mdf"; do
		# shellcheck disable=SC2086
		"$MDFC" $args > /dev/full 2>err; status "/dev/full $args" 2 $?
		n=$((n+1)); grep -q "cannot write to standard output: No space left on device" err || bad "/dev/full $args: $(cat err)"
	done
	"$MDFC" conv.mdf -o /dev/full 2>err; status o-dev-full 2 $?
	n=$((n+1)); grep -q "cannot write '/dev/full': No space left on device" err || bad "o-dev-full: $(cat err)"
fi

# -o with --check (which writes nothing) is a usage error, not ignored.
"$MDFC" --check conv.mdf -o keep.txt 2>err; status check-o 2 $?
n=$((n+1)); grep -q "cannot be combined with -o" err || bad "check-o: $(cat err)"

echo "$((n-fail)) passed, $fail failed"
[ "$fail" = 0 ]
