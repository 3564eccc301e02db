#!/usr/bin/env bash
# libmdfc as an outside program sees it: `cmake --install` to a fresh prefix
# puts the shared (versioned soname) and static libraries, the public headers
# only, a pkg-config file and a CMake package there; examples/library/
# sweep_pes.c builds against them with pkg-config, with
# find_package(mdfc CONFIG) and statically, and every build prints, per PE
# count, the runtime and energy the installed mdfc CLI reports
# (--num-pes N --emit=json) for the same file.
#   bash library_install.sh MDFC_BINARY SOURCE_DIR
# With MDFC_INSTALLED=/usr (tests/ci/deb.sh, after dpkg -i): no install
# step, and no search path given to the compiler, pkg-config, CMake, the
# dynamic loader or Python: the system's own must find everything.
MDFC=$1 SRC=$(cd "$2" && pwd)
[ "${MDFC_SANITIZED:-0}" = 1 ] && { echo "SKIP: the sanitizer build is not an installable library"; exit 77; }
build=$(dirname "$MDFC")
command -v pkg-config >/dev/null || { echo "SKIP: pkg-config not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
check() { n=$((n+1)); if ! eval "$2"; then echo "FAIL: $1"; fail=$((fail+1)); fi; }
if [ -n "${MDFC_INSTALLED:-}" ]; then
	P=$MDFC_INSTALLED
	pc=$(find "$P/lib" -maxdepth 3 -name mdfc.pc | head -1)
	lib=$(dirname "$(dirname "$pc")")
	LDPATH= PCPATH= CMPREFIX= PYPATH=
else
	[ -f "$build/cmake_install.cmake" ] || { echo "SKIP: $build is not a build folder"; exit 77; }
	cmake --install "$build" --prefix "$tmp/prefix" > "$tmp/log" 2>&1 || { cat "$tmp/log"; echo "0 passed, 1 failed"; exit 1; }
	P=$tmp/prefix
	pc=$(find "$P" -name mdfc.pc | head -1)
	lib=$(dirname "$(dirname "$pc")")
	LDPATH=$lib PCPATH=$lib/pkgconfig CMPREFIX=$P PYPATH=$P/lib/python3/dist-packages
fi
lib=$(dirname "$(dirname "$pc")")
check "mdfc.pc installed" '[ -f "$pc" ]'
check "libmdfc.so.0 (soname) installed" '[ -f "$lib/libmdfc.so.0" ] && objdump -p "$lib/libmdfc.so.0" | grep -q "SONAME *libmdfc.so.0$"'
check "libmdfc.a installed" '[ -f "$lib/libmdfc.a" ]'
check "CMake package installed" '[ -f "$lib/cmake/mdfc/mdfcConfig.cmake" ]'
check "public headers installed" '[ -f "$P/include/mdfc/mdfc.h" ] && [ -f "$P/include/mdfc/cost.h" ] && [ -f "$P/include/mdfc/session.h" ]'
check "internal headers not installed" '[ ! -e "$P/include/mdfc/ast.h" ] && [ ! -e "$P/include/mdfc/passes.h" ] && [ ! -e "$P/include/mdfc/checked.h" ]'

# what the CLI says, per PE count: "P runtime energy"
pes="16 64 256"
input=$SRC/examples/quickstart/conv.mdf
for p in $pes; do
	"$P/bin/mdfc" --num-pes "$p" --emit=json "$input" 2>/dev/null | sed 's/.*"layers":\[//' > "$tmp/j"
	printf '%s %s %s\n' "$p" "$(grep -o '"runtime_cycles":[0-9]*' "$tmp/j" | head -1 | cut -d: -f2)" \
		"$(grep -o '"energy_nj":[^,]*' "$tmp/j" | head -1 | cut -d: -f2)"
done > "$tmp/cli"
check "the CLI gave figures" '[ "$(wc -l < "$tmp/cli")" = 3 ] && ! grep -q " $" "$tmp/cli"'

run_consumer() {   # NAME BINARY
	local name=$1
	if ! LD_LIBRARY_PATH=$LDPATH "$2" "$input" $pes > "$tmp/$name.out" 2> "$tmp/$name.err"; then
		echo "FAIL: $name consumer exited $?"; cat "$tmp/$name.err"; fail=$((fail+1)); n=$((n+1)); return
	fi
	check "$name consumer's figures equal the CLI's" 'tail -n +2 "$tmp/$name.out" | diff "$tmp/cli" - '
}

CFLAGS_CONSUMER="-std=c11 -Wall -Wextra -Wpedantic -Werror"
export PKG_CONFIG_PATH=$PCPATH
if cc $CFLAGS_CONSUMER "$SRC/examples/library/sweep_pes.c" $(pkg-config --cflags --libs mdfc) -o "$tmp/pc" 2> "$tmp/pc.err"; then
	check "pkg-config consumer links libmdfc.so.0" 'objdump -p "$tmp/pc" | grep -q "NEEDED *libmdfc.so.0"'
	run_consumer pkg-config "$tmp/pc"
else
	echo "FAIL: build with pkg-config"; cat "$tmp/pc.err"; fail=$((fail+1)); n=$((n+1))
fi
if cc $CFLAGS_CONSUMER "$SRC/examples/library/sweep_pes.c" $(pkg-config --cflags mdfc) "$lib/libmdfc.a" \
	$(pkg-config --libs-only-other --static mdfc) -lm -o "$tmp/st" 2> "$tmp/st.err"; then
	check "static consumer needs no libmdfc.so" '! objdump -p "$tmp/st" | grep -q "NEEDED *libmdfc"'
	run_consumer static "$tmp/st"
else
	echo "FAIL: static build"; cat "$tmp/st.err"; fail=$((fail+1)); n=$((n+1))
fi
if cmake -S "$SRC/examples/library" -B "$tmp/cm" -DCMAKE_PREFIX_PATH="$CMPREFIX" -DCMAKE_C_FLAGS="$CFLAGS_CONSUMER" \
	> "$tmp/cm.log" 2>&1 && cmake --build "$tmp/cm" >> "$tmp/cm.log" 2>&1; then
	run_consumer find_package "$tmp/cm/sweep_pes"
else
	echo "FAIL: build with find_package(mdfc)"; tail -20 "$tmp/cm.log"; fail=$((fail+1)); n=$((n+1))
fi
# the Python module under the prefix's site folder finds the installed
# library and stdlib by itself
if [ -x /usr/bin/python3 ]; then
	out=$(cd "$tmp" && env -u MDFC_LIBRARY -u MDFC_STDLIB -u MDF_PATH PYTHONPATH="$PYPATH" \
		PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -c '
import mdfc, sys
r = mdfc.compile_file(sys.argv[1])
print(mdfc.__file__, mdfc._lib._name, r.status, len(r.layers()))' "$SRC/examples/quickstart/stdlib.mdf" 2>&1)
	check "installed Python module uses the installed library and stdlib ($out)" \
		'[ "$out" = "$P/lib/python3/dist-packages/mdfc/__init__.py $lib/libmdfc.so.0 0 2" ]'
fi
echo "$((n-fail)) passed, $fail failed"
[ "$fail" = 0 ]
