#!/bin/bash
# loops.sh: `mdfc --emit=loops` (docs/loop-nest.md §7) on every stdlib
# dataflow: the readable nests compile with -std=c11 -Wall -Wextra -Werror
# (gcc, and clang when installed), have no line of 100 characters or more,
# and compute, layer by layer, the output of the --emit=c checking program
# (which checks its own output against a plain reference nest): the same
# "output_checksum".
#
# Reduced stdlib networks (as stdlib_crosscheck.sh): alexnet under the 8
# numbered conv dataflows (kcp_ws, rs, yxp_os, xp_ws, cp_nlr, maeri_vn,
# tpu_ws, tpu_os), bert_base_encoder under gemm_tiled, tpu_ws_gemm and
# tpu_os_gemm, mobilenetv2 (depthwise), resnet50 under yxp_os (1x1 stride-2
# layers: compressed rows).
#
#   bash loops.sh MDFC_BINARY SOURCE_DIR
# Exit 77 (skipped) when the binary or a C compiler is missing.
set -u
. "$(dirname "$0")/lib/args.bash"
cc=${CC:-cc}
command -v "$cc" >/dev/null || { echo "skip: no C compiler ($cc)"; exit 77; }
compilers=$cc
command -v clang >/dev/null && [ "$cc" != clang ] && compilers="$compilers clang"
export MDFC_STDLIB="$src/stdlib"
unset MDF_PATH
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

small_args() {
	case $1 in
	bert_base_encoder) echo "-D BERT_SEQ=16 -D BERT_LAYERS=1 -D BERT_HEADS=2 -D CH_DIV=8" ;;
	*) echo "-D SCALE_DIV=8 -D CH_DIV=8" ;;
	esac
}

layers=0
for item in alexnet:1,2,3,4,5,6,7,8 bert_base_encoder:1,7,8 mobilenetv2:1 resnet50:3; do
	net=${item%%:*}
	for id in $(echo "${item#*:}" | tr , ' '); do
		what="$net DATAFLOW=$id"
		# shellcheck disable=SC2046
		set -- -D DATAFLOW="$id" -D GEMM_DATAFLOW="$id" $(small_args "$net") "$src/stdlib/networks/$net.mdf"
		if ! "$mdfc" --emit=loops "$@" >"$tmp/loops.c" 2>"$tmp/err" ||
		   ! "$mdfc" --emit=c "$@" >"$tmp/check.c" 2>>"$tmp/err"; then
			echo "FAIL: $what: mdfc failed"; sed 's/^/    /' "$tmp/err" | head -5; fail=1; continue
		fi
		long=$(awk 'length($0) >= 100 { n++ } END { print n + 0 }' "$tmp/loops.c")
		if [ "$long" != 0 ]; then
			echo "FAIL: $what: $long lines of 100 characters or more"
			awk 'length($0) >= 100 { print "    " FNR ": " $0; if (++n == 3) exit }' "$tmp/loops.c"
			fail=1
		fi
		for c in $compilers; do
			if ! "$c" -std=c11 -O1 -Wall -Wextra -Werror -o "$tmp/loops" "$tmp/loops.c" 2>"$tmp/err"; then
				echo "FAIL: $what: $c -Wall -Wextra -Werror rejects the nests"
				sed 's/^/    /' "$tmp/err" | head -8; fail=1; continue 2
			fi
		done
		if ! "$cc" -std=c11 -O1 -o "$tmp/check" "$tmp/check.c" 2>"$tmp/err"; then
			echo "FAIL: $what: the checking program does not compile"; fail=1; continue
		fi
		"$tmp/loops" >"$tmp/loops.out" || { echo "FAIL: $what: the nests' program failed"; fail=1; continue; }
		"$tmp/check" >"$tmp/check.json" || { echo "FAIL: $what: the checking program failed"; fail=1; continue; }
		grep '"output_checksum"' "$tmp/check.json" |
			sed -E 's/.*"net":([0-9]+),.*"index":([0-9]+),.*"output_checksum":([0-9]+).*/\1 \2 \3/' \
			>"$tmp/check.out"
		n=$(wc -l <"$tmp/check.out")
		if [ "$n" -lt 1 ] || ! cmp -s "$tmp/loops.out" "$tmp/check.out"; then
			echo "FAIL: $what: outputs differ (net layer checksum: nests < > checking program)"
			diff "$tmp/loops.out" "$tmp/check.out" | head -6 | sed 's/^/    /'; fail=1; continue
		fi
		layers=$((layers + n))
		echo "ok: $what ($n layers)"
	done
done
# names from the input reach the C only sanitized: a comment closer, quotes,
# a backslash, a trigraph and a preprocessor line in names (the language's
# strings have no escapes)
printf '%s\n' 'Network "n */ #include <x> \\" { Layer "l */ ??/ end" { Type: CONV' \
	'Dimensions { K: 4, C: 2, R: 3, S: 3, Y: 6, X: 6 }' \
	'Dataflow { SpatialMap(1,1) K; TemporalMap(3,1) Y; TemporalMap(3,1) X; } } }' >"$tmp/names.mdf"
if ! "$mdfc" --emit=loops --num-pes 4 "$tmp/names.mdf" >"$tmp/names.c" 2>"$tmp/err" ||
   ! "$cc" -std=c11 -Wall -Wextra -Werror -o "$tmp/names" "$tmp/names.c" 2>>"$tmp/err" ||
   ! "$tmp/names" >/dev/null; then
	echo "FAIL: hostile names: the nests do not compile or run"; sed 's/^/    /' "$tmp/err" | head -8; fail=1
elif grep -q 'include <x>' "$tmp/names.c"; then
	echo "FAIL: hostile names: a name reached the C unsanitized"; fail=1
else
	echo "ok: hostile names sanitized"
fi
echo "$layers layers: same output as the checking program"
exit $fail
