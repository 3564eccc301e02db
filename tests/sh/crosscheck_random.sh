#!/usr/bin/env bash
# Random small CONV mappings (1 or 2 levels, strides 1-3, tails, sliding
# spatial maps) through --crosscheck.  Every mapping validation accepts must
# execute each MAC exactly once (no E0704) and agree with the cost model on
# MACs and iterations (no E0705).  Opt-in, it takes a while:
#   MDFC_RANDOM_CROSSCHECK=200 ctest -R sh.crosscheck_random
# (the count; MDFC_RANDOM_SEED picks the sequence, default 1).  Failing
# inputs are kept in $MDFC_RANDOM_KEEP (default: a folder under /tmp).
MDFC=$1
N=${MDFC_RANDOM_CROSSCHECK:-0}
if [ "$N" -le 0 ] 2>/dev/null || ! command -v "${CC:-cc}" >/dev/null 2>&1; then
	echo "SKIP: set MDFC_RANDOM_CROSSCHECK=N to run N random mappings (needs a C compiler)"
	exit 77
fi
RANDOM=${MDFC_RANDOM_SEED:-1}
keep=${MDFC_RANDOM_KEEP:-$(mktemp -d /tmp/mdfc-random-XXXXXX)}
mkdir -p "$keep"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
r() { echo $(( $1 + RANDOM % ($2 - $1 + 1) )); }     # integer in [$1, $2]
pick() { local a=("$@"); echo "${a[RANDOM % ${#a[@]}]}"; }

declare -A count
for ((t = 0; t < N; t++)); do
	R=$(r 1 3) S=$(r 1 3) sy=$(pick 1 1 2 3) sx=$(pick 1 1 2 3)
	Y=$((R + $(r 0 7))) X=$((S + $(r 0 7))) K=$(r 1 6) C=$(r 1 6)
	sp=$(pick K C Y X)
	dirs=()
	for d in K C R S Y X; do
		case $d in
		R) dirs+=("TemporalMap($R,$R) R;") ;;
		S) dirs+=("TemporalMap($S,$S) S;") ;;
		Y|X)
			w=$R; [ $d = X ] && w=$S
			if [ $d = "$sp" ]; then m=$((w + $(r 0 2))); dirs+=("SpatialMap($m,$((m - w + 1))) $d;")
			else m=$((w + $(r 0 3))); dirs+=("TemporalMap($m,$(pick 1 $((m - w + 1)))) $d;"); fi ;;
		*)
			e=$K; [ $d = C ] && e=$C
			if [ $d = "$sp" ]; then m=$(r 1 $(( e / 2 > 0 ? e / 2 : 1 ))); dirs+=("SpatialMap($m,$m) $d;")
			else m=$(r 1 "$e"); dirs+=("TemporalMap($m,$m) $d;"); fi ;;
		esac
	done
	# shuffle
	for ((i = ${#dirs[@]} - 1; i > 0; i--)); do
		j=$((RANDOM % (i + 1))); tmp=${dirs[i]}; dirs[i]=${dirs[j]}; dirs[j]=$tmp
	done
	lower=""
	if [ $((RANDOM % 2)) = 0 ]; then
		sp1=K; [ "$sp" = K ] && sp1=C
		lower="Cluster($(r 2 4), P); SpatialMap(1,1) $sp1;"
		[ $((RANDOM % 2)) = 0 ] && lower="$lower TemporalMap($R,1) Y;"
	fi
	f="$work/r$t.mdf"
	cat >"$f" <<SRC
Network random {
	Layer r$t {
		Type: CONV
		Stride { X: $sx, Y: $sy }
		Dimensions { K: $K, C: $C, R: $R, S: $S, Y: $Y, X: $X }
		Dataflow { ${dirs[*]} $lower }
	}
}
SRC
	"$MDFC" --num-pes 8 --crosscheck "$f" >"$work/out" 2>"$work/err"
	codes=$(grep -o 'error\[E0[0-9]*\]' "$work/err" | sort -u | tr -d '[]' | sed 's/error//' | tr '\n' ' ')
	case "$codes" in
	"") count[ok]=$((${count[ok]:-0} + 1)) ;;
	*E070[45]*)
		count[bad]=$((${count[bad]:-0} + 1))
		cp "$f" "$keep/"
		echo "FAIL: $keep/r$t.mdf: $codes"
		grep -E 'error\[E070|dimension|first MAC' "$work/err" | head -4 ;;
	*) count[rejected]=$((${count[rejected]:-0} + 1)) ;;
	esac
done
echo "$N mappings: ${count[ok]:-0} agree, ${count[rejected]:-0} rejected by validation, ${count[bad]:-0} failed the cross-check"
[ "${count[bad]:-0}" = 0 ]
