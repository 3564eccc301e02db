#!/bin/bash
# stdlib_crosscheck.sh: reduced copies of the stdlib networks pass
# `mdfc --crosscheck` under the standard dataflows.
#
#   bash stdlib_crosscheck.sh MDFC_BINARY SOURCE_DIR [REFERENCE_DIR]
#
# --crosscheck lowers every layer to a C loop nest, compiles and runs it, and
# fails when the executed nest skips or repeats a MAC (its output differs
# from a plain reference convolution / matrix product) or when its MAC and
# iteration counts differ from the cost model's. The networks are shrunk
# (SCALE_DIV=8 divides feature maps, CH_DIV=8 channels; BERT: 1 layer,
# 2 heads, sequence 16) so the loop nests run in well under a second; the
# time goes into compiling them (about 5-30 s per network).
#
# Default set (about 3 minutes on 2 cores), chosen so every dataflow runs on
# a network with strided, padded and 1x1 layers:
#   alexnet            all 8 conv dataflows (11x11 stride 4, 5x5, 3x3, FC)
#   bert_base_encoder  gemm_tiled, tpu_ws_gemm, tpu_os_gemm (1, 7, 8)
#   vgg16              kcp_ws (1)
#   resnet50           kcp_ws, yxp_os, tpu_os (1, 3, 8): 1x1 stride-2
#                      projections under multi-column strips
#   mobilenetv2        kcp_ws + depthwise (1)
#   googlenet          rs (2): 5x5 and 7x7 windows in row-stationary columns
# MDFC_TEST_FULL=1 runs every network under all 8 (48 runs, about 9 minutes
# on 2 cores).
# Exit 77 (skipped) only when the binary is missing.
set -u
. "$(dirname "$0")/lib/args.bash"
export MDFC_STDLIB="$src/stdlib"
unset MDF_PATH
nets="$src/stdlib/networks"
fail=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

small_args() {
	case $1 in
	bert_base_encoder) echo "-D BERT_SEQ=16 -D BERT_LAYERS=1 -D BERT_HEADS=2 -D CH_DIV=8" ;;
	*) echo "-D SCALE_DIV=8 -D CH_DIV=8" ;;
	esac
}

if [ "${MDFC_TEST_FULL:-0}" = 1 ]; then
	plan=""
	for net in alexnet vgg16 resnet50 mobilenetv2 googlenet bert_base_encoder; do
		plan="$plan $net:1,2,3,4,5,6,7,8"
	done
else
	plan="alexnet:1,2,3,4,5,6,7,8 bert_base_encoder:1,7,8 vgg16:1 resnet50:1,3,8 mobilenetv2:1 googlenet:2"
fi

for item in $plan; do
	net=${item%%:*}
	ids=${item#*:}
	for id in ${ids//,/ }; do
		# shellcheck disable=SC2046
		if "$mdfc" --crosscheck --color=never -D DATAFLOW=$id -D GEMM_DATAFLOW=$id \
			$(small_args $net) "$nets/$net.mdf" >"$out" 2>&1; then
			echo "ok: $net DATAFLOW=$id"
		else
			echo "FAIL: $net DATAFLOW=$id: mdfc --crosscheck $(small_args $net)"
			grep -E 'error\[|never computed|first MAC missed' "$out" | head -12 | sed 's/^/    /'
			fail=1
		fi
	done
done
exit $fail
