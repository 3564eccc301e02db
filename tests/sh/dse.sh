#!/usr/bin/env bash
# mdfc --dse (docs/explore.md), checked by brute force on VGG-16 and
# ResNet-50 with a fixed dataflow (kcp_ws, DATAFLOW=1) over a small grid of
# PEs x L2 x NoC bandwidth, for each objective:
#  1. every row's area and power equal the documented model computed here
#     from the row's own design (defaults of docs/explore.md: linear in the
#     resources, and the NoC arbiter's term per pair of PEs), and its shares
#     of PEs, buffers and NoC are those parts' shares;
#  2. feasible = evaluated, fits its buffers, within both budgets;
#  3. the front is exactly the set of feasible rows that no other feasible
#     row dominates in (runtime, energy, area) (all pairs compared), and the
#     best is the feasible row with the best objective (all rows scanned):
#     no front point dominated, no better feasible point missed;
#  4. CSV and JSON agree (front indices, best);
#  5. the budgets bite: the grid has feasible rows, rows over the area
#     budget and rows over the power budget;
#  6. --front-only writes exactly the rows of the full output that are on
#     the front, the best, or failed (same flags), in CSV and JSON, also
#     on a grid where the front is long (NoC bandwidth 1..300 on one layer).
MDFC=$1 SRC=$2
. "$(dirname "$0")/lib/check.bash"
grid=(--sweep num_pes=64..2048:*2 --sweep l2_size=16384,65536,262144 --sweep noc_bw=8,32,128)
budget=(--area-budget=40000000 --power-budget=3000)
for net in vgg16 resnet50; do
	f=$SRC/stdlib/networks/$net.mdf
	for obj in throughput energy edp perf-per-area; do
		args=(-D SCALE_DIV=4 -D DATAFLOW=1 "${grid[@]}" --dse "${budget[@]}" --objective=$obj "$f")
		"$MDFC" "${args[@]}" > "$tmp/d.csv" 2> "$tmp/d.err"; rc=$?
		"$MDFC" "${args[@]}" --emit=json > "$tmp/d.json" 2>/dev/null
		check "$net $obj: exit $rc: $(head -2 $tmp/d.err)" "[ $rc = 0 ]"
		out=$("$PY" - "$tmp/d.csv" "$tmp/d.json" "$obj" <<'EOF'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
js = json.load(open(sys.argv[2]))
obj = sys.argv[3]
bad = []
A, P = 40000000, 3000
# docs/explore.md defaults: um^2 and mW per PE (1 lane), per KiB of L1 (512
# elements per PE here) and of L2, per element/cycle of NoC per PE, per
# pair of PEs (the arbiter)
a_pe, a_kb, a_noc, a_arb = 283, 106, 1492, 1019
p_pe, p_kb, p_noc, p_arb = 1.222, 3.533, 0.012, 0.001
if len(rows) != 6 * 3 * 3:
    bad.append("%d rows, want 54" % len(rows))
pts = []
for i, r in enumerate(rows):
    pes, l2, bw = int(r["num_pes"]), int(r["l2_size"]), int(r["noc_bw"])
    if r["status"] != "ok":
        bad.append("row %d: %s %s" % (i, r["code"], r["message"]))
        continue
    pairs = pes * (pes - 1) / 2
    ap = [pes * a_pe, pes * 512 / 1024 * a_kb + l2 / 1024 * a_kb, pes * bw * a_noc + pairs * a_arb]
    pp = [pes * p_pe, pes * 512 / 1024 * p_kb + l2 / 1024 * p_kb, pes * bw * p_noc + pairs * p_arb]
    area, power = sum(ap), sum(pp)
    ra, rp = float(r["area_um2"]), float(r["power_mw"])
    if abs(ra - area) > 1e-6 * area or abs(rp - power) > 1e-6 * power:
        bad.append("row %d: area/power %s/%s, model %s/%s" % (i, ra, rp, area, power))
    for kind, parts, tot in (("area", ap, area), ("power", pp, power)):
        for name, part in zip(("pe", "buffers", "noc"), parts):
            got = float(r["%s_%s_pct" % (kind, name)])
            if abs(got - 100 * part / tot) > 5e-4 * max(got, 1):
                bad.append("row %d: %s_%s_pct %s, model %.6g" % (i, kind, name, got, 100 * part / tot))
    feas = r["fits"] == "1" and ra <= A and rp <= P
    if (r["feasible"] == "1") != feas:
        bad.append("row %d: feasible %s, want %s" % (i, r["feasible"], feas))
    rt, en, macs = float(r["runtime_cycles"]), float(r["energy_nj"]), float(r["macs"])
    pts.append(dict(i=i, rt=rt, en=en, ar=ra, pw=rp, macs=macs, feas=feas,
                    pareto=r["pareto"] == "1", best=r["best_" + obj] == "1"))
F = [p for p in pts if p["feas"]]
def dom(a, b):
    return a["rt"] <= b["rt"] and a["en"] <= b["en"] and a["ar"] <= b["ar"] and \
        (a["rt"] < b["rt"] or a["en"] < b["en"] or a["ar"] < b["ar"])
front = {p["i"] for p in F if not any(dom(q, p) for q in F)}
marked = {p["i"] for p in pts if p["pareto"]}
if front != marked:
    bad.append("front %s, brute force %s" % (sorted(marked), sorted(front)))
def score(p):
    return {"throughput": p["macs"] / p["rt"], "energy": -p["en"], "edp": -p["en"] * p["rt"],
            "perf-per-area": p["macs"] / p["rt"] / p["ar"]}[obj]
want = max(F, key=lambda p: (score(p), -p["i"]))["i"] if F else None
got = [p["i"] for p in pts if p["best"]]
if got != ([want] if want is not None else []):
    bad.append("best %s, brute force %s" % (got, want))
if js["pareto"] != sorted(front) or js["best"] != want:
    bad.append("JSON front %s best %s" % (js["pareto"], js["best"]))
if not F or all(p["ar"] <= A for p in pts) or all(p["pw"] <= P for p in pts):
    bad.append("budgets do not bite: %d feasible" % len(F))
print("\n".join(bad[:4]))
EOF
)
		check "$net $obj: $out" "[ -z \"\$out\" ]"
	done
