#!/bin/sh
# same_output.sh: show that a change left mdfc's output alone.  Runs two mdfc
# binaries on every stdlib, example and MAESTRO reference file with
# --emit=csv, json, ir, c, loops and ast (each in default mode and with
# --compat=maestro, and for the reference mappings under two hardware files'
# worth of settings), with --check (text and JSON diagnostics), and
# --import=onnx on the ONNX import tests' models (when python3-onnx can make
# them), and compares their standard output, standard error and exit status
# byte for byte.
#
#   sh scripts/same_output.sh BEFORE_MDFC AFTER_MDFC [REFERENCE_DIR]
#
# BEFORE_MDFC is typically a build of main (git worktree add /tmp/base main;
# cmake ... in it), AFTER_MDFC the build under test.  REFERENCE_DIR defaults
# to ../shared/reference beside the repository; without it only the files in
# the repository are compared (and the script says so).
# Prints one line per differing run and a summary; exits 0 when every run is
# byte-identical, 1 otherwise, 2 on usage errors.
set -u
[ $# -ge 2 ] || { echo "usage: $0 BEFORE_MDFC AFTER_MDFC [REFERENCE_DIR]" >&2; exit 2; }
before=$1
after=$2
here=$(cd "$(dirname "$0")/.." && pwd)
ref=${3:-$here/../shared/reference}
for b in "$before" "$after"; do
	[ -x "$b" ] || { echo "$0: no executable at $b" >&2; exit 2; }
done
# Both find the stdlib of this checkout (not each its own build's), so that
# file names in messages agree.
MDF_PATH=$here/stdlib
export MDF_PATH
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

files=$(find "$here/stdlib" "$here/examples" -name '*.mdf' | sort)
maps=
if [ -d "$ref/maestro" ]; then
	maps=$(find "$ref/maestro/mapping" "$ref/maestro/validation" "$ref/maestro/logs" -name '*.m' | sort)
else
	echo "note: $ref/maestro not found: reference files not compared"
fi
hw=$ref/maestro/hw/accelerator_1.m

runs=0
diffs=0
one() {         # one BIN-independent run: args...
	runs=$((runs + 1))
	"$before" "$@" >"$tmp/b.out" 2>"$tmp/b.err"
	echo "exit $?" >>"$tmp/b.err"
	"$after" "$@" >"$tmp/a.out" 2>"$tmp/a.err"
	echo "exit $?" >>"$tmp/a.err"
	if ! cmp -s "$tmp/b.out" "$tmp/a.out" || ! cmp -s "$tmp/b.err" "$tmp/a.err"; then
		diffs=$((diffs + 1))
		echo "DIFFERS: mdfc $*"
	fi
}
for kind in csv json ir c loops ast; do
	for f in $files; do
		one "$f" --emit=$kind
		one "$f" --emit=$kind --compat=maestro
	done
	for f in $maps; do
		one "$f" --hw "$hw" --emit=$kind
		one "$f" --hw "$hw" --emit=$kind --compat=maestro
		one "$f" --num-pes 64 --noc-bw 8 --simd-lanes 2 --l1-size 64 --emit=$kind
		one "$f" --num-pes 64 --noc-bw 8 --simd-lanes 2 --l1-size 64 --emit=$kind --compat=maestro
	done
done
for f in $files $maps; do
	one "$f" --check
	one "$f" --check --diagnostics-format=json
done
# the ONNX importer on the import tests' models, when python3-onnx can make them
mkdir "$tmp/onnx"
if /usr/bin/python3 -c "import onnx" 2>/dev/null &&
	/usr/bin/python3 "$here/tests/onnx/make_models.py" "$tmp/onnx" >/dev/null 2>&1; then
	for m in "$tmp"/onnx/*.onnx; do
		one --import=onnx "$m"
		one --import=onnx "$m" --accelerator cloud
	done
else
	echo "note: /usr/bin/python3 cannot make the ONNX test models: the importer not compared"
fi
echo "$runs runs, $diffs differ"
[ "$diffs" -eq 0 ]
