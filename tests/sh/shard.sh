#!/usr/bin/env bash
# --shard=K/N and --merge (docs/explore.md, "Sharding"): GNU parallel runs
# the 4 shards of a sweep as 4 processes (with 1 or 2 threads each), and
# `mdfc --merge` of their outputs, given in any order, is byte-identical to
# the single run: CSV and JSON, per network and per layer, a --dse run
# (its Pareto front and best design recomputed over all the rows), --dse
# --front-only (each shard keeps its own front; the merge keeps the rows of
# the whole front), and a sweep with failed points (same exit status, 1).  A merge of an incomplete
# or mixed set is refused with E1404 and leaves -o untouched.  Reports
# SKIPPED when GNU parallel is absent (Debian package `parallel`).
MDFC=$1 SRC=$2
command -v parallel >/dev/null 2>&1 || { echo "SKIP: GNU parallel is absent (apt-get install parallel)"; exit 77; }
parallel --version 2>/dev/null | grep -q "GNU parallel" || { echo "SKIP: parallel is not GNU parallel"; exit 77; }
fail=0 n=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { n=$((n+1)); if ! eval "$2"; then echo "FAIL: $1"; fail=$((fail+1)); fi; }
vgg=$SRC/examples/sweep/vgg16_edge.mdf
two=$SRC/tests/data/explore/two_layers.mdf
export MDFC

run_case() {    # name, file, args...
	local name=$1 file=$2; shift 2
	for emit in csv json; do
		"$MDFC" "$@" --emit=$emit "$file" > "$tmp/$name.single.$emit" 2>/dev/null; local r1=$?
		parallel --will-cite -j 4 "\"\$MDFC\" $* --emit=$emit --shard={}/4 --threads={= \$_ = \$_ % 2 + 1 =} \
			'$file' > '$tmp/$name.{}.$emit' 2>/dev/null; [ \$? -le 1 ]" ::: 1 2 3 4
		check "$name $emit: parallel failed" "[ $? = 0 ]"
		"$MDFC" --merge "$tmp/$name.3.$emit" "$tmp/$name.1.$emit" "$tmp/$name.4.$emit" "$tmp/$name.2.$emit" \
			--emit=$emit -o "$tmp/$name.merged.$emit" 2>/dev/null; local r2=$?
		check "$name $emit: merge exit $r2, single run $r1" "[ $r1 = $r2 ]"
		check "$name $emit: merged output differs from the single run: $(diff $tmp/$name.single.$emit $tmp/$name.merged.$emit | head -3)" \
			"cmp -s $tmp/$name.single.$emit $tmp/$name.merged.$emit"
		check "$name $emit: empty single run" "[ -s $tmp/$name.single.$emit ]"
	done
}

run_case plain "$vgg" -D SCALE_DIV=4 --sweep num_pes=64..1024:*2 --sweep noc_bw=16,64 --sweep KCP_WS_TC=8,16,32
run_case layers "$vgg" -D SCALE_DIV=4 --sweep num_pes=64,256 --sweep KCP_WS_TC=8,64 --per-layer
run_case dse "$vgg" -D SCALE_DIV=4 --sweep num_pes=16..2048:*2 --sweep l2_size=16384,65536,262144 \
	--sweep noc_bw=8,32,128 --dse --area-budget=40000000 --power-budget=3000 --objective=edp
run_case front "$SRC/bench/resnet50_layer.mdf" --sweep num_pes=64..1024:*4 --sweep noc_bw=1..200 \
	--sweep offchip_bw=16,64 --dse --front-only --objective=perf-per-area
run_case frontfail "$vgg" -D SCALE_DIV=4 --sweep num_pes=16..2048:*2 --sweep l2_size=16384,65536 \
	--sweep noc_bw=8,32,128 --dse --front-only --area-budget=40000000
run_case failed "$two" --sweep num_pes=2..9 --sweep CL=1,2,4,8
check "the failing case has failed rows" "grep -q E0515 $tmp/failed.single.csv"
check "the dse case has a best design" "grep -q '\"best\":[0-9]' $tmp/dse.single.json"
# a shard with no points (more shards than points) still merges
"$MDFC" --sweep num_pes=4,8 "$two" > "$tmp/small.single.csv" 2>/dev/null
for k in 1 2 3; do "$MDFC" --sweep num_pes=4,8 --shard=$k/3 "$two" > "$tmp/small.$k.csv" 2>/dev/null; done
"$MDFC" --merge "$tmp"/small.[123].csv > "$tmp/small.merged.csv" 2>/dev/null
check "3 shards of 2 points: merge differs" "cmp -s $tmp/small.single.csv $tmp/small.merged.csv"

# refused merges
echo keep > "$tmp/keep"
bad() {     # what, files...
	local what=$1; shift
	"$MDFC" --merge "$@" -o "$tmp/keep" 2> "$tmp/bad.err"; local rc=$?
	check "merge of $what: exit $rc, want 1" "[ $rc = 1 ]"
	check "merge of $what: no E1404: $(head -1 $tmp/bad.err)" "grep -q 'error\[E1404\]' $tmp/bad.err"
}
bad "a missing shard" "$tmp/plain.1.csv" "$tmp/plain.2.csv" "$tmp/plain.4.csv"
bad "a shard twice" "$tmp/plain.1.csv" "$tmp/plain.2.csv" "$tmp/plain.2.csv" "$tmp/plain.4.csv"
bad "two explorations" "$tmp/plain.1.csv" "$tmp/plain.2.csv" "$tmp/dse.3.csv" "$tmp/dse.4.csv"
bad "CSV with JSON" "$tmp/plain.1.csv" "$tmp/plain.2.csv" "$tmp/plain.3.json" "$tmp/plain.4.csv"
bad "a single run" "$tmp/plain.single.csv"
check "refused merges leave -o as it was" "[ \"\$(cat $tmp/keep)\" = keep ]"

echo "$((n-fail)) passed, $fail failed"
[ "$fail" = 0 ]
