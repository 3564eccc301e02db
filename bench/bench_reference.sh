#!/usr/bin/env bash
# bench_reference.sh: instructions executed by mdfc (callgrind) against
# MAESTRO built -O2 on the same input, for the four reference networks
# (mapping file + accelerator_1.m, `--emit=csv`, as MAESTRO writes its CSV),
# and of `mdfc --check` on generated 5000- and 300-layer files.
#
#   bench/bench_reference.sh [MDFC_BINARY] [REFERENCE_DIR]
#
# Build mdfc with -DCMAKE_BUILD_TYPE=RelWithDebInfo first.  MAESTRO's counts
# were measured once (the issue that set the goal, docs/internals.md): its
# binary is not part of this project.  Goals: at least 25x fewer
# instructions than MAESTRO on every network; --check at most 250 M
# instructions on 5000 layers and 10 M on 300.  Prints one line per input
# and exits 1 when a goal is missed, 77 when valgrind or the reference
# folder is missing.
#
# Last measured (docs/internals.md section 6, docs/cost-model.md section 7):
#   Resnet50_kcp_ws 4,666,644 (69.0x)    Transformer_Complete 16,886,249 (43.4x)
#   MobileNetV2_kcp_ws 4,937,022 (53.5x) vgg16_xp_ws 946,011 (32.7x)
#   --check 5000 layers 159,295,965 (met), 300 layers 9,576,639 (met)
set -u
here=$(cd "$(dirname "$0")" && pwd)
mdfc=${1:-$here/../build/mdfc}
ref=${2:-$here/../../shared/reference}
hw=$ref/maestro/hw/accelerator_1.m

command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed"; exit 77; }
[ -f "$hw" ] || { echo "SKIP: $ref/maestro not found"; exit 77; }
[ -x "$mdfc" ] || { echo "no mdfc binary at $mdfc"; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
count() {       # instructions of: mdfc ARGS...
	valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$mdfc" "$@" >"$tmp/out" 2>"$tmp/vg.txt"
	local rc=$?
	[ $rc -le 1 ] || { echo "mdfc $* failed (exit $rc)" >&2; cat "$tmp/vg.txt" >&2; exit 1; }
	sed -n 's/^==[0-9]*== Collected : \([0-9]*\).*/\1/p' "$tmp/vg.txt"
}
printf '%-22s %12s %13s %7s  %s\n' input mdfc MAESTRO-O2 ratio goal
while read -r name maestro; do
	ir=$(count "$ref/maestro/mapping/$name.m" --hw "$hw" --emit=csv)
	ok=$(awk -v a="$ir" -v b="$maestro" 'BEGIN { print (b / a >= 25) ? "met" : "NOT met" }')
	[ "$ok" = met ] || fail=1
	awk -v n="$name" -v a="$ir" -v b="$maestro" -v ok="$ok" \
		'BEGIN { printf "%-22s %12d %13d %6.1fx  >= 25x %s\n", n, a, b, b / a, ok }'
done <<'LIST'
Resnet50_kcp_ws 321860094
Transformer_Complete 732743972
MobileNetV2_kcp_ws 264100000
vgg16_xp_ws 30900000
LIST
for n in 5000:250000000 300:10000000; do
	layers=${n%%:*} limit=${n##*:}
	bash "$here/gen_layers.sh" "$layers" >"$tmp/l$layers.mdf"
	ir=$(count --check "$tmp/l$layers.mdf")
	ok=$([ "$ir" -le "$limit" ] && echo met || echo "NOT met")
	[ "$ok" = met ] || fail=1
	printf '%-22s %12d %13s %7s  <= %d %s\n' "--check $layers layers" "$ir" - - "$limit" "$ok"
done
exit $fail