done
# 6. --front-only
fo_check() {    # name, args...
	local name=$1; shift
	"$MDFC" "$@" > "$tmp/full.csv" 2>/dev/null; local r1=$?
	"$MDFC" "$@" --front-only > "$tmp/fo.csv" 2>/dev/null; local r2=$?
	"$MDFC" "$@" --emit=json > "$tmp/full.json" 2>/dev/null
	"$MDFC" "$@" --emit=json --front-only > "$tmp/fo.json" 2>/dev/null
	check "$name --front-only: exit $r2, full run $r1" "[ $r1 = $r2 ]"
	local want
	want=$("$PY" - "$tmp" <<'EOF'
import csv, json, sys
t = sys.argv[1]
full = list(csv.reader(open(t + "/full.csv")))
head, rows = full[0], full[1:]
ip, ib, ist = head.index("pareto"), [i for i, h in enumerate(head) if h.startswith("best_")][0], head.index("status")
keep = [r for r in rows if r[ip] == "1" or r[ib] == "1" or r[ist] == "error"]
fo = list(csv.reader(open(t + "/fo.csv")))
bad = []
if fo[0] != head or fo[1:] != keep:
    bad.append("CSV: %d rows kept, want %d" % (len(fo) - 1, len(keep)))
fj, oj = json.load(open(t + "/full.json")), json.load(open(t + "/fo.json"))
kept = [i for i, r in enumerate(fj["rows"]) if i in fj["pareto"] or i == fj["best"] or r["status"] == "error"]
if oj["rows"] != [fj["rows"][i] for i in kept] or [kept[i] for i in oj["pareto"]] != fj["pareto"] or \
   (oj["best"] is None) != (fj["best"] is None) or (oj["best"] is not None and kept[oj["best"]] != fj["best"]):
    bad.append("JSON front-only differs from the full output's front")
if not any(r[ip] == "1" for r in rows):
    bad.append("empty front")
print("; ".join(bad))
EOF
)
	check "$name --front-only: $want" "[ -z \"\$want\" ]"
}
fo_check vgg16 -D SCALE_DIV=4 --sweep num_pes=16..2048:*2 --sweep l2_size=16384,65536 --sweep noc_bw=8,32,128 \
	--dse --area-budget=40000000 --power-budget=3000 --objective=edp "$SRC/stdlib/networks/vgg16.mdf"
fo_check layer --sweep num_pes=64..1024:*4 --sweep noc_bw=1..300 --sweep offchip_bw=16,64 --dse \
	--objective=perf-per-area "$SRC/bench/resnet50_layer.mdf"
fo_check energy --sweep num_pes=64..1024:*4 --sweep noc_bw=1..300 --dse --objective=energy \
	--area-budget=20000000 "$SRC/bench/resnet50_layer.mdf"

checks_done
