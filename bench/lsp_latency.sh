#!/usr/bin/env bash
# lsp_latency.sh [MDFC_BINARY]: the language server's edit latency on a
# 300-layer file and on ResNet-50, in milliseconds and in instructions
# (bench/lsp_latency.py says how).  Goal: a 300-layer edit within 10 ms.
# Build mdfc optimized first (cmake -DCMAKE_BUILD_TYPE=RelWithDebInfo).
here=$(cd "$(dirname "$0")" && pwd)
exec /usr/bin/python3 "$here/lsp_latency.py" "${1:-$here/../build/mdfc}" "$here/.." "${2:-50}"
