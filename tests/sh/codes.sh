#!/usr/bin/env bash
# Every diagnostic code has (1) a docs/errors page whose title names it and
# (2) at least one golden test whose expected output shows it, so each code's
# message and location are pinned.  Codes that no input file can trigger are
# listed here with the reason and checked elsewhere.
MDFC=$1 SRC=$2
declare -A exempt=(
	[E0999]="internal error: only a bug in mdfc can trigger it"
	[E0801]="I/O error on the main input: tests/sh/cli.sh (missing-file)"
	[E0802]="file-size limit: needs a 4 MiB input: tests/sh/hostile.sh"
	[E0503]="passes' re-check of IR built through the API; in source the front end reports E0405 first (tests/unit/test_passes.c)"
	[E0504]="passes' re-check of IR built through the API; in source the front end reports E0402 first (tests/unit/test_passes.c)"
	[E0702]="the C compiler fails or is missing: tests/sh/crosscheck_errors.sh (fake compilers)"
	[E0703]="the compiled program crashes or prints no report: tests/sh/crosscheck_errors.sh"
	[E0706]="the model's runtime below the executed step bound: no known mapping since edge sub-tiles are sized on their own extents; tests/sh/crosscheck_errors.sh (a tampered loop nest)"
	[W0702]="the model's traffic below the executed loop nest's: the known cases are being fixed (docs/cost-model.md section 4); tests/sh/crosscheck_errors.sh (a tampered loop nest)"
	[E0516]="passes' re-check of IR built through the API; in source the front end reports E0414 first (tests/unit/test_passes.c)"
)
fail=0 n=0
for code in $("$MDFC" --list-codes | awk '{print $1}'); do
	n=$((n+1))
	page="$SRC/docs/errors/$code.md"
	if [ ! -f "$page" ] || ! head -1 "$page" | grep -q "^# $code"; then
		echo "FAIL: $code: docs/errors/$code.md missing or its title does not start with '# $code'"
		fail=$((fail+1)); continue
	fi
	[ -n "${exempt[$code]:-}" ] && continue
	if ! grep -rqs "\[$code\]" "$SRC"/tests/golden "$SRC"/tests/onnx --include='*.expected'; then
		echo "FAIL: $code: no golden test shows it"
		fail=$((fail+1))
	fi
done
echo "$((n-fail)) passed, $fail failed"
[ "$fail" = 0 ]
