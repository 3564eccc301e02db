#!/usr/bin/env bash
# afl.sh: AFL++ campaigns over the mdfc binary, then every queue entry
# replayed under ASan+UBSan (docs/reliability.md, "Fuzzing").  Opt-in: it
# takes MINUTES per campaign (default 20) on as many cores as campaigns.
#
#   bash tests/fuzz/afl.sh [MINUTES] [WORKDIR]
#
# Needs Debian's afl++ (afl-clang-fast) and clang.  Builds build-afl/ (the
# instrumented Release binary) and build-asan/ (Debug, -DMDFC_SANITIZE=ON),
# seeds from every .mdf under 4 KB in tests/, examples/ and stdlib/, a
# dictionary of the language's keywords, and runs two campaigns at once:
# `mdfc --check @@` and `mdfc --emit=csv @@`.  Prints a table row per
# campaign (executions, exec/s, corpus, map coverage, crashes, hangs) and
# the replay's findings; exits 1 if anything was found.
set -u
min=${1:-20}
here=$(cd "$(dirname "$0")/../.." && pwd)
work=${2:-$(mktemp -d /tmp/mdfc-afl-XXXXXX)}
command -v afl-fuzz >/dev/null && command -v afl-clang-fast >/dev/null ||
	{ echo "afl.sh: afl++ is not installed (apt-get install afl++)" >&2; exit 2; }
cd "$here" || exit 2
CC=afl-clang-fast cmake -S . -B build-afl -DCMAKE_BUILD_TYPE=Release -DMDFC_TESTS=OFF >/dev/null &&
	cmake --build build-afl -j2 --target mdfc >/dev/null || { echo "afl.sh: build-afl failed" >&2; exit 2; }
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DMDFC_SANITIZE=ON >/dev/null &&
	cmake --build build-asan -j2 --target mdfc >/dev/null || { echo "afl.sh: build-asan failed" >&2; exit 2; }

mkdir -p "$work/seeds"
find tests examples stdlib -name '*.mdf' -size -4k | sort | while read -r f; do
	cp "$f" "$work/seeds/$(echo "$f" | tr / _)"
done
# the dictionary: every keyword of the lexer's table
sed -n 's/^"\([A-Za-z]*\)"[[:space:]]*{ return TOK_.*/\1/p' grammar/mdf.l |
	sort -u | awk '{ printf "kw%d=\"%s\"\n", NR, $1 }' > "$work/dict"
export MDFC_STDLIB="$here/stdlib" AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
dictarg=()
[ -s "$work/dict" ] && dictarg=(-x "$work/dict")
run() {   # NAME MODE...
	local name=$1; shift
	nice timeout $((min * 60 + 60)) afl-fuzz -i "$work/seeds" -o "$work/$name" "${dictarg[@]}" \
		-t 3000 -V $((min * 60)) -- "$here/build-afl/mdfc" "$@" @@ >"$work/$name.log" 2>&1
}
# REPLAY_ONLY=1 (with the WORKDIR of an earlier run) replays its queues only
[ -n "${REPLAY_ONLY:-}" ] || { run check --check & run csv --emit=csv & wait; }

fail=0
printf '| campaign | minutes | executions | exec/s | corpus | map coverage | crashes | hangs |\n|---|---|---|---|---|---|---|---|\n'
for name in check csv; do
	s=$work/$name/default/fuzzer_stats
	[ -f "$s" ] || { echo "afl.sh: $name produced no statistics (see $work/$name.log)"; fail=1; continue; }
	get() { sed -n "s/^$1 *: *//p" "$s"; }
	printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$min" "$(get execs_done)" \
		"$(get execs_per_sec)" "$(get corpus_count)" "$(get bitmap_cvg)" "$(get saved_crashes)" "$(get saved_hangs)"
	[ "$(get saved_crashes)" = 0 ] && [ "$(get saved_hangs)" = 0 ] || fail=1
done
# every queue entry (and crash) of a campaign again under ASan+UBSan, in
# that campaign's mode
n=0 bad=0
for name in check csv; do
	mode=--check
	[ $name = csv ] && mode=--emit=csv
	for f in "$work/$name"/default/queue/id* "$work/$name"/default/crashes/id*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 timeout 20 "$here/build-asan/mdfc" $mode "$f" \
			>/dev/null 2>"$work/replay.err"
		rc=$?
		if [ $rc -gt 3 ] || grep -q "runtime error\|AddressSanitizer\|LeakSanitizer" "$work/replay.err"; then
			bad=$((bad + 1)); echo "replay: $mode $f: exit $rc"; head -3 "$work/replay.err"
		fi
	done
done
echo "replay under ASan+UBSan: $n inputs, $bad findings (work folder: $work)"
[ $fail = 0 ] && [ $bad = 0 ]
