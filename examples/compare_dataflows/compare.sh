#!/bin/sh
# compare.sh: one network under every standard dataflow.
#
#   sh compare.sh [MDFC] [extra mdfc options...]
#   sh compare.sh mdfc -D SCALE_DIV=4          # a quicker, smaller ResNet-50
#
# For each DATAFLOW number it runs `mdfc --emit=csv` on resnet50_edge.mdf and
# sums the per-layer rows of MAESTRO's CSV columns: runtime (cycles), energy
# (nJ) and MACs. Same MACs on every line is the first sanity check: a
# dataflow changes when and where MACs happen, never how many.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mdfc=${1:-mdfc}
[ $# -gt 0 ] && shift
names="kcp_ws rs yxp_os xp_ws cp_nlr maeri_vn tpu_ws tpu_os"
printf '%-3s %-9s %15s %18s %14s\n' id dataflow cycles energy_nJ macs
id=1
for name in $names; do
	"$mdfc" --emit=csv -D DATAFLOW=$id "$@" "$here/resnet50_edge.mdf" |
	awk -F, -v id=$id -v name=$name '
		NR == 1 { for (i = 1; i <= NF; i++) { h = $i; gsub(/^ +| +$/, "", h); col[h] = i }; next }
		{ cyc += $col["Runtime (Cycles)"]; en += $col["Activity count-based Energy (nJ)"]; mac += $col["Num MACs"] }
		END { printf "%-3d %-9s %15.0f %18.1f %14.0f\n", id, name, cyc, en, mac }'
	id=$((id + 1))
done
