#!/bin/sh
# dse.sh: the shape of MAESTRO's DSE experiment with mdfc --dse: for each of
# two dataflows, the design space of PE counts x L1 x L2 x NoC bandwidth of
# VGG-16 (feature maps / 4) under an area and a power budget; per dataflow,
# how many designs, how many fail (Clusters wider than the PEs), how many
# are feasible, the size of the Pareto front, and the best design.
#
#   sh dse.sh [MDFC] [OBJECTIVE] [AREA_UM2] [POWER_MW]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mdfc=${1:-mdfc}
obj=${2:-throughput}
area=${3:-16000000}
power=${4:-1500}
net=$here/../../stdlib/networks/vgg16.mdf
printf '%-8s %7s %6s %8s %5s  %s\n' dataflow designs failed feasible front "best ($obj): PEs L1 L2 NoC -> cycles, nJ, um^2, mW"
for df in 1 2; do
	name=$([ $df = 1 ] && echo kcp_ws || echo rs)
	"$mdfc" -D SCALE_DIV=4 -D DATAFLOW=$df --sweep num_pes=16..1024:*2 --sweep l1_size=64..1024:*2 \
		--sweep l2_size=16384..262144:*2 --sweep noc_bw=4..256:*2 --dse --objective="$obj" \
		--area-budget="$area" --power-budget="$power" "$net" 2>/dev/null |
	awk -F, -v name=$name '
		NR == 1 { for (i = 1; i <= NF; i++) { c[$i] = i; if ($i ~ /^best_/) b = i }; next }
		{ n++; if ($c["status"] == "error") e++; if ($c["feasible"] == 1) f++; if ($c["pareto"] == 1) p++
		  if ($b == 1) best = sprintf("%s %s %s %s -> %s, %.0f, %.0f, %.0f", $c["num_pes"], $c["l1_size"],
			$c["l2_size"], $c["noc_bw"], $c["runtime_cycles"], $c["energy_nj"], $c["area_um2"], $c["power_mw"]) }
		END { printf "%-8s %7d %6d %8d %5d  %s\n", name, n, e, f, p, best }'
done
