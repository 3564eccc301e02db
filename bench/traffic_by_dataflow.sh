#!/usr/bin/env bash
# How close the cost model's traffic, L1/L2 counters and buffer needs come
# to the executed loop nest, per stdlib dataflow (issue 11, done-when 1).
# For each dataflow id of stdlib/dataflows/select.mdf, runs
# `mdfc --crosscheck` on every stdlib network at reduced size (SCALE_DIV=8,
# CH_DIV=8; BERT: 1 layer, 2 heads, sequence 16, under its three GEMM
# dataflows, ids 1, 7, 8) and, per figure of the cross-check report (docs/loop-nest.md
# section 6; docs/cost-model.md section 4.1 says what each counts), sums
# over the layers the model's and the executed values and counts the
# layers where they differ and where the model is below (W0702).
#
# Usage: bench/traffic_by_dataflow.sh [path/to/mdfc] [ids] [networks]
#   (defaults: build/mdfc, "1 2 3 4 5 6 7 8",
#   "alexnet vgg16 resnet50 mobilenetv2 googlenet bert_base_encoder"; some
#   15 minutes on 2 busy cores)
# MDFC_TRAFFIC_ROWS=all prints every figure of every dataflow and network,
# else only the figures where some layer differs.  The summary at the end
# (`summary` lines) has one line per dataflow and figure, the networks
# summed: model/executed ratio, layers differing / layers, layers below.
# Per level figures below the top are the first sub-tile's (loop-nest.md 6).
here=$(cd "$(dirname "$0")" && pwd)
mdfc=${1:-$here/../build/mdfc}
ids=${2:-1 2 3 4 5 6 7 8}
nets=${3:-alexnet vgg16 resnet50 mobilenetv2 googlenet bert_base_encoder}
export MDFC_STDLIB="$here/../stdlib"
names=(- kcp_ws rs yxp_os xp_ws cp_nlr maeri_vn tpu_ws tpu_os)
gemm_names=(- gemm_tiled - - - - - tpu_ws_gemm tpu_os_gemm)
all=${MDFC_TRAFFIC_ROWS:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-11s %-17s %-34s %12s %12s %6s %9s %6s\n' dataflow network figure model executed ratio differ below
for id in $ids; do
	for net in $nets; do
		df=${names[$id]} small="-D SCALE_DIV=8 -D CH_DIV=8"
		if [ "$net" = bert_base_encoder ]; then
			df=${gemm_names[$id]}
			[ "$df" = - ] && continue    # the other ids are gemm_tiled too
			small="-D BERT_SEQ=16 -D BERT_LAYERS=1 -D BERT_HEADS=2 -D CH_DIV=8"
		fi
		# shellcheck disable=SC2086
		"$mdfc" --crosscheck $small -D DATAFLOW="$id" -D GEMM_DATAFLOW="$id" \
			"$here/../stdlib/networks/$net.mdf" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		# a report row: "  FIGURE  model executed difference [tag]"
		awk -v df="$df" -v net="$net" -v rc=$rc -v all="$all" '
			/^layer / { nl++ }
			/^  [A-Za-z0-9]/ && $1 != "metric" {
				n = NF
				if ($n !~ /^-?[0-9]+$/) n--
				if (n < 4 || $(n - 1) !~ /^-?[0-9]+$/ || $(n - 2) !~ /^-?[0-9-]+$/) next
				fig = $1
				for (i = 2; i <= n - 3; i++) fig = fig " " $i
				if (fig ~ /runtime|iterations|steps without|MACs/) {
					if (fig == "MACs" && $(n - 2) != $(n - 1)) bad = 1
					next
				}
				if (!(fig in seen)) { seen[fig] = 1; order[++nf] = fig }
				m[fig] += $(n - 2); e[fig] += $(n - 1)
				if ($(n - 2) != $(n - 1)) d[fig]++
				if ($(n - 2) + 0 < $(n - 1) + 0) b[fig]++
			}
			END {
				for (k = 1; k <= nf; k++) {
					f = order[k]
					if (all == "" && !d[f]) continue
					printf "%-11s %-17s %-34s %12d %12d %6.3f %4d/%-4d %6d\n", df, net, f, m[f], e[f],
						e[f] ? m[f] / e[f] : 0, d[f], nl, b[f]
				}
				printf "%-11s %-17s %-34s %12s %12s %6s %4d/%-4d %6s\n", df, net,
					(rc == 0 && !bad) ? "(cross-check passed)" : "(CROSS-CHECK FAILED)", "", "", "", 0, nl, ""
				for (k = 1; k <= nf; k++) {
					f = order[k]
					printf "S\t%s\t%s\t%d\t%d\t%d\t%d\t%d\n", df, f, m[f], e[f], d[f], nl, b[f] > "/dev/stderr"
				}
			}' <"$tmp/out" 2>>"$tmp/summary"
	done
done
# summary: both networks summed, every figure
awk -F '\t' '
	{ k = $2 SUBSEP $3; if (!(k in m)) order[++n] = k
	  m[k] += $4; e[k] += $5; d[k] += $6; nl[k] += $7; b[k] += $8 }
	END {
		for (i = 1; i <= n; i++) {
			split(order[i], p, SUBSEP)
			printf "summary %-11s %-34s %6.3f %4d/%-4d below %d\n", p[1], p[2],
				e[order[i]] ? m[order[i]] / e[order[i]] : 0, d[order[i]], nl[order[i]], b[order[i]]
		}
	}' "$tmp/summary"
