#!/bin/bash
# stdlib_macs.sh: the stdlib networks have their published MAC counts under
# every standard dataflow.
#
#   bash stdlib_macs.sh MDFC_BINARY SOURCE_DIR [REFERENCE_DIR]
#
# 1. MACs. The sum of the "Num MACs" column of `--emit=csv` over a network's
#    layers equals the MAC count of the published architecture, for each of
#    the 8 numbered dataflows (a dataflow moves MACs in time and space, it
#    never changes how many there are). The expected values were computed
#    independently of mdfc, from the papers' layer tables, as
#    sum over layers of K*C*R*S*Y'*X' (C*R*S*Y'*X' for depthwise, K*C for FC,
#    M*N*K for GEMM), with Y' = (H + 2*pad - R)/stride + 1:
#      alexnet      724,406,816   (227x227 input, per-group C for conv2/4/5)
#      vgg16     15,470,264,320
#      resnet50   4,089,184,256   (v1.5: stride on the 3x3)
#      mobilenetv2  300,774,272
#      googlenet  1,582,671,872
#      bert_base_encoder 11,173,625,856 (SEQ 128, 12 layers: per layer
#        4*128*768*768 + 2*128*768*3072 + 2*12*128*128*64 = 931,135,488)
#    These agree with the usual published figures (VGG-16 15.5 G, ResNet-50
#    4.1 G, MobileNetV2 300 M, AlexNet 0.72 G, GoogLeNet 1.5 G).
# Exit 77 (skipped) only when the binary is missing.
set -u
. "$(dirname "$0")/lib/args.bash"
export MDFC_STDLIB="$src/stdlib"
unset MDF_PATH
nets="$src/stdlib/networks"
fail=0
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

expected_macs() {
	case $1 in
	alexnet) echo 724406816 ;;
	vgg16) echo 15470264320 ;;
	resnet50) echo 4089184256 ;;
	mobilenetv2) echo 300774272 ;;
	googlenet) echo 1582671872 ;;
	bert_base_encoder) echo 11173625856 ;;
	*) echo "" ;;
	esac
}

sum_macs() {    # the Num MACs column of a CSV on stdin, summed exactly
	awk -F, '
		NR == 1 { for (i = 1; i <= NF; i++) { h = $i; gsub(/^ +| +$/, "", h); if (h == "Num MACs") c = i }; next }
		c { v = $c; gsub(/ /, "", v); s += v }
		END { if (!c) { print "no-column"; exit }; printf "%.0f\n", s }'
}

for net in alexnet vgg16 resnet50 mobilenetv2 googlenet bert_base_encoder; do
	f="$nets/$net.mdf"
	want=$(expected_macs $net)
	for id in 1 2 3 4 5 6 7 8; do
		if ! "$mdfc" --emit=csv -D DATAFLOW=$id -D GEMM_DATAFLOW=$id "$f" >"$out" 2>"$err"; then
			echo "FAIL: $net DATAFLOW=$id: mdfc --emit=csv failed"
			sed 's/^/    /' "$err" | head -10
			fail=1
			continue
		fi
		got=$(sum_macs <"$out")
		if [ "$got" != "$want" ]; then
			echo "FAIL: $net DATAFLOW=$id: $got MACs, expected $want"
			fail=1
		fi
	done
	echo "done: $net"
done
exit $fail
