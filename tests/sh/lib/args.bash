# Sourced by the shell tests that take `MDFC_BINARY SOURCE_DIR [REFERENCE_DIR]`
# (tests/CMakeLists.txt passes them): sets mdfc and src, and reports the
# test skipped (77), never passed, when the binary is missing.
mdfc=${1:-}
src=${2:-}
if [ -z "$mdfc" ] || [ ! -x "$mdfc" ]; then
	echo "skip: mdfc binary '$mdfc' not found"
	exit 77
fi
