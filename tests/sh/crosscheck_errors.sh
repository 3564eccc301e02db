#!/usr/bin/env bash
# --crosscheck when the compiler or the compiled loop nest misbehaves:
# E0702 (no compiler, compiler rejects, no temporary folder), E0703 (the
# program crashes or prints no report), E0706 (a tampered program whose
# steps take longer than the model's runtime), W0702 (a tampered program
# that counts more traffic than the model), and the temporary folder is always
# removed.  Uses fake compilers; needs no real one except for the last case.
MDFC=$1 SRC=$2
fail=0 n=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$SRC/tests/golden/cgen/skipped_layer.mdf" "$work/net.mdf"

# A fake compiler that writes the shell script $1 as the "binary".
fake() {
	cat > "$work/$1.sh" <<SCRIPT
#!/bin/sh
while [ \$# -gt 0 ]; do
	if [ "\$1" = -o ]; then out=\$2; shift; fi
	shift
done
printf '#!/bin/sh\n%s\n' '$2' > "\$out"
chmod +x "\$out"
SCRIPT
	chmod +x "$work/$1.sh"
}
fake garbage 'echo not json'
fake crash 'kill -SEGV $$'
fake status 'exit 7'

# expect NAME EXIT PATTERN ENV...: run mdfc --crosscheck with ENV, check the
# exit status, that stderr matches PATTERN, and that TMPDIR is left empty.
expect() {
	local name=$1 want=$2 pat=$3; shift 3
	n=$((n+1))
	mkdir -p "$work/tmp"
	env TMPDIR="$work/tmp" "$@" "$MDFC" --crosscheck --crosscheck-max-macs 1000 "$work/net.mdf" \
		>"$work/out" 2>"$work/err"
	local rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL: $name: exit $rc, expected $want"; cat "$work/err"; fail=$((fail+1)); return
	fi
	if ! grep -q -- "$pat" "$work/err"; then
		echo "FAIL: $name: stderr lacks '$pat'"; cat "$work/err"; fail=$((fail+1)); return
	fi
	if [ -n "$(ls -A "$work/tmp")" ]; then
		echo "FAIL: $name: temporary files left: $(ls -A "$work/tmp")"; fail=$((fail+1)); return
	fi
	rm -rf "$work/tmp"
}

expect no-compiler 1 "error\[E0702\]: the C compiler '/nonexistent/cc' could not be started" CC=/nonexistent/cc
expect compiler-fails 1 "error\[E0702\]: the C compiler 'false' rejected the emitted loop nest" CC=false
expect not-json 1 "error\[E0703\]: the loop nest printed no valid report" CC="$work/garbage.sh"
expect crash 1 "error\[E0703\]: the compiled loop nest was killed by a signal" CC="$work/crash.sh"
expect bad-status 1 "error\[E0703\]: the compiled loop nest failed" CC="$work/status.sh"

# No writable temporary folder.
n=$((n+1))
TMPDIR=/nonexistent/dir "$MDFC" --crosscheck "$work/net.mdf" >/dev/null 2>"$work/err"
if [ $? != 1 ] || ! grep -q 'error\[E0702\]: cannot create a temporary folder under /nonexistent/dir' "$work/err"; then
	echo "FAIL: no-tmpdir"; cat "$work/err"; fail=$((fail+1))
fi

# With a real compiler: success, the skipped layer noted, nothing left behind.
# tampered NAME SED: a compiler $work/NAME.sh that edits the emitted
# program with SED before compiling it with the real one.
tampered() {
	cat > "$work/$1.sh" <<SCRIPT
#!/bin/sh
for a in "\$@"; do src=\$a; done
sed '$2' "\$src" > "\$src.$1.c" && mv "\$src.$1.c" "\$src"
exec ${CC:-cc} "\$@"
SCRIPT
	chmod +x "$work/$1.sh"
}

if command -v "${CC:-cc}" >/dev/null 2>&1; then
	expect real-compiler 0 "warning\[W0701\]: layer 'big' not cross-checked" CC="${CC:-cc}"
	if ! grep -q '^1 layer checked, 0 failed, 1 skipped$' "$work/out"; then
		echo "FAIL: real-compiler: report summary"; cat "$work/out"; fail=$((fail+1))
	fi
	# E0706: a compiler that makes every innermost unit step last a
	# million cycles, so the executed step bound exceeds the model's
	# runtime (no real mapping does since edge sub-tiles are sized on
	# their own extents, docs/fidelity.md).
	tampered slow 's|t = (nm + L->simd - 1) / L->simd;|t = 1000000;|'
	expect step-bound 1 "error\[E0706\]: layer 'small', level 0: the cost model's runtime of [0-9]* cycles is below the [0-9]* its executed steps need" CC="$work/slow.sh"
	# W0702: a loop nest that counts every element delivered to (or
	# leaving) the units twice, but each unit's own copy once, is above the
	# model there: a warning naming the figures, exit 0
	# (a traffic difference does not fail the check; docs/loop-nest.md 6).
	tampered twice 's|(\*once)++;|(*once) += 2;|'
	expect model-below 0 "warning\[W0702\]: layer 'small': [0-9]* of the cost model's traffic, counter or buffer figures are below what the loop nest executed" CC="$work/twice.sh"
	for row in "L0 input delivered .* BELOW" "input L2 read .* BELOW" "weight L1 write .*[0-9]$"; do
		grep -q "^  $row" "$work/out" || { echo "FAIL: model-below: no row '$row'"; fail=$((fail+1)); }
	done
	grep -q "^  L0 input delivered: [0-9]* < [0-9]*$" "$work/err" || { echo "FAIL: model-below: note"; cat "$work/err"; fail=$((fail+1)); }
fi
echo "$((n-fail)) passed, $fail failed"
[ "$fail" = 0 ]
