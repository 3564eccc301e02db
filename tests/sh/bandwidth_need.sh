#!/bin/bash
# bandwidth_need.sh: the bandwidth needs are properties of the mapping
# (docs/cost-model.md §3.1).  For every stdlib network under each of the 8
# numbered dataflows: take the largest NoC and off-chip needs over its
# layers (the "NoC BW Need" and "Offchip BW Need" columns of --emit=csv),
# provision exactly them, and check that
#   1. no W0603/W0604 warning is printed;
#   2. every layer's runtime equals its runtime with both bandwidths at
#      10^9 (more bandwidth no longer helps);
#   3. the needs are reported unchanged under the provisioned bandwidths;
#   4. one element per cycle less of either bandwidth makes the network
#      slower (the needs are the least such bandwidths, for the layer that
#      has the largest).
#
#   bash bandwidth_need.sh MDFC_BINARY SOURCE_DIR
# Exit 77 (skipped) only when the binary is missing.
set -u
. "$(dirname "$0")/lib/args.bash"
export MDFC_STDLIB="$src/stdlib"
unset MDF_PATH
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# columns named on the command line, from a CSV on stdin: one line per row
cols() {
	awk -F, -v want="$*" '
		NR == 1 { n = split(want, w, "|")
			  for (i = 1; i <= NF; i++) { h = $i; gsub(/^ +| +$/, "", h); c[h] = i }
			  for (j = 1; j <= n; j++) if (!(w[j] in c)) { print "no column " w[j]; exit 1 }
			  next }
		{ line = ""; for (j = 1; j <= n; j++) { v = $(c[w[j]]); gsub(/ /, "", v); line = line (j > 1 ? " " : "") v }
		  print line }'
}

run() {  # run NAME FILE ID ARGS...: CSV into $tmp/NAME.csv, stderr into $tmp/NAME.err
	local name=$1 f=$2 id=$3
	shift 3
	"$mdfc" --emit=csv -D DATAFLOW="$id" -D GEMM_DATAFLOW="$id" "$@" "$f" >"$tmp/$name.csv" 2>"$tmp/$name.err"
}

total() {  # the summed runtime of a CSV
	cols "Runtime (Cycles)" <"$tmp/$1.csv" | awk '{ s += $1 } END { printf "%.0f\n", s }'
}

checked=0
for net in alexnet vgg16 resnet50 mobilenetv2 googlenet bert_base_encoder; do
	f="$src/stdlib/networks/$net.mdf"
	for id in 1 2 3 4 5 6 7 8; do
		what="$net DATAFLOW=$id"
		if ! run given "$f" "$id"; then
			echo "FAIL: $what: mdfc failed"; sed 's/^/    /' "$tmp/given.err" | head -5; fail=1; continue
		fi
		read -r noc off < <(cols "NoC BW Need|Offchip BW Need" <"$tmp/given.csv" |
			awk '$1 > n { n = $1 } $2 > o { o = $2 } END { print n + 0, o + 0 }')
		if [ "${noc:-0}" -lt 1 ] || [ "${off:-0}" -lt 1 ]; then
			echo "FAIL: $what: no needs read ($noc, $off)"; fail=1; continue
		fi
		run need "$f" "$id" --noc-bw "$noc" --offchip-bw "$off"
		run big "$f" "$id" --noc-bw 1000000000 --offchip-bw 1000000000
		if grep -q 'W060[34]' "$tmp/need.err"; then
			echo "FAIL: $what: a bandwidth warning with NoC $noc, off-chip $off:"
			grep 'W060[34]' "$tmp/need.err" | head -3; fail=1
		fi
		if ! cmp -s <(cols "Runtime (Cycles)" <"$tmp/need.csv") <(cols "Runtime (Cycles)" <"$tmp/big.csv"); then
			echo "FAIL: $what: runtimes at the needs (NoC $noc, off-chip $off) differ from unlimited bandwidth"
			fail=1
		fi
		if ! cmp -s <(cols "NoC BW Need|Offchip BW Need" <"$tmp/given.csv") \
			    <(cols "NoC BW Need|Offchip BW Need" <"$tmp/need.csv"); then
			echo "FAIL: $what: the needs moved with the bandwidth provided"; fail=1
		fi
		t_need=$(total need)
		if [ "$noc" -gt 1 ]; then
			run less "$f" "$id" --noc-bw $((noc - 1)) --offchip-bw "$off"
			[ "$(total less)" -gt "$t_need" ] || { echo "FAIL: $what: NoC $((noc - 1)) is not slower than $noc"; fail=1; }
		fi
		if [ "$off" -gt 1 ]; then
			run less "$f" "$id" --noc-bw "$noc" --offchip-bw $((off - 1))
			[ "$(total less)" -gt "$t_need" ] || { echo "FAIL: $what: off-chip $((off - 1)) is not slower than $off"; fail=1; }
		fi
		checked=$((checked + 1))
	done
	echo "done: $net"
done
echo "checked $checked network x dataflow pairs"
exit $fail
