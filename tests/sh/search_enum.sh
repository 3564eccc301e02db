#!/usr/bin/env bash
# Exhaustive enumeration with pruning (docs/search.md section 3): when a
# layer's Search block fixes the structure (Levels, and Order and Spatial
# of every level), mdfc --search enumerates every point of the space, and
# its best must EQUAL the true optimum found by brute force: every point of
# the same space compiled one by one through the CLI (-D loops), invalid
# ones (exit 1) left out.  Two spaces on a small CONV, 16 PEs, buffers
# large enough that nothing is infeasible: 480 and 960 points.
MDFC=$1
fail=0 n=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { n=$((n+1)); if ! eval "$2"; then echo "FAIL: $1"; fail=$((fail+1)); fi; }
layer() {       # $1: the Dataflow item, $2: the Search block
	cat <<MDF
Accelerator small { num_pes: 16; l1_size: 100000; l2_size: 10000000; noc_bw: 8; noc_latency: 1; offchip_bw: 8; }
param TK = 1;
param TC = 1;
param CL = 1;
param TC1 = 1;
param TY = 1;
Network enum {
	Layer conv {
		Type: CONV;
		Dimensions { K: 4, C: 4, R: 3, S: 3, Y: 5, X: 5 }
		$1
		$2
	}
}
MDF
}
# With --objective=energy nothing is pruned (the bound is on runtime): the
# search evaluates the whole space and its least energy must equal the
# brute force's too (compared at the CSV's 6 significant digits).
# the space: level 0 maps K and C (one of them spatial: tile 1..4 each),
# one Cluster of 1..4 PEs mapping C (spatial, tile 1..C's tile) and Y (t
# output rows per step: TemporalMap(t + 2, t), t = 1..3)
for spatial0 in K "K, C"; do
	search="Search { Levels: 2; Order(0): K, C; Spatial(0): $spatial0; Order(1): C, Y; Spatial(1): C; Cluster(1): 1..4; }"
	layer "Dataflow: rs(1, 1);" "$search" > "$tmp/s.mdf"
	sed -i '1i import "dataflows/rs.mdf";' "$tmp/s.mdf"
	"$MDFC" --search --emit=json "$tmp/s.mdf" > "$tmp/s.json" 2>/dev/null; rs=$?
	check "Spatial(0): $spatial0: search exit $rs" "[ $rs = 0 ]"
	s_rt=$(grep -o '"best": {"runtime_cycles": [0-9]*' "$tmp/s.json" | grep -o '[0-9]*$')
	check "Spatial(0): $spatial0: not reported exhaustive" "grep -q '\"exhaustive\": true' $tmp/s.json"
	"$MDFC" --search --objective=energy --emit=json "$tmp/s.mdf" > "$tmp/e.json" 2>/dev/null
	s_e=$(grep -o '"best": {"runtime_cycles": [0-9]*, "energy_nj": [0-9.e+-]*' "$tmp/e.json" |
		sed 's/.*: //' | awk '{ printf "%.6g", $1 }')
	e_ev=$(grep -o '"evaluated": [0-9]*' "$tmp/e.json" | head -1 | grep -o '[0-9]*$')
	best="" pts=0 valid=0
	: > "$tmp/energies"
	kinds="SpatialMap:TemporalMap"
	[ "$spatial0" = K ] || kinds="SpatialMap:TemporalMap TemporalMap:SpatialMap"
	for kk in $kinds; do
		kk_k=${kk%%:*} kk_c=${kk##*:}
		layer "Dataflow { $kk_k(TK, TK) K; $kk_c(TC, TC) C; Cluster(CL, P) { SpatialMap(TC1, TC1) C; TemporalMap(TY + 2, TY) Y; } }" "" > "$tmp/b.mdf"
		for tk in 1 2 3 4; do for tc in 1 2 3 4; do for cl in 1 2 3 4; do
		for tc1 in $(seq 1 $tc); do for ty in 1 2 3; do
			pts=$((pts+1))
			"$MDFC" --emit=csv -D TK=$tk -D TC=$tc -D CL=$cl -D TC1=$tc1 -D TY=$ty "$tmp/b.mdf" 2>/dev/null |
				awk -F', *' 'NR == 2 { print $4, $5 }' > "$tmp/v"
			read -r v e < "$tmp/v" || continue
			valid=$((valid+1))
			{ [ -z "$best" ] || [ "$v" -lt "$best" ]; } && best=$v
			echo "$e" >> "$tmp/energies"
		done; done; done; done; done
	done
	ev=$(grep -o '"evaluated": [0-9]*' "$tmp/s.json" | head -1 | grep -o '[0-9]*$')
	pr=$(grep -o '"pruned": [0-9]*' "$tmp/s.json" | head -1 | grep -o '[0-9]*$')
	echo "Spatial(0): $spatial0: brute force $pts points ($valid valid), optimum $best cycles;" \
	     "search $s_rt cycles ($ev evaluated, $pr pruned)"
	check "Spatial(0): $spatial0: search '$s_rt' is not the brute-force optimum '$best'" \
		"[ -n \"$best\" ] && [ \"$s_rt\" = \"$best\" ]"
	b_e=$(sort -g "$tmp/energies" | head -1 | awk '{ printf "%.6g", $1 }')
	echo "Spatial(0): $spatial0: least energy: brute force $b_e nJ, search $s_e nJ ($e_ev evaluated)"
	check "Spatial(0): $spatial0: least energy: search '$s_e' is not the brute force's '$b_e'" \
		"[ -n \"$b_e\" ] && [ \"$s_e\" = \"$b_e\" ]"
	check "Spatial(0): $spatial0: the search evaluated $ev + pruned $pr points of $pts" \
		"[ -n \"$ev\" ] && [ -n \"$pr\" ] && [ \$((ev + pr)) -le $pts ]"
done
echo "$((n-fail)) passed, $fail failed"
[ $fail = 0 ]
