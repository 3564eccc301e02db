#!/usr/bin/env bash
# search_vs_stdlib.sh: mdfc --search against the stdlib dataflows at their
# default parameters (docs/search.md section 6).  For each network and
# accelerator: every layer's best figure over the 8 conv_select dataflows
# (GEMMs: gemm_select 1, 7, 8; depthwise layers keep depthwise), the best
# single dataflow's network totals, and the search's totals; checks that no
# searched layer is worse than the best stdlib dataflow on it.
#
#   bench/search_vs_stdlib.sh [MDFC] [BUDGET] [NETWORKS...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
mdfc=${1:-$here/../build/mdfc}
budget=${2:-3000}
shift $(($# < 2 ? $# : 2))
nets=${*:-resnet50 mobilenetv2 vgg16 bert_base_encoder}
lib=$here/../stdlib
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf "%-18s %-6s %16s %14s %14s %16s %14s %14s %7s %7s %6s %6s\n" network accel "best-df cycles" "best-df nJ" "best-df EDP" \
	"search cycles" "search nJ" "search EDP" "x cyc" "x EDP" worse secs
for net in $nets; do
	for acc in edge cloud; do
		hw=$lib/accelerators/$acc.mdf
		# every stdlib dataflow at its defaults: per-layer runtime and energy
		for d in 1 2 3 4 5 6 7 8; do
			"$mdfc" --emit=csv -D DATAFLOW=$d -D GEMM_DATAFLOW=$d --hw "$hw" "$lib/networks/$net.mdf" 2>/dev/null |
				awk -F', *' -v d=$d 'NR > 1 { print d, $2, $4, $5 }'
		done > "$tmp/df.txt"
		start=$(date +%s.%N)
		"$mdfc" --search --budget=$budget --threads=2 --emit=csv --hw "$hw" "$lib/networks/$net.mdf" \
			> "$tmp/s.csv" 2>/dev/null
		end=$(date +%s.%N)
		awk -v secs="$(echo "$end - $start" | bc)" -v net=$net -v acc=$acc '
			FNR == NR { rt[$1, $2] = $3; en[$1, $2] = $4; ds[$1] = 1
				    if (!($2 in best) || $3 < best[$2]) best[$2] = $3
				    tr[$1] += $3; te[$1] += $4; nr[$1]++
				    if (nr[$1] > maxr) maxr = nr[$1]; next }
			FNR > 1 { split($0, f, ","); srt += f[5]; sen += f[6]; n++
				  if ((f[2] in best) && f[5] > best[f[2]]) worse++ }
			END {
				bd = ""; for (d in ds) if (nr[d] == maxr && (bd == "" || tr[d] < tr[bd])) bd = d
				printf "%-18s %-6s %16d %14.6g %14.6g %16d %14.6g %14.6g %7.3f %7.3f %6d %6.1f\n", net, acc,
					tr[bd], te[bd], tr[bd] * te[bd], srt, sen, srt * sen, tr[bd] / srt,
					tr[bd] * te[bd] / (srt * sen), worse, secs
			}' "$tmp/df.txt" "$tmp/s.csv"
	done
done
