# common.sh: what the ONNX import tests (tests/sh/onnx_*.sh) share; sourced
# with $mdfc and $src set.  Skips (exit 77) unless mdfc has the importer and
# /usr/bin/python3 imports every module named in $need_python.
if [ -z "$mdfc" ] || [ ! -x "$mdfc" ]; then
	echo "skip: mdfc binary '$mdfc' not found"
	exit 77
fi
mdfc=$(cd "$(dirname "$mdfc")" && pwd)/$(basename "$mdfc")
src=$(cd "$src" && pwd)
if "$mdfc" --import=onnx /dev/null 2>&1 | grep -q "built without the ONNX importer"; then
	echo "skip: this mdfc was built without the ONNX importer (protobuf-c, onnx.proto absent)"
	exit 77
fi
for module in $need_python; do
	if ! /usr/bin/python3 -c "import $module" 2>/dev/null; then
		echo "skip: /usr/bin/python3 cannot import $module (Debian python3-$module)"
		exit 77
	fi
done
export MDFC_STDLIB="$src/stdlib"
unset MDF_PATH
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sum_macs() {    # the Num MACs column of a CSV on stdin, summed exactly
	awk -F, '
		NR == 1 { for (i = 1; i <= NF; i++) { h = $i; gsub(/^ +| +$/, "", h); if (h == "Num MACs") c = i }; next }
		c { v = $c; gsub(/ /, "", v); s += v }
		END { if (!c) { print "no-column"; exit }; printf "%.0f\n", s }'
}
