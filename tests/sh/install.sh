#!/usr/bin/env bash
# `cmake --install` puts mdfc, its man page and the stdlib under the prefix,
# and the installed mdfc finds that stdlib without flags: a diagnostic from
# inside a stdlib file names the installed copy, not the source tree.
MDFC=$1 SRC=$2
build=$(dirname "$MDFC")
[ -f "$build/cmake_install.cmake" ] || { echo "SKIP: $build is not a build folder"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
cmake --install "$build" --prefix "$tmp/prefix" > "$tmp/log" 2>&1 || { cat "$tmp/log"; echo "0 passed, 1 failed"; exit 1; }
for f in bin/mdfc share/man/man1/mdfc.1 share/mdfc/stdlib/dataflows/kcp_ws.mdf share/mdfc/stdlib/networks/resnet50.mdf; do
	n=$((n+1)); [ -e "$tmp/prefix/$f" ] || { echo "FAIL: $f not installed"; fail=$((fail+1)); }
done
cp "$SRC/examples/quickstart/stdlib.mdf" "$tmp/net.mdf"
n=$((n+1))
out=$(cd "$tmp" && env -u MDFC_STDLIB -u MDF_PATH "$tmp/prefix/bin/mdfc" net.mdf 2>&1); rc=$?
if [ $rc != 0 ] || ! grep -q "^$tmp/prefix/bin/../share/mdfc/stdlib/dataflows/" <<<"$out" || ! grep -q '^total' <<<"$out"; then
	echo "FAIL: the installed mdfc did not use its own stdlib (exit $rc):"; echo "$out" | head -5; fail=$((fail+1))
fi
echo "$((n-fail)) passed, $fail failed"
[ "$fail" = 0 ]
