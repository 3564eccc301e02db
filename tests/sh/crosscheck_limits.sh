#!/usr/bin/env bash
# --crosscheck within bounds (issue 12, docs/reliability.md "Cross-check"):
# a compiler or a program that hangs is stopped at --crosscheck-timeout with
# its whole process group; SIGINT and SIGTERM end mdfc promptly with no
# temporary file or process left; files a compiler drops (-save-temps) go
# with the temporary folder; layers over the default MAC limit are skipped
# with a warning naming --crosscheck-max-macs.  Fake compilers record the
# pids of what they start, so the test can check each one is gone.
MDFC=$1 SRC=$2
fail=0 n=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$SRC/tests/golden/cgen/skipped_layer.mdf" "$work/net.mdf"
bad() { echo "FAIL $*"; fail=$((fail+1)); }

# A compiler that starts a grandchild and waits: both must be killed.
cat > "$work/hang_cc.sh" <<'SCRIPT'
#!/bin/sh
sleep 600 & echo $! >> "$PIDS"
echo $$ >> "$PIDS"
wait
SCRIPT
# A compiler whose "binary" hangs the same way.
cat > "$work/hang_run.sh" <<'SCRIPT'
#!/bin/sh
while [ $# -gt 0 ]; do
	if [ "$1" = -o ]; then out=$2; shift; fi
	shift
done
printf '#!/bin/sh\nsleep 600 & echo $! >> "%s"\necho $$ >> "%s"\nwait\n' "$PIDS" "$PIDS" > "$out"
chmod +x "$out"
SCRIPT
chmod +x "$work/hang_cc.sh" "$work/hang_run.sh"

# running PID: alive and not a zombie (killed orphans wait for init to reap
# them), after a moment for a SIGKILL to land
running() {
	local i st
	for ((i = 0; i < 20; i++)); do
		st=$(ps -o stat= -p "$1" 2>/dev/null)
		case $st in ''|Z*) return 1 ;; esac
		sleep 0.1
	done
	return 0
}

# check NAME: TMPDIR empty, every recorded process gone
check_clean() {
	n=$((n+1))
	[ -z "$(ls -A "$work/tmp")" ] || bad "$1: temporary files left: $(ls -A "$work/tmp")"
	n=$((n+1))
	local p
	for p in $(cat "$PIDS" 2>/dev/null); do
		if running "$p"; then bad "$1: process $p still runs"; kill -9 "$p" 2>/dev/null; fi
	done
	: > "$PIDS"
}
export PIDS=$work/pids
mkdir -p "$work/tmp"; : > "$PIDS"

# timeout NAME CC PATTERN: exit 1 with PATTERN within a few seconds
timeout_case() {
	n=$((n+1))
	local start=$SECONDS
	TMPDIR="$work/tmp" CC="$2" timeout 60 "$MDFC" --crosscheck --crosscheck-timeout 2 "$work/net.mdf" \
		> "$work/out" 2> "$work/err"
	local rc=$? took=$((SECONDS - start))
	[ $rc = 1 ] || bad "$1: exit $rc"
	grep -q -- "$3" "$work/err" || bad "$1: stderr: $(head -3 "$work/err")"
	[ $took -le 10 ] || bad "$1: took $took s"
	check_clean "$1"
}
timeout_case hanging-compiler "$work/hang_cc.sh" "error\[E0702\]: the C compiler '.*hang_cc.sh' ran longer than 2 s and was stopped"
timeout_case hanging-program "$work/hang_run.sh" "error\[E0703\]: the compiled loop nest ran longer than 2 s and was stopped"

# signal NAME SIG CC: mdfc killed by SIG while CC or the program hangs
signal_case() {
	n=$((n+1))
	printf 'PRECIOUS\n' > "$work/keep.txt"
	TMPDIR="$work/tmp" CC="$3" "$MDFC" --crosscheck "$work/net.mdf" -o "$work/keep.txt" \
		> "$work/out" 2> "$work/err" &
	local pid=$! i
	for ((i = 0; i < 100 && $(wc -l < "$PIDS") < 2; i++)); do sleep 0.1; done
	[ "$(wc -l < "$PIDS")" -ge 2 ] || bad "$1: the child never started"
	local start=$SECONDS
	kill -"$2" $pid
	wait $pid; local rc=$?
	[ $((SECONDS - start)) -le 5 ] || bad "$1: took $((SECONDS - start)) s after the signal"
	[ $rc -gt 128 ] || bad "$1: exit $rc, expected death by the signal"
	n=$((n+1)); [ "$(cat "$work/keep.txt")" = PRECIOUS ] || bad "$1: -o file changed"
	n=$((n+1)); [ -z "$(ls -A "$work" | grep '\.mdfc-.*\.tmp$')" ] || bad "$1: -o temporary left"
	check_clean "$1"
}
signal_case sigint-compiler INT "$work/hang_cc.sh"
signal_case sigterm-compiler TERM "$work/hang_cc.sh"
signal_case sigint-program INT "$work/hang_run.sh"

if command -v gcc >/dev/null 2>&1; then
	# -save-temps files (written to the compiler's folder) go with the rest
	n=$((n+1))
	(cd "$work" && TMPDIR="$work/tmp" CC="gcc -save-temps" "$MDFC" --crosscheck net.mdf > out 2> err) \
		|| bad "save-temps: $(head -3 "$work/err")"
	check_clean save-temps
	n=$((n+1))
	[ -z "$(ls "$work" | grep -E '\.(i|s|o)$')" ] || bad "save-temps: files in the working folder: $(ls "$work")"
	# the default MAC limit: a 302-million-MAC layer is skipped, with a warning naming the option
	cat > "$work/big.mdf" <<'EOF2'
Network n {
  Layer big { Type: CONV; Dimensions { K: 128, C: 64, R: 3, S: 3, Y: 66, X: 66 }
    Dataflow { SpatialMap(1,1) K; TemporalMap(64,64) C; TemporalMap(3,3) R; TemporalMap(3,3) S; TemporalMap(3,1) Y; TemporalMap(3,1) X; } }
  Layer small { Type: CONV; Dimensions { K: 2, C: 2, R: 1, S: 1, Y: 2, X: 2 }
    Dataflow { SpatialMap(1,1) K; TemporalMap(2,2) C; } }
}
EOF2
	n=$((n+1))
	TMPDIR="$work/tmp" CC=gcc "$MDFC" --crosscheck "$work/big.mdf" > "$work/out" 2> "$work/err"; rc=$?
	[ $rc = 0 ] || bad "default-max-macs: exit $rc: $(head -3 "$work/err")"
	grep -q "warning\[W0701\]: layer 'big' not cross-checked: more than 200000000 MACs (--crosscheck-max-macs)" "$work/err" \
		|| bad "default-max-macs: $(head -3 "$work/err")"
	grep -q '^1 layer checked, 0 failed, 1 skipped$' "$work/out" || bad "default-max-macs: $(tail -1 "$work/out")"
	check_clean default-max-macs
fi
echo "$((n-fail)) passed, $fail failed"
[ "$fail" = 0 ]
