#!/usr/bin/env bash
# mdfc --sweep (docs/explore.md):
#  1. a 3-axis sweep (num_pes x noc_bw x the param KCP_WS_TC) of VGG-16 gives,
#     at every one of its 18 points, the network totals and every layer's
#     figures of a separate `mdfc -D KCP_WS_TC=.. --num-pes .. --noc-bw ..
#     --emit=json` run (the independent reference: one compilation per point);
#     the CSV and JSON forms carry the same figures;
#  2. a sweep where some points are invalid (a Cluster larger than num_pes)
#     keeps every valid layer's row, each failed row names its layer with
#     E0515 and the message a separate run prints, the point rows carry the
#     first failure, and the exit status is 1; a param value the file
#     cannot elaborate (cdiv by zero) is a row with its code, not an empty
#     output;
#  3. the output is byte-identical with 1, 2 and 3 threads;
#  4. bad axes are usage errors (exit 2) with their codes, and an existing
#     -o file survives them.
MDFC=$1 SRC=$2
. "$(dirname "$0")/lib/check.bash"
vgg=$SRC/examples/sweep/vgg16_edge.mdf
two=$SRC/tests/data/explore/two_layers.mdf

# 1. sweep against separate runs, in default mode and with --compat=maestro
axes=(--sweep num_pes=64..1024:*4 --sweep noc_bw=16,64 --sweep KCP_WS_TC=8,32,64)
for mode in default maestro; do
mo=(); [ $mode = maestro ] && mo=(--compat=maestro)
"$MDFC" -D SCALE_DIV=4 "${mo[@]}" "${axes[@]}" --emit=json "$vgg" > "$tmp/s.json" 2> "$tmp/s.err"; rc=$?
check "$mode: 3-axis sweep exit $rc: $(head -3 $tmp/s.err)" "[ $rc = 0 ]"
"$MDFC" -D SCALE_DIV=4 "${mo[@]}" "${axes[@]}" --emit=json --per-layer "$vgg" > "$tmp/l.json" 2>/dev/null
"$MDFC" -D SCALE_DIV=4 "${mo[@]}" "${axes[@]}" -o "$tmp/s.csv" "$vgg" 2>/dev/null
for pes in 64 256 1024; do for bw in 16 64; do for tc in 8 32 64; do
	"$MDFC" -D SCALE_DIV=4 "${mo[@]}" -D KCP_WS_TC=$tc --num-pes $pes --noc-bw $bw --emit=json "$vgg" \
		> "$tmp/p_${pes}_${bw}_${tc}.json" 2>/dev/null
done; done; done
out=$("$PY" - "$tmp" <<'EOF'
import csv, json, sys
tmp = sys.argv[1]
s = json.load(open(tmp + "/s.json"))
l = json.load(open(tmp + "/l.json"))
c = list(csv.DictReader(open(tmp + "/s.csv")))
bad = []
assert s["axes"] == ["num_pes", "noc_bw", "KCP_WS_TC"], s["axes"]
if len(s["rows"]) != 18 or len(c) != 18:
    bad.append("rows: %d json, %d csv, want 18" % (len(s["rows"]), len(c)))
byp = {}
for r in l["rows"]:
    byp.setdefault((r["num_pes"], r["noc_bw"], r["KCP_WS_TC"]), []).append(r)
for r, cr in zip(s["rows"], c):
    key = (r["num_pes"], r["noc_bw"], r["KCP_WS_TC"])
    ref = json.load(open(tmp + "/p_%d_%d_%d.json" % key))["networks"][0]
    t = ref["totals"]
    got = (r["runtime_cycles"], r["macs"], r["energy_nj"], r["max_l1_size_req"], r["max_l2_size_req"])
    want = (t["runtime_cycles"], t["macs"], t["energy_nj"], t["max_l1_size_req"], t["max_l2_size_req"])
    if r["status"] != "ok" or got != want:
        bad.append("%s: sweep %s, separate run %s" % (key, got, want))
    if (int(cr["num_pes"]), int(cr["noc_bw"]), int(cr["KCP_WS_TC"])) != key or \
       (int(cr["runtime_cycles"]), int(cr["macs"]), float(cr["energy_nj"])) != got[:3]:
        bad.append("%s: CSV row %s differs from the JSON row" % (key, dict(cr)))
    layers = byp.get(key, [])
    if [x["layer"] for x in layers] != [x["name"] for x in ref["layers"]]:
        bad.append("%s: --per-layer rows name other layers" % (key,))
        continue
    for x, y in zip(layers, ref["layers"]):
        if (x["runtime_cycles"], x["energy_nj"], x["l1_size_req"], x["l2_size_req"]) != \
           (y["runtime_cycles"], y["energy_nj"], y["l1_size_req"]["total"] if isinstance(y["l1_size_req"], dict) else y["l1_size_req"],
            y["l2_size_req"]["total"] if isinstance(y["l2_size_req"], dict) else y["l2_size_req"]):
            bad.append("%s %s: layer row %s, separate run %s" % (key, x["layer"], x, {k: y[k] for k in ("runtime_cycles", "energy_nj")}))
print("\n".join(bad[:5]))
EOF
)
check "$mode: sweep figures differ from separate runs: $out" "[ -z \"\$out\" ]"
done

