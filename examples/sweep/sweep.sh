#!/bin/sh
# sweep.sh: sweep one tile size with -D and print runtime and buffer needs.
#
#   sh sweep.sh [MDFC] [PARAM] [VALUES...]
#   sh sweep.sh mdfc KCP_WS_TC 8 16 32 64 128
#
# The network is VGG-16 on the edge accelerator (vgg16_edge.mdf) at a
# quarter of its resolution (-D SCALE_DIV=4, set before PARAM so that PARAM
# may override it); PARAM is any param of it or of the files it imports:
# a dataflow tile (KCP_WS_TC, RS_TK, ...), the dataflow itself (DATAFLOW), or
# a hardware knob of the edge accelerator (EDGE_PES, EDGE_NOC_BW, ...).
# Extra mdfc options for every run go in SWEEP_ARGS:
#   SWEEP_ARGS="-D EDGE_OFFCHIP_BW=200" sh sweep.sh mdfc EDGE_PES 256 1024
set -eu
SWEEP_ARGS=${SWEEP_ARGS:-}
here=$(cd "$(dirname "$0")" && pwd)
mdfc=${1:-mdfc}
param=${2:-KCP_WS_TC}
[ $# -gt 2 ] && shift 2 || set --
values=${*:-8 16 32 64 128}
printf '%-12s %14s %10s %10s\n' "$param" cycles "max L1" "max L2"
for v in $values; do
	"$mdfc" --emit=csv -D SCALE_DIV=4 $SWEEP_ARGS -D "$param=$v" "$here/vgg16_edge.mdf" |
	awk -F, -v v=$v '
		NR == 1 { for (i = 1; i <= NF; i++) { h = $i; gsub(/^ +| +$/, "", h); col[h] = i }; next }
		{ cyc += $col["Runtime (Cycles)"]
		  l1 = $col["L1 SRAM Size Req (Bytes)"] + 0; if (l1 > m1) m1 = l1
		  l2 = $col["L2 SRAM Size Req (Bytes)"] + 0; if (l2 > m2) m2 = l2 }
		END { printf "%-12s %14.0f %10.0f %10.0f\n", v, cyc, m1, m2 }'
done
