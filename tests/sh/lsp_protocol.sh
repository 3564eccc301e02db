#!/usr/bin/env bash
# The language server's protocol test (tests/lsp/protocol.py, a client of
# our own): framing and JSON-RPC errors, every feature on a real file,
# 10,000 edits with flat memory.  Needs Debian's /usr/bin/python3 (77 if absent).
MDFC=$1 SRC=$2
[ -x /usr/bin/python3 ] || { echo "SKIPPED: /usr/bin/python3 is absent"; exit 77; }
# ASan keeps freed blocks in a quarantine (256 MB by default), which RSS
# would count as growth: without it the memory check holds in the
# sanitizer build too, and LeakSanitizer still checks every exit.
[ "${MDFC_SANITIZED:-0}" = 1 ] && export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
exec /usr/bin/python3 "$SRC/tests/lsp/protocol.py" "$MDFC" "${LSP_EDITS:-10000}"
