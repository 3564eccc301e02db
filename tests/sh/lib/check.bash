# Sourced by the shell tests that count named checks and read their output
# with Python: PY is Debian's python3 (the test reports skipped, 77, without
# it), tmp a folder removed at exit, `check NAME CONDITION` evaluates the
# condition and reports NAME when it fails, `checks_done` prints the tally
# and returns the test's status.
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "SKIP: $PY is absent"; exit 77; }
fail=0 n=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { n=$((n+1)); if ! eval "$2"; then echo "FAIL: $1"; fail=$((fail+1)); fi; }
checks_done() { echo "$((n-fail)) passed, $fail failed"; [ "$fail" = 0 ]; }
