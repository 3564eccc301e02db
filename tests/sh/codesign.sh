#!/usr/bin/env bash
# Co-design, --dse with --search (docs/explore.md, "Co-design"): at every
# design the mapping search runs on that design's hardware and each layer
# takes its best mapping.  On VGG-16 (feature maps / 4, file mapping
# kcp_ws) over 8 designs (PEs x L2 x NoC bandwidth):
#  1. each row's runtime, energy and largest buffer needs equal the totals
#     of a separate `mdfc --search` run with the same budget, seed and
#     objective on that design's hardware (its best mapping per layer, or
#     the layer's own when it found none that fits), for 3 of the designs;
#  2. per layer and design (--per-layer, objective runtime), the searched
#     runtime is never above the file's own mapping's when that one fits
#     (the search starts from it), and below it somewhere;
#  3. the output is byte-identical with 1 and 2 threads and after 3 shards
#     are merged (each search is seeded by --seed and the shape alone);
#  4. the Pareto front and the best design are those of the rows (brute
#     force), and every row says how many layers took a searched mapping;
#  5. --time-limit is refused with --dse (exit 2).
MDFC=$1 SRC=$2
. "$(dirname "$0")/lib/check.bash"
vgg=$SRC/stdlib/networks/vgg16.mdf
grid=(--sweep num_pes=64,256 --sweep l2_size=16384,262144 --sweep noc_bw=8,64)
co=(-D SCALE_DIV=4 "${grid[@]}" --search --budget=60 --seed=3)

# 1, 4: the co-design rows against separate searches
"$MDFC" "${co[@]}" --dse --objective=edp "$vgg" > "$tmp/co.csv" 2> "$tmp/co.err"; rc=$?
check "co-design exit $rc: $(head -2 $tmp/co.err)" "[ $rc = 0 ]"
for d in 0 5 7; do
	read -r pes l2 bw < <(sed -n "$((d + 2))p" "$tmp/co.csv" | cut -d, -f2-4 | tr , ' ')
	"$MDFC" -D SCALE_DIV=4 --search --budget=60 --seed=3 --objective=edp --num-pes "$pes" --l2-size "$l2" \
		--noc-bw "$bw" --emit=json "$vgg" > "$tmp/s$d.json" 2>/dev/null
done
out=$("$PY" - "$tmp" <<'EOF'
import csv, json, sys
t = sys.argv[1]
rows = list(csv.DictReader(open(t + "/co.csv")))
bad = []
if len(rows) != 8:
    bad.append("%d rows, want 8" % len(rows))
for d in (0, 5, 7):
    r = rows[d]
    s = json.load(open("%s/s%d.json" % (t, d)))
    rt = en = l1 = l2 = 0
    nsearched = 0
    for l in s["networks"][0]["layers"]:
        b = l.get("best") or l["given"]
        nsearched += bool(l.get("best"))
        rt += b["runtime_cycles"]; en += b["energy_nj"]
        l1 = max(l1, b["l1_size_req"]); l2 = max(l2, b["l2_size_req"])
    got = (int(r["runtime_cycles"]), float(r["energy_nj"]), int(r["max_l1_size_req"]), int(r["max_l2_size_req"]))
    if got[0] != rt or abs(got[1] - en) > 1e-8 * en or got[2:] != (l1, l2):
        bad.append("design %d: row %s, separate search %s" % (d, got, (rt, en, l1, l2)))
    if int(r["searched"]) != nsearched or nsearched == 0:
        bad.append("design %d: searched %s, separate search found %d" % (d, r["searched"], nsearched))
F = [r for r in rows if r["feasible"] == "1"]
def key(r):
    return float(r["runtime_cycles"]), float(r["energy_nj"]), float(r["area_um2"])
def dom(a, b):
    a, b = key(a), key(b)
    return all(x <= y for x, y in zip(a, b)) and a != b
front = [i for i, r in enumerate(rows) if r in F and not any(dom(q, r) for q in F)]
if front != [i for i, r in enumerate(rows) if r["pareto"] == "1"] or not front:
    bad.append("front %s" % front)
edp = lambda r: float(r["runtime_cycles"]) * float(r["energy_nj"])
best = min(range(len(rows)), key=lambda i: (edp(rows[i]) if rows[i] in F else float("inf"), i))
if [i for i, r in enumerate(rows) if r["best_edp"] == "1"] != [best]:
    bad.append("best is not row %d" % best)
print("; ".join(bad[:4]))
EOF
)
check "co-design rows against separate searches: $out" "[ -z \"\$out\" ]"

# 2: never worse than the file's own mapping, layer by layer
"$MDFC" "${co[@]}" --per-layer --objective=runtime "$vgg" > "$tmp/pl.csv" 2>/dev/null
"$MDFC" -D SCALE_DIV=4 "${grid[@]}" --per-layer "$vgg" > "$tmp/own.csv" 2>/dev/null
out=$("$PY" - "$tmp" <<'EOF'
import csv, sys
t = sys.argv[1]
co = list(csv.DictReader(open(t + "/pl.csv")))
own = list(csv.DictReader(open(t + "/own.csv")))
bad, better = [], 0
if len(co) != len(own) or len(co) != 8 * 16:
    bad.append("%d and %d rows, want 128" % (len(co), len(own)))
for c, o in zip(co, own):
    if (c["layer"], c["num_pes"], c["l2_size"], c["noc_bw"]) != (o["layer"], o["num_pes"], o["l2_size"], o["noc_bw"]):
        bad.append("rows out of step")
        break
    if o["status"] == "ok" and o["fits"] == "1":
        if c["status"] != "ok" or int(c["runtime_cycles"]) > int(o["runtime_cycles"]):
            bad.append("%s at %s PEs: searched %s > own %s" % (c["layer"], c["num_pes"], c["runtime_cycles"],
                                                            o["runtime_cycles"]))
        better += int(c["runtime_cycles"]) < int(o["runtime_cycles"])
if better == 0:
    bad.append("the search never beat the file's mapping")
print("; ".join(bad[:4]))
EOF
)
check "searched mappings against the file's own: $out" "[ -z \"\$out\" ]"

# 3: threads and shards
"$MDFC" "${co[@]}" --dse --objective=edp --threads=2 "$vgg" > "$tmp/co2.csv" 2>/dev/null
check "co-design: 2 threads differ from 1" "cmp -s $tmp/co.csv $tmp/co2.csv"
for k in 1 2 3; do
	"$MDFC" "${co[@]}" --dse --objective=edp --shard=$k/3 "$vgg" > "$tmp/sh$k.csv" 2>/dev/null
done
"$MDFC" --merge "$tmp/sh2.csv" "$tmp/sh3.csv" "$tmp/sh1.csv" -o "$tmp/merged.csv" 2>/dev/null
check "co-design: 3 shards merged differ from the single run" "cmp -s $tmp/co.csv $tmp/merged.csv"

# 5: no time limit
"$MDFC" "${co[@]}" --dse --time-limit=5 "$vgg" > /dev/null 2> "$tmp/tl.err"; rc=$?
check "--dse --search --time-limit: exit $rc, want 2" "[ $rc = 2 ] && grep -q 'not --time-limit' $tmp/tl.err"

checks_done
