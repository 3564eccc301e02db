#!/usr/bin/env bash
# --crosscheck on MAESTRO's own mapping files (accelerator_1.m), layers of at
# most 1M MACs: every executed loop nest performs each MAC exactly once and
# its MAC and iteration counts equal the cost model's.  Also: the --emit=c
# program of whole networks (every layer, any size) compiles cleanly under
# -std=c11 -Wall -Wextra -Wpedantic -Werror.
MDFC=$1 SRC=$2 REF=$3
M="$REF/maestro"
if [ ! -d "$M/mapping" ]; then
	echo "SKIP: $M is absent"
	exit 77
fi
CC=${CC:-cc}
if ! command -v "$CC" >/dev/null 2>&1; then
	echo "SKIP: no C compiler ($CC)"
	exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0 n=0
# One file per dataflow family (CONV, DSCONV, 2-level, sliding spatial,
# row-stationary, GEMM, TRCONV-free UNet).
for f in Resnet50_kcp_ws Resnet50_xp_ws Resnet50_nlr MobileNetV2_yxp_os MobileNetV2_kcp_ws \
	 googlenet_rs mnasnet_ykp_os ncf_nmk GEMM_Example; do
	n=$((n+1))
	"$MDFC" --crosscheck --crosscheck-max-macs 1000000 --hw "$M/hw/accelerator_1.m" "$M/mapping/$f.m" \
		>"$work/$f.out" 2>"$work/$f.err"
	rc=$?
	summary=$(tail -1 "$work/$f.out")
	case "$summary" in
	*" checked, 0 failed, "*) ;;
	*) rc=99 ;;
	esac
	if [ "$rc" != 0 ] || grep -q 'error\[' "$work/$f.err"; then
		echo "FAIL: $f: exit $rc: $summary"
		grep 'error\[' "$work/$f.err" | head -5
		fail=$((fail+1))
	else
		echo "ok: $f: $summary"
	fi
done
for f in Resnet50_kcp_ws vgg16_yxp_os MobileNetV2_kcp_ws Transformer_Complete; do
	n=$((n+1))
	if ! "$MDFC" --emit=c --hw "$M/hw/accelerator_1.m" "$M/mapping/$f.m" >"$work/$f.c" 2>"$work/$f.err"; then
		echo "FAIL: $f: --emit=c failed"; head -5 "$work/$f.err"; fail=$((fail+1)); continue
	fi
	if ! "$CC" -std=c11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only "$work/$f.c" 2>"$work/$f.cc"; then
		echo "FAIL: $f: the emitted program does not compile cleanly"; head -10 "$work/$f.cc"
		fail=$((fail+1))
	else
		echo "ok: $f: --emit=c compiles cleanly ($(wc -l <"$work/$f.c") lines)"
	fi
done
echo "$((n-fail)) passed, $fail failed"
[ "$fail" = 0 ]
