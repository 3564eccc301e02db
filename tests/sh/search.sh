#!/usr/bin/env bash
# mdfc --search (docs/search.md):
#  1. determinism: the same seed gives byte-identical output (table, CSV,
#     JSON, the -o file, standard error) with 1 and 2 threads;
#  2. the -o file reproduces the search's figures: compiled by plain mdfc,
#     every layer's runtime and energy equal the search's best;
#  3. the winners are real: --crosscheck of the -o file (reduced sizes)
#     executes every MAC exactly once with the model's MAC count;
#  4. no winner is worse than the layer's own (stdlib default) mapping, and
#     none is below MACs / PEs.
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
echo "$((n-fail)) passed, $fail failed"
[ $fail = 0 ]
