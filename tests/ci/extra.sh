#!/usr/bin/env bash
# CI checks beyond ctest, run by .ci/run after `make test` and
# `make test-sanitize` (so build/ is -O2 and build-asan/ is -O0):
#  1. determinism across optimization levels: both binaries, same outputs;
#  2. valgrind memcheck over a sample of inputs: no error, no leak;
#  3. each libFuzzer target for a bounded time (FUZZ_SECONDS, default 60),
#     seeded from tests/, examples/ and stdlib/.
set -uo pipefail
cd "$(dirname "$0")/../.."
REF=../shared/reference
fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

inputs=(examples/*/*.mdf stdlib/networks/*.mdf)
[ -d $REF/maestro/mapping ] && inputs+=($REF/maestro/mapping/*.m)

echo "-- determinism across -O2 (build/) and -O0+sanitizers (build-asan/)"
n=0
for f in "${inputs[@]}"; do
	[ -f "$f" ] || continue
	for emit in csv json ir; do
		n=$((n+1))
		./build/mdfc --emit=$emit "$f" > "$tmp/o2" 2>&1; a=$?
		ASAN_OPTIONS=detect_leaks=0 ./build-asan/mdfc --emit=$emit "$f" > "$tmp/o0" 2>&1; b=$?
		if [ $a != $b ] || ! cmp -s "$tmp/o2" "$tmp/o0"; then
			echo "FAIL: $f --emit=$emit differs between optimization levels"; fail=$((fail+1))
		fi
	done
done
echo "   $n comparisons"

echo "-- valgrind memcheck on a sample"
# memcheck must see malloc: it cannot replace it in the statically linked
# mdfc of a normal build (static glibc also trips it in __tls_init_tp), so
# the sample runs a dynamically linked build of its own
if command -v valgrind >/dev/null &&
	cmake -S . -B build-valgrind -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMDFC_STATIC_EXE=OFF -DMDFC_TESTS=OFF >/dev/null &&
	cmake --build build-valgrind -j2 --target mdfc >/dev/null; then
	sample=(examples/*/*.mdf)
	[ -d $REF/maestro/mapping ] && sample+=($REF/maestro/mapping/Resnet50_kcp_ws.m $REF/maestro/mapping/vgg16_rs.m)
	for f in "${sample[@]}"; do
		[ -f "$f" ] || continue
		for mode in "--check" "--emit=json" "--emit=c" "--emit=ir"; do
			valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
				./build-valgrind/mdfc $mode "$f" > /dev/null 2> "$tmp/vg"
			if [ $? = 99 ]; then
				echo "FAIL: valgrind: mdfc $mode $f"; cat "$tmp/vg" | head -20; fail=$((fail+1))
			fi
		done
	done
else
	echo "   valgrind not installed (or build-valgrind failed): skipped"
fi

echo "-- fuzzing (bounded)"
if command -v clang >/dev/null && [ -f tests/fuzz/CMakeLists.txt ]; then
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMDFC_FUZZ=ON -DMDFC_TESTS=OFF > /dev/null \
	  && cmake --build build-fuzz -j "$(nproc)" > "$tmp/fb" 2>&1 || { cat "$tmp/fb" | tail -20; echo "FAIL: fuzz build"; fail=$((fail+1)); }
	for t in build-fuzz/tests/fuzz/fuzz_*; do
		[ -x "$t" ] || continue
		corpus="$tmp/corpus-$(basename "$t")"; mkdir -p "$corpus"
		find tests examples stdlib -name '*.mdf' -exec cp {} "$corpus"/ \; 2>/dev/null
		if [ "$(basename "$t")" = fuzz_onnx ]; then    # seeds: the import tests' models
			rm -f "$corpus"/*.mdf
			/usr/bin/python3 tests/onnx/make_models.py "$corpus" > /dev/null 2>&1 || true
			rm -f "$corpus"/*.macs
		fi
		echo "   $(basename "$t"): ${FUZZ_SECONDS:-60} s"
		if ! "$t" -max_total_time="${FUZZ_SECONDS:-60}" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
			-print_final_stats=1 -artifact_prefix="$tmp/" "$corpus" > "$tmp/fz" 2>&1; then
			echo "FAIL: $(basename "$t") found a crash:"; tail -40 "$tmp/fz"; fail=$((fail+1))
		else
			grep -E 'stat::number_of_executed_units|cov:' "$tmp/fz" | tail -2 | sed 's/^/   /'
		fi
	done
else
	echo "   clang not installed: skipped"
fi

echo "extra checks: $fail failed"
[ "$fail" = 0 ]
