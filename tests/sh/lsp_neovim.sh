#!/usr/bin/env bash
# Neovim's built-in LSP client (headless, tests/lsp/neovim.lua) against
# mdfc --lsp: diagnostics of a broken file at the right ranges (and of the
# file it imports), an edit and the updated set, hover on a layer,
# definition of an import, formatting.  Skips (77) where nvim is absent
# (Debian package neovim; .ci/run installs it).
MDFC=$1 SRC=$2
command -v nvim >/dev/null || { echo "SKIPPED: nvim is not installed (Debian package neovim)"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/lib.mdf" <<'MDF'
// a library with a warning
Dataflow dfx {
	SpatialMap(1, 1) K;
	TemporalMap(1, 1) C;
}
Network libnet {
	Layer l1 {
		Type: CONV
		Dimensions { K: 16, C: 8, R: 3, S: 3, Y: 10, X: 10, Q: 2 }
		Dataflow: dfx;
	}
}
MDF
cat > "$tmp/broken.mdf" <<'MDF'
import "lib.mdf";
Network n {
	Layer conv1 {
		Type: CONVV
		Dimensions { K: 16, C: 8, R: 3, S: 3, Y: 10, X: 10 }
		Dataflow: dfx;
	}
}
MDF
cd "$tmp"
MDFC=$MDFC MDF_FILE="$tmp/broken.mdf" MDF_LIB="$tmp/lib.mdf" HOME="$tmp" XDG_CONFIG_HOME="$tmp" XDG_DATA_HOME="$tmp" \
	XDG_STATE_HOME="$tmp" timeout 120 nvim --headless -u NONE -i NONE -n \
	-c "luafile $SRC/tests/lsp/neovim.lua" > "$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
[ $rc = 0 ] && grep -q 'checks passed' "$tmp/out"