# 2. invalid points keep the valid layers' rows
"$MDFC" --sweep num_pes=4,8 --sweep CL=2,8 --per-layer "$two" > "$tmp/inv.csv" 2> "$tmp/inv.err"; rc=$?
check "invalid points: exit $rc, want 1" "[ $rc = 1 ]"
check "invalid points: 8 rows (2 layers x 4 points) + header" "[ \$(wc -l < $tmp/inv.csv) = 9 ]"
check "invalid points: stderr counts 1 failed point: $(cat $tmp/inv.err)" \
	"grep -q '^mdfc: 1 of 4 points failed' $tmp/inv.err"
row=$(grep '^two,swept,4,8,' "$tmp/inv.csv")
check "the failed row names its layer and E0515: $row" \
	"[ \"\$row\" = \"two,swept,4,8,error,,,,,,,,E0515,\\\"the Cluster sizes of layer 'swept' multiply to 8, more than the 4 PEs\\\"\" ]"
"$MDFC" -D CL=8 --num-pes 4 "$two" > /dev/null 2> "$tmp/sep.err"
check "a separate run prints the same message" \
	"grep -qF \"error[E0515]: the Cluster sizes of layer 'swept' multiply to 8, more than the 4 PEs\" $tmp/sep.err"
# the valid layer of the failed point: its figures at 4 PEs whatever CL
a=$(grep '^two,fixed,4,8,' "$tmp/inv.csv" | cut -d, -f5-8,10-11)
"$MDFC" -D CL=2 --num-pes 4 --emit=json "$two" > "$tmp/ok.json" 2>/dev/null
b=$("$PY" -c 'import json,sys; l=json.load(open(sys.argv[1]))["networks"][0]["layers"][0]; print("ok,%d,%d,%.10g,%d,%d" % (l["runtime_cycles"], l["macs"], l["energy_nj"], l["l1_size_req"], l["l2_size_req"]))' "$tmp/ok.json")
check "valid layer at the failed point: '$a' vs separate run '$b'" "[ \"$a\" = \"$b\" ]"
"$MDFC" --sweep num_pes=4,8 --sweep CL=2,8 "$two" > "$tmp/pt.csv" 2>/dev/null
check "point rows: the failed point has E0515: $(sed -n 4p $tmp/pt.csv)" \
	"sed -n 4p $tmp/pt.csv | grep -q '^two,4,8,error,.*E0515'"
check "point rows: 3 points ok" "[ \$(grep -c ',ok,' $tmp/pt.csv) = 3 ]"
"$MDFC" -D SCALE_DIV=4 --sweep SCALE_DIV=0,4 "$vgg" > "$tmp/el.csv" 2>/dev/null; rc=$?
check "elaboration failure: exit $rc, want 1" "[ $rc = 1 ]"
check "elaboration failure is a row with its code: $(cat $tmp/el.csv)" \
	"grep -q '^,0,error,.*,E0407,cdiv by zero' $tmp/el.csv && grep -q '^vgg16,4,ok,25047677,' $tmp/el.csv"

# 3. threads
for t in 1 2 3; do
	"$MDFC" -D SCALE_DIV=4 "${axes[@]}" --sweep offchip_bw=50,100 --per-layer --threads=$t "$vgg" > "$tmp/t$t.csv" 2>/dev/null
	"$MDFC" --sweep num_pes=2..8 --sweep CL=1..8 --threads=$t --emit=json "$two" > "$tmp/u$t.json" 2>/dev/null
done
check "threads: CSV differs" "cmp -s $tmp/t1.csv $tmp/t2.csv && cmp -s $tmp/t1.csv $tmp/t3.csv"
check "threads: JSON differs" "cmp -s $tmp/u1.json $tmp/u2.json && cmp -s $tmp/u1.json $tmp/u3.json"
check "threads: JSON is valid" "$PY -c 'import json,sys; json.load(open(sys.argv[1]))' $tmp/u2.json"

# a failure repeated at many points: every row keeps its code and message
# (the diagnostics of one point do not fold those of the next)
"$MDFC" --sweep noc_latency=4611686018427387904 --sweep noc_bw=1..12 "$vgg" > "$tmp/ov.csv" 2>/dev/null; rc=$?
"$MDFC" --noc-latency 4611686018427387904 --noc-bw 12 "$vgg" > /dev/null 2> "$tmp/ov.err"
check "12 overflowing points: exit $rc, 12 rows each with E0602 and the separate run's message" \
	"[ $rc = 1 ] && [ \$(grep -c ',E0602,' $tmp/ov.csv) = 12 ] && [ \$(grep -c E0999 $tmp/ov.csv) = 0 ] && grep -qF \"\$(grep -m1 -o 'a count of the cost model does not fit in 64 bits' $tmp/ov.err)\" $tmp/ov.csv"

# 4. bad axes
echo keep > "$tmp/keep.csv"
for spec in "num_pes=0,4:E1401" "noc_bw=8..2:E1401" "num_pes=1..8:*1:E1401" "num_pes:E1401" \
	    "num_pes=1,x:E1401" "NOPE=1:E1402" "KCP_WS_TC=1..2000000:E1403"; do
	code=${spec##*:}; ax=${spec%:*}
	"$MDFC" --sweep "$ax" -o "$tmp/keep.csv" "$vgg" > /dev/null 2> "$tmp/bad.err"; rc=$?
	check "--sweep $ax: exit $rc, want 2" "[ $rc = 2 ]"
	check "--sweep $ax: no $code: $(head -1 $tmp/bad.err)" "grep -q 'error\[$code\]' $tmp/bad.err"
done
check "the -o file survives bad axes" "[ \"\$(cat $tmp/keep.csv)\" = keep ]"

checks_done
