#!/usr/bin/env bash
# mdfc --search (docs/search.md):
#  1. determinism: the same seed gives byte-identical output (table, CSV,
#     JSON, the -o file, standard error) with 1 and 2 threads;
#  2. the -o file reproduces the search's figures: compiled by plain mdfc,
#     every layer's runtime and energy equal the search's best;
#  3. the winners are real: --crosscheck of the -o file (reduced sizes)
#     executes every MAC exactly once with the model's MAC count;
#  4. no winner is worse than the layer's own (stdlib default) mapping, and
#     none is below MACs / PEs;
#  5. on a small layer, the search reaches the minimum of plain enumeration
#     through the CLI: a -D loop over every value of kcp_ws's tc and of
#     rs's (tk, tc), and of yxp_os's (tx, tc);
#  6. with the family as a search constraint (`Search { Dataflow:
#     rs(1..12, 1..6); }`), the search enumerates the family's whole space
#     and its best EQUALS that enumerated minimum (the true optimum);
#  7. structural constraints (Levels, Spatial, Order, Cluster, Tile) hold
#     in every winner written to -o, which compiles, reproduces the
#     figures and passes --crosscheck.
MDFC=$1 SRC=$2
fail=0 n=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { n=$((n+1)); if ! eval "$2"; then echo "FAIL: $1"; fail=$((fail+1)); fi; }
small=(-D SCALE_DIV=8 -D CH_DIV=8)

# 1. determinism over threads, every output form
for net in resnet50 mobilenetv2; do
	f=$SRC/stdlib/networks/$net.mdf
	for emit in table csv json; do
		"$MDFC" --search --budget=300 --seed=7 --threads=1 --emit=$emit "${small[@]}" "$f" \
			-o "$tmp/b1.mdf" > "$tmp/o1" 2> "$tmp/e1"; r1=$?
		"$MDFC" --search --budget=300 --seed=7 --threads=2 --emit=$emit "${small[@]}" "$f" \
			-o "$tmp/b2.mdf" > "$tmp/o2" 2> "$tmp/e2"; r2=$?
		check "$net --emit=$emit: exit $r1 with 1 thread" "[ $r1 = 0 ]"
		check "$net --emit=$emit: 1 and 2 threads differ" \
			"[ $r1 = $r2 ] && cmp -s $tmp/o1 $tmp/o2 && cmp -s $tmp/e1 $tmp/e2 && cmp -s $tmp/b1.mdf $tmp/b2.mdf"
	done
	# 2. the -o file reproduces the figures (CSV of the search vs plain mdfc)
	"$MDFC" --search --budget=300 --seed=7 --emit=csv "${small[@]}" "$f" -o "$tmp/best.mdf" > "$tmp/s.csv" 2>/dev/null
	"$MDFC" --emit=csv "$tmp/best.mdf" > "$tmp/c.csv" 2>/dev/null
	check "$net: best.mdf does not compile" "[ -s $tmp/c.csv ]"
	awk -F, 'NR > 1 { print $2, $5, $6 }' "$tmp/s.csv" > "$tmp/s.txt"
	awk -F', *' 'NR > 1 { printf "%s %s %.6g\n", $2, $4, $5 }' "$tmp/c.csv" > "$tmp/c.txt"
	awk '{ printf "%s %s %.6g\n", $1, $2, $3 }' "$tmp/s.txt" > "$tmp/s2.txt"
	check "$net: best.mdf figures differ from the search's: $(diff $tmp/s2.txt $tmp/c.txt | head -3)" \
		"cmp -s $tmp/s2.txt $tmp/c.txt"

	# 3. crosscheck of the winners
	"$MDFC" --crosscheck --crosscheck-max-macs 3000000 "$tmp/best.mdf" > "$tmp/x.txt" 2>&1; rx=$?
	check "$net: crosscheck of best.mdf fails (exit $rx): $(grep -i fail $tmp/x.txt | head -3)" "[ $rx = 0 ]"
	check "$net: crosscheck checked no layer" "grep -q ' 0 failed' $tmp/x.txt"

	# 4. never worse than the given mapping; never below MACs / PEs (256 PEs)
	bad=$(awk -F, 'NR > 1 && $3 != "" && $5 > $3 { print $2 }' "$tmp/s.csv")
	check "$net: winners worse than the given mapping: $bad" "[ -z \"$bad\" ]"
	bad=$(awk -F', *' 'NR > 1 && $4 * 256 < $22 { print $2 }' "$tmp/c.csv")
	check "$net: winners below MACs / PEs: $bad" "[ -z \"$bad\" ]"
