#!/usr/bin/env bash
# search_budget_gap.sh: how close the default search budget comes to ten
# times that budget (docs/search.md section 6).  For each network,
# accelerator and objective: the network total of the objective (runtime:
# cycles, energy: nJ, edp: the sum of the layers' EDPs, what the search
# minimizes layer by layer) at BUDGET and at 10 x BUDGET, the gap in
# percent, wall seconds and points evaluated of each run, the load average
# when each network starts, and the three layers that contribute most of
# the gap (layer: default / 10x).
#
#   bench/search_budget_gap.sh [MDFC] [BUDGET] [OBJECTIVES] [NETWORKS...]
#
# OBJECTIVES is a comma-separated list (default runtime); SEED=N in the
# environment passes --seed=N (else the default seed).  Wall seconds
# depend on the load of the machine; points do not.
set -u
here=$(cd "$(dirname "$0")" && pwd)
mdfc=${1:-$here/../build/mdfc}
budget=${2:-3000}
objs=${3:-runtime}
shift $(($# < 3 ? $# : 3))
nets=${*:-resnet50 mobilenetv2 vgg16 bert_base_encoder}
accs=${ACCS:-edge cloud}
threads=${THREADS:-2}
lib=$here/../stdlib
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
keep=${KEEP:-}   # a directory to keep every run's CSV in
printf "%-18s %-6s %-8s %16s %16s %8s %7s %7s %9s %9s %5s  %s\n" network accel objective default "10x" "gap %" \
	"s" "s 10x" points "pts 10x" load "largest contributions (default / 10x)"
for net in $nets; do
	for acc in $accs; do
		for obj in ${objs//,/ }; do
			load=$(cut -d' ' -f1 /proc/loadavg)
			for b in $budget $((budget * 10)); do
				start=$(date +%s.%N)
				"$mdfc" --search --objective=$obj --budget=$b --threads=$threads ${SEED:+--seed=$SEED} --emit=csv \
					--hw "$lib/accelerators/$acc.mdf" "$lib/networks/$net.mdf" > "$tmp/$b.csv" 2>/dev/null
				[ -n "$keep" ] && cp "$tmp/$b.csv" "$keep/$net.$acc.$obj.$b.csv"
				echo "$start $(date +%s.%N)" | awk '{ printf "%.1f\n", $2 - $1 }' > "$tmp/$b.secs"
			done
			awk -F, -v obj=$obj -v net=$net -v acc=$acc -v load=$load \
			    -v s1="$(cat "$tmp/$budget.secs")" -v s2="$(cat "$tmp/$((budget * 10)).secs")" '
				function val() { return obj == "energy" ? $6 : obj == "edp" ? $7 : $5 }
				FNR == 1 { f++; next }
				f == 1 { a[$2] = val(); ta += val(); if (!$11) pa += $8; order[n++] = $2; next }
				{ b[$2] = val(); tb += val(); if (!$11) pb += $8 }
				END {
					# the contributions: per layer name, default minus 10x
					for (i = 0; i < n; i++) d[i] = a[order[i]] - b[order[i]]
					top = ""
					for (k = 0; k < 3; k++) {
						m = -1
						for (i = 0; i < n; i++) if (!(i in used) && d[i] > 0 && (m < 0 || d[i] > d[m])) m = i
						if (m < 0) break
						used[m] = 1
						sep = top == "" ? "" : ", "
						top = top sep sprintf("%s %.6g/%.6g", order[m], a[order[m]], b[order[m]])
					}
					printf "%-18s %-6s %-8s %16.10g %16.10g %8.3f %7.1f %7.1f %9d %9d %5s  %s\n", net, acc, obj,
						ta, tb, (tb > 0 ? (ta - tb) * 100 / tb : 0), s1, s2, pa, pb, load, top
				}' "$tmp/$budget.csv" "$tmp/$((budget * 10)).csv"
		done
	done
done
