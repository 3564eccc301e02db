#!/usr/bin/env bash
# mdfc --search on TRCONV layers (docs/search.md section 1).  A TRCONV is
# searched as the stride-1 CONV over its dilated input (docs/ir.md 2.0):
#  1. three TRCONV layers that differ only in their stride (the upsampling
#     factor 2, 3 and 1) are three shapes, each searched: hand-counted MACs
#     K 2 x C 3 x R 3 x S 2 x Y' x X' with Y' = (4-1)s+1 - 3 + 1 and
#     X' = (3-1)s+1 - 2 + 1: 720 (s = 2), 1,728 (s = 3), 144 (s = 1);
#     no winner is worse than the layer's own mapping or below MACs / PEs;
#  2. the -o file reproduces the search's runtimes and passes --crosscheck
#     (the loop nest checks the output against a scatter-form reference);
#  3. with a fixed structure (Search block) the search enumerates the
#     space and its best EQUALS the optimum of brute force through the CLI
#     (-D loops over every point, invalid ones left out).
source "$(dirname "$0")/lib/args.bash"
source "$(dirname "$0")/lib/check.bash"
MDFC=$mdfc
hw='Accelerator small { num_pes: 16; l1_size: 100000; l2_size: 10000000; noc_bw: 8; noc_latency: 1; offchip_bw: 8; }'
trlayer() {     # $1 name, $2 stride (empty: none), $3 Dataflow, $4 Search block
	local stride=""
	[ -z "$2" ] || stride="Stride { X: $2, Y: $2 }"
	cat <<MDF
	Layer $1 {
		Type: TRCONV
		$stride
		Dimensions { K: 2, C: 3, R: 3, S: 2, Y: 4, X: 3 }
		$3
		$4
	}
MDF
}
given='Dataflow { SpatialMap(1,1) K; TemporalMap(3,3) C; TemporalMap(Sz(R),1) Y; TemporalMap(Sz(S),1) X; }'

# 1. three strides, three shapes, all searched
{ echo "$hw"; echo "Network up {"; trlayer tr2 2 "$given"; trlayer tr3 3 "$given"; trlayer tr1 "" "$given"; echo "}"; } \
	> "$tmp/net.mdf"
"$MDFC" --search --budget=500 --seed=3 --emit=json -o "$tmp/best.mdf" "$tmp/net.mdf" > "$tmp/s.json" 2>"$tmp/s.err"; rs=$?
check "search: exit $rs ($(head -3 $tmp/s.err))" "[ $rs = 0 ]"
"$PY" - "$tmp/s.json" > "$tmp/s.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for l in d['networks'][0]['layers']:
    b, g = l.get('best') or {}, l.get('given') or {}
    print(l['name'], b.get('macs', '-'), b.get('runtime_cycles', '-'), g.get('runtime_cycles', '-'),
          l.get('same_shape_as_earlier', '-'), l.get('evaluated', 0))
PY
cat "$tmp/s.txt"
for want in "tr2 720" "tr3 1728" "tr1 144"; do
	set -- $want
	read -r name macs best own shared ev < <(grep "^$1 " "$tmp/s.txt")
	check "$1: MACs $macs, hand count $2" "[ \"$macs\" = $2 ]"
	check "$1: searched as a shape of its own (shared: $shared, $ev points)" "[ \"$shared\" = False ] && [ \"${ev:-0}\" -gt 1 ]"
	check "$1: winner $best worse than its own mapping $own" "[ \"$best\" -le \"$own\" ]"
	check "$1: winner $best below MACs / 16 PEs" "[ \$((best * 16)) -ge $2 ]"
done
# 2. the winners, written out: same runtimes, executed correctly
"$MDFC" --emit=csv "$tmp/best.mdf" 2>/dev/null | awk -F', *' 'NR > 1 { print $2, $4 }' > "$tmp/c.txt"
awk '{ print $1, $3 }' "$tmp/s.txt" > "$tmp/s2.txt"
check "best.mdf runtimes differ from the search's: $(diff $tmp/s2.txt $tmp/c.txt | head -4)" "cmp -s $tmp/s2.txt $tmp/c.txt"
"$MDFC" --crosscheck "$tmp/best.mdf" > "$tmp/x.txt" 2>&1; rx=$?
check "crosscheck of best.mdf fails (exit $rx): $(grep -i fail $tmp/x.txt | head -3)" \
	"[ $rx = 0 ] && grep -q '3 layers checked, 0 failed, 0 skipped' $tmp/x.txt"

# 3. a fixed structure: level 0 maps K (spatial, tile 1..2) and C (1..3);
# one Cluster of 1..4 PEs maps Y (spatial, t output rows per step: t = 1..5
# of the dilated input's 5) and X (t = 1..4)
search='Search { Levels: 2; Order(0): K, C; Spatial(0): K; Order(1): Y, X; Spatial(1): Y; Cluster(1): 1..4; }'
{ echo "$hw"; echo "Network up {"; trlayer tr2 2 "$given" "$search"; echo "}"; } > "$tmp/e.mdf"
"$MDFC" --search --emit=json "$tmp/e.mdf" > "$tmp/e.json" 2>"$tmp/e.err"; re=$?
check "enumeration: exit $re ($(head -3 $tmp/e.err))" "[ $re = 0 ]"
check "enumeration: not reported exhaustive" "grep -q '\"exhaustive\": true' $tmp/e.json"
s_rt=$(grep -o '"best": {"runtime_cycles": [0-9]*' "$tmp/e.json" | grep -o '[0-9]*$')
{ echo "$hw"; echo "param TK = 1; param TC = 1; param CL = 1; param TY = 1; param TX = 1;"; echo "Network up {"
  trlayer tr2 2 "Dataflow { SpatialMap(TK, TK) K; TemporalMap(TC, TC) C; Cluster(CL, P) { SpatialMap(TY + 2, TY) Y; TemporalMap(TX + 1, TX) X; } }"
  echo "}"; } > "$tmp/b.mdf"
best="" pts=0 valid=0
for tk in 1 2; do for tc in 1 2 3; do for cl in 1 2 3 4; do for ty in 1 2 3 4 5; do for tx in 1 2 3 4; do
	pts=$((pts+1))
	v=$("$MDFC" --emit=csv -D TK=$tk -D TC=$tc -D CL=$cl -D TY=$ty -D TX=$tx "$tmp/b.mdf" 2>/dev/null |
		awk -F', *' 'NR == 2 { print $4 }')
	[ -n "$v" ] || continue
	valid=$((valid+1))
	{ [ -z "$best" ] || [ "$v" -lt "$best" ]; } && best=$v
done; done; done; done; done
echo "enumeration: brute force $pts points ($valid valid), optimum $best cycles; search $s_rt cycles"
check "enumeration: search '$s_rt' is not the brute-force optimum '$best'" "[ -n \"$best\" ] && [ \"$s_rt\" = \"$best\" ]"
checks_done
