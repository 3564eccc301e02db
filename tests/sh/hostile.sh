#!/usr/bin/env bash
# Hostile inputs (issue 12) finish within the documented ceiling: 10 s of CPU
# and 512 MB of address space (ulimit -t 10, ulimit -v 524288), each with the
# expected exit status and, where a limit is exceeded, a located error naming
# it (docs/reliability.md, "Resource limits").  Every case was minutes and
# gigabytes before the limits existed; stderr stays small too.
MDFC=$1 SRC=$2
[ "${MDFC_SANITIZED:-0}" = 1 ] && { echo "SKIP: under AddressSanitizer (its shadow memory cannot live within ulimit -v)"; exit 77; }
fail=0 n=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
PY=/usr/bin/python3
[ -x $PY ] || { echo "SKIP: /usr/bin/python3 needed to generate the inputs"; exit 77; }

# run NAME WANT_STATUS PATTERN(stderr, grep -E; "" = none) -- ARGS...
run() {
	local name=$1 want=$2 pat=$3; shift 4
	n=$((n+1))
	# the wall-clock guard only catches hangs; the CPU limit is the measure
	( ulimit -v 524288 -t 10; exec timeout 120 "$MDFC" "$@" ) > out 2> err; local rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL $name: exit $rc, expected $want"; head -c 400 err; echo; fail=$((fail+1)); return
	fi
	if [ -n "$pat" ] && ! grep -Eq -- "$pat" err; then
		echo "FAIL $name: stderr lacks /$pat/"; head -c 400 err; echo; fail=$((fail+1)); return
	fi
	local size; size=$(wc -c < err)
	if [ "$size" -gt 1000000 ]; then echo "FAIL $name: $size bytes of diagnostics"; fail=$((fail+1)); fi
}

layer='Layer l${i} { Type: CONV; Dimensions { K: 4, C: 4, R: 1, S: 1, Y: 4, X: 4 } Dataflow { SpatialMap(1,1) K; TemporalMap(1,1) C; } }'
# A 200-byte loop of a million layers (was 45 s and 3.6 GB for --check,
# 5.3 GB for the report), and of 1,000,001.
printf 'Network n {\n  for i in 0..1000000 {\n    %s\n  }\n}\n' "$layer" > loop.mdf
printf 'Network n {\n  for i in 0..1000001 {\n    %s\n  }\n}\n' "$layer" > loop1.mdf
run loop-check 1 '^loop.mdf:3:5: error\[E0411\]: more than 10000 layers' -- --check loop.mdf
run loop-report 1 '^loop.mdf:3:5: error\[E0411\]: more than 10000 layers' -- loop.mdf
run loop-1000001 1 'error\[E0411\]' -- --check loop1.mdf
# The layer limit counts every network: 6000 + 6000 layers.
printf 'Network a {\n  for i in 0..6000 {\n    %s\n  }\n}\nNetwork b {\n  for i in 0..6000 {\n    %s\n  }\n}\n' "$layer" "$layer" > two.mdf
run layers-all-networks 1 '^two.mdf:8:5: error\[E0411\]: more than 10000 layers' -- --check two.mdf
# 10,000 layers written out (3.8 MB): within every limit, the full report.
bash "$SRC/bench/gen_layers.sh" 10000 > big.mdf
run big-report 0 '' -- --emit=csv big.mdf
n=$((n+1)); [ "$(wc -l < out)" = 10001 ] || { echo "FAIL big-report: $(wc -l < out) CSV lines"; fail=$((fail+1)); }
run big-json 0 '' -- --emit=json big.mdf
# A 10 MB file (was 1.8 GB): over the input-size limit.
bash "$SRC/bench/gen_layers.sh" 27000 > huge.mdf
run huge-file 2 "error\[E0802\]: 'huge.mdf' is larger than the limit of 4194304 bytes" -- --check huge.mdf
# ... and files under it whose imports together exceed it.
bash "$SRC/bench/gen_layers.sh" 6000 > part.mdf
sed 's/^Network big/Network big2/' part.mdf > part2.mdf
printf 'import "part.mdf";\nimport "part2.mdf";\n' > imports.mdf
run total-size 1 '^imports.mdf:2:8: error\[E0802\]: .*limit of 4194304 bytes in total' -- --check imports.mdf
# One dataflow with a million duplicate directives (was 30 s, 1.9 GB and
# 975 MB of stderr), from a loop and written out (4 MB).
printf 'Network n { Layer l { Type: CONV; Dimensions { K: 4, C: 4 } Dataflow {\n  for i in 0..900000 { TemporalMap(1,1) C; }\n} } }\n' > dups.mdf
run dup-directives-loop 1 '^dups.mdf:2:24: error\[E0411\]: more than 16 directives in one level' -- --check dups.mdf
$PY -c "print('Network n { Layer l { Type: CONV; Dimensions { K: 4, C: 4 } Dataflow {'); print('TemporalMap(1,1) C;\n' * 200000); print('} } }')" > dups2.mdf
run dup-directives-file 1 'error\[E0411\]: more than 16 directives in one level' -- --check dups2.mdf
# A million identical diagnostics fold into one line with a count.
$PY -c "print('Network n { Layer l { Type: CONV; Dimensions {' + ','.join(['K:1'] * 1000000) + ',C:1,R:1,S:1,Y:1,X:1} Dataflow { SpatialMap(1,1) K; } } }')" > dims.mdf
run repeated-diagnostics 0 'the same message 99999[0-9] more times, not shown' -- --check dims.mdf
# Names: 150,000 params, 80,000 dataflows, 80,000 accelerators (were 122 s,
# 16 s, 24 s: every definition compared with every earlier one).
$PY -c "print('\n'.join('param p%d = %d;' % (i, i) for i in range(150000)))" > params.mdf
run params 0 '' -- --check params.mdf
$PY -c "print('\n'.join('Dataflow d%d { SpatialMap(1,1) K; }' % i for i in range(80000)))" > dfs.mdf
run dataflows 0 '' -- --check dfs.mdf
$PY -c "print('\n'.join('Accelerator a%d { num_pes: 4; }' % i for i in range(80000)))" > accs.mdf
run accelerators 0 '' -- --check accs.mdf
# 20,000 -D options (were 60 s and 2.9 GB).
mapfile -t defs < <(for ((i = 0; i < 20000; i++)); do echo "-DX$i=$i"; done)
run defines 0 '' -- --check "${defs[@]}" "$SRC/examples/quickstart/conv.mdf"
# The parser's worst case, just under the size limit: a 4 MB sum.
$PY -c "print('param p = ' + '+'.join(['1'] * 2097000) + ';')" > sum.mdf
run long-expression 1 '^sum.mdf:1:11: error\[E0203\]' -- --check sum.mdf
# 16 nested Clusters (17 levels) passed --check and failed in the backends:
# one limit, checked by the front end.
{ printf 'Network n { Layer l { Type: CONV; Dimensions { K: 4, C: 4, R: 1, S: 1, Y: 4, X: 4 } Dataflow {\n'
  for ((i = 0; i < 16; i++)); do printf '  SpatialMap(1,1) K; Cluster(1, P);\n'; done
  printf '  SpatialMap(1,1) K; } } }\n'; } > deep.mdf
run cluster-depth 1 '^deep.mdf:17:22: error\[E0414\]: clusters nested more than 15 deep' -- --check deep.mdf
sed -i '17d' deep.mdf     # 15 Clusters, 16 levels: the limit itself
run cluster-depth-15 0 '' -- --emit=c deep.mdf

echo "$((n-fail)) passed, $fail failed"
[ "$fail" = 0 ]
