#!/bin/bash
# crosscheck_progress.sh: --crosscheck on long work (docs/cli.md): the
# estimate before compiling and one line per layer as it starts, on
# standard error; --crosscheck-max-macs 0 checks every layer; a layer above
# the limit is refused with a warning whose hint names --crosscheck-max-macs
# and its own MAC count.
#
#   bash crosscheck_progress.sh MDFC_BINARY SOURCE_DIR
# Exit 77 (skipped) when the binary or a C compiler is missing.
set -u
mdfc=${1:-}
if [ -z "$mdfc" ] || [ ! -x "$mdfc" ]; then
	echo "skip: mdfc binary '$mdfc' not found"
	exit 77
fi
command -v "${CC:-cc}" >/dev/null || { echo "skip: no C compiler"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
# 32 x 32 x 3 x 3 x 82 x 82 = 61,968,384 MACs: above the 60,000,000 from
# which progress is shown (MDF_CROSSCHECK_PROGRESS_MACS); a second, small
# layer of 4 x 2 x 3 x 3 x 4 x 4 = 1,152 MACs
cat >"$tmp/big.mdf" <<'MDF'
Network n {
	Layer big { Type: CONV; Dimensions { K: 32, C: 32, R: 3, S: 3, Y: 84, X: 84 }
		Dataflow { SpatialMap(1,1) K; TemporalMap(3,1) Y; TemporalMap(3,1) X; } }
	Layer small { Type: CONV; Dimensions { K: 4, C: 2, R: 3, S: 3, Y: 6, X: 6 }
		Dataflow { SpatialMap(1,1) K; TemporalMap(3,1) Y; TemporalMap(3,1) X; } }
}
MDF
# progress goes to a terminal, or anywhere with MDFC_PROGRESS=1
MDFC_PROGRESS=1 "$mdfc" --crosscheck --crosscheck-max-macs 0 "$tmp/big.mdf" >"$tmp/out" 2>"$tmp/err"; rc=$?
grep -v '^mdfc: cross-check:' "$tmp/err" | grep -q . && { echo "FAIL: other messages:"; head -5 "$tmp/err"; fail=1; }
[ $rc = 0 ] || { echo "FAIL: --crosscheck-max-macs 0 exits $rc"; fail=1; }
grep -q '^2 layers checked, 0 failed, 0 skipped$' "$tmp/out" || { echo "FAIL: not every layer checked"; tail -2 "$tmp/out"; fail=1; }
grep -qx 'mdfc: cross-check: 2 layers, 61969536 MACs to execute: about 2 s at 30 ns per MAC, plus compiling' "$tmp/err" ||
	{ echo "FAIL: no estimate line"; head -3 "$tmp/err"; fail=1; }
grep -qE '^mdfc: cross-check: layer 1 of 2, big: 61968384 MACs \(0% of the MACs done, [0-9.]+ s\)$' "$tmp/err" ||
	{ echo "FAIL: no progress line for layer 1"; fail=1; }
grep -qE '^mdfc: cross-check: layer 2 of 2, small: 1152 MACs \(100% of the MACs done, [0-9.]+ s\)$' "$tmp/err" ||
	{ echo "FAIL: no progress line for layer 2"; fail=1; }
# redirected without MDFC_PROGRESS: nothing (output stays byte-identical)
"$mdfc" --crosscheck --crosscheck-max-macs 0 "$tmp/big.mdf" >/dev/null 2>"$tmp/err2"
grep -q 'cross-check:' "$tmp/err2" && { echo "FAIL: progress on a redirected standard error"; fail=1; }
# a short run says nothing; the limit refuses "big" and says how to lift it
MDFC_PROGRESS=1 "$mdfc" --crosscheck --crosscheck-max-macs 1000000 "$tmp/big.mdf" >"$tmp/out" 2>"$tmp/err"
grep -q 'cross-check:' "$tmp/err" && { echo "FAIL: progress on a short run"; fail=1; }
grep -q "warning\[W0701\]: layer 'big' not cross-checked: more than 1000000 MACs (--crosscheck-max-macs)" "$tmp/err" ||
	{ echo "FAIL: no W0701"; head -3 "$tmp/err"; fail=1; }
grep -q "help: --crosscheck-max-macs N checks layers up to N MACs, 0 all of them; this one has 61968384 MACs, about 1.9 s at 30 ns per MAC" "$tmp/err" ||
	{ echo "FAIL: the hint"; grep help "$tmp/err"; fail=1; }
grep -q '^1 layer checked, 0 failed, 1 skipped$' "$tmp/out" || { echo "FAIL: the small layer unchecked"; fail=1; }
[ $fail = 0 ] && echo "ok: estimate, per-layer progress, 0 = no limit, the refusal names --crosscheck-max-macs"
exit $fail