done
# 5. the enumerated minimum of three families' parameter spaces
small() {       # the small layer on a small accelerator, with dataflow $1
	cat <<MDF
import "dataflows/kcp_ws.mdf";
import "dataflows/rs.mdf";
import "dataflows/yxp_os.mdf";
Accelerator small { num_pes: 64; l1_size: 512; l2_size: 108000; noc_bw: 16; noc_latency: 1; offchip_bw: 16; }
Network enum {
	Layer conv {
		Type: CONV;
		Dimensions { K: 12, C: 6, R: 3, S: 3, Y: 10, X: 10 }
		Dataflow: $1;
		$2
	}
}
MDF
}
small "kcp_ws(1)" > "$tmp/small.mdf"
s_rt=$("$MDFC" --search --emit=csv "$tmp/small.mdf" 2>/dev/null | awk -F, 'NR == 2 { print $5 }')
for fam in kcp_ws rs yxp_os; do
	best="" m=0
	for a in 1 2 3 4 5 6 7 8 9 10 11 12; do
		for b in 1 2 3 4 5 6; do
			case $fam in kcp_ws) [ $a -le 6 ] && [ $b = 1 ] || continue; use="kcp_ws($a)";; *) use="$fam($a, $b)";; esac
			small "$use" > "$tmp/e.mdf"
			v=$("$MDFC" --emit=csv "$tmp/e.mdf" 2>/dev/null | awk -F', *' 'NR == 2 { print $4 }')
			[ -n "$v" ] && { m=$((m+1)); { [ -z "$best" ] || [ "$v" -lt "$best" ]; } && best=$v; }
		done
	done
	echo "$fam: $m valid points enumerated, minimum $best cycles; search: $s_rt cycles"
	check "$fam: enumeration of $m valid points: minimum '$best', search '$s_rt'" \
		"[ -n \"$best\" ] && [ -n \"$s_rt\" ] && [ $s_rt -le $best ]"
	# 6. the family as a constraint: exhaustive, and exactly the minimum
	case $fam in kcp_ws) ranges="1..6";; *) ranges="1..12, 1..6";; esac
	small "kcp_ws(1)" "Search { Dataflow: $fam($ranges); }" > "$tmp/c.mdf"
	"$MDFC" --search --emit=json "$tmp/c.mdf" > "$tmp/c.json" 2>/dev/null
	c_rt=$(grep -o '"best": {"runtime_cycles": [0-9]*' "$tmp/c.json" | grep -o '[0-9]*$')
	echo "$fam as a constraint: search $c_rt cycles (enumerated minimum $best)"
	check "$fam as a constraint: search '$c_rt' is not the enumerated minimum '$best'" \
		"[ -n \"$c_rt\" ] && [ \"$c_rt\" = \"$best\" ]"
	check "$fam as a constraint: not reported exhaustive" "grep -q '\"exhaustive\": true' $tmp/c.json"
	ev=$(grep -o '"evaluated": [0-9]*' "$tmp/c.json" | head -1 | grep -o '[0-9]*$')
	case $fam in kcp_ws) want=6;; *) want=72;; esac
	# identical instances (a tile clamped to a small extent) count once
	check "$fam as a constraint: $ev points evaluated, the family has $want" \
		"[ -n \"$ev\" ] && [ \"$ev\" -ge 1 ] && [ \"$ev\" -le $want ]"
done
# 7. structural constraints hold in every winner
small "kcp_ws(2)" "Search { Levels: 2; Spatial(0): K; Spatial(1): C, X; Order(0): K, C, R, S, Y, X; Cluster(1): 2..6; Tile(K): 1..4; }" \
	> "$tmp/k.mdf"
"$MDFC" --search --budget=1500 --emit=csv "$tmp/k.mdf" -o "$tmp/kb.mdf" > "$tmp/k.csv" 2>/dev/null; rk=$?
check "constrained search: exit $rk" "[ $rk = 0 ]"
# the winner's Dataflow block: level 0 is K C R S Y X in order with K
# spatial, one Cluster of 2..6 whose spatial map is C or X, K tiles <= 4
awk '
	/Dataflow \{/ { in_df = 1; next }
	!in_df { next }
	/Cluster\(/ { lv++; match($0, /Cluster\([0-9]+/); cs = substr($0, RSTART + 8, RLENGTH - 8)
		if (cs < 2 || cs > 6) bad = bad " cluster " cs; next }
	/Map\(/ { dim = $NF; sub(";", "", dim); split($0, a, /[(,)]/); size = a[2] + 0
		if (lv == 0) order = order dim
		if (dim == "K" && size > 4) bad = bad " K tile " size
		if ($1 ~ /^SpatialMap/) { if (lv == 0 && dim != "K") bad = bad " spatial " dim
			if (lv == 1 && dim != "C" && dim != "X") bad = bad " spatial(1) " dim }
	}
	END { if (order != "KCRSYX") bad = bad " order " order; if (lv != 1) bad = bad " levels " lv + 1
		print bad }' "$tmp/kb.mdf" > "$tmp/kbad"
check "constrained winner breaks the constraints:$(cat $tmp/kbad)" "[ -z \"\$(tr -d ' \n' < $tmp/kbad)\" ]"
k_rt=$(awk -F, 'NR == 2 { print $5 }' "$tmp/k.csv")
p_rt=$("$MDFC" --emit=csv "$tmp/kb.mdf" 2>/dev/null | awk -F', *' 'NR == 2 { print $4 }')
check "constrained winner: search $k_rt cycles, its -o file $p_rt" "[ -n \"$k_rt\" ] && [ \"$k_rt\" = \"$p_rt\" ]"
"$MDFC" --crosscheck "$tmp/kb.mdf" > "$tmp/kx.txt" 2>&1; rx=$?
check "constrained winner: crosscheck fails (exit $rx)" "[ $rx = 0 ] && grep -q ' 0 failed' $tmp/kx.txt"
echo "$((n-fail)) passed, $fail failed"
[ $fail = 0 ]
