#!/usr/bin/env bash
# How close the cost model's traffic figures come to the executed loop nest,
# per stdlib dataflow (issue 4, done-when 5).  For each conv dataflow id of
# stdlib/dataflows/select.mdf, runs `mdfc --crosscheck` on reduced AlexNet
# and ResNet-50 and sums, over layers, the top level's (L0) elements
# delivered (input, weight) and leaving (output): model vs executed.
# Usage: bench/traffic_by_dataflow.sh [path/to/mdfc]
here=$(cd "$(dirname "$0")" && pwd)
mdfc=${1:-$here/../build/mdfc}
export MDFC_STDLIB="$here/../stdlib"
names=(- kcp_ws rs yxp_os xp_ws cp_nlr maeri_vn tpu_ws tpu_os)
printf '%-9s %-9s %24s %24s %24s %8s\n' dataflow network "input (model/exec)" "weight (model/exec)" "output (model/exec)" "MACs"
for id in 1 2 3 4 5 6 7 8; do
	for net in alexnet resnet50; do
		out=$("$mdfc" --crosscheck -D SCALE_DIV=8 -D CH_DIV=8 -D DATAFLOW=$id "$here/../stdlib/networks/$net.mdf" 2>/dev/null)
		rc=$?
		awk -v df="${names[$id]}" -v net="$net" -v rc=$rc '
			/^  MACs / { mm += $2; me += $3 }
			/^  L0 input delivered/ { im += $4; ie += $5 }
			/^  L0 weight delivered/ { wm += $4; we += $5 }
			/^  L0 output leaving/ { om += $4; oe += $5 }
			END {
				printf "%-9s %-9s %10d/%-10d %5.2f %10d/%-10d %5.2f %10d/%-10d %5.2f %8s\n", df, net,
					im, ie, ie ? im / ie : 0, wm, we, we ? wm / we : 0, om, oe, oe ? om / oe : 0,
					(mm == me && rc == 0) ? "equal" : "DIFFER"
			}' <<<"$out"
	done
done
