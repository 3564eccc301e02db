#!/usr/bin/env bash
# CI (.ci/run, as root on a fresh machine): the Debian package as a user
# gets it.  Builds it with `cpack -G DEB` in build/, installs it with
# `dpkg -i`, then, with nothing but the system's search paths: the installed
# mdfc compiles a file importing the stdlib and shows its man page, and
# tests/sh/library_install.sh (MDFC_INSTALLED=/usr) checks the libraries,
# headers, pkg-config and CMake files, builds examples/library/sweep_pes.c
# with pkg-config, statically and with find_package(mdfc), runs it against
# the installed mdfc, and imports the Python module.  Purges the package
# at the end.  Skipped (77) unless root, or when mdfc is already installed.
set -u
cd "$(dirname "$0")/../.."
build=${1:-build}
[ "$(id -u)" = 0 ] || { echo "SKIP: dpkg -i needs root"; exit 77; }
command -v dpkg >/dev/null || { echo "SKIP: no dpkg"; exit 77; }
if dpkg-query -W -f='${Status}' mdfc 2>/dev/null | grep -q "install ok installed" || [ -e /usr/bin/mdfc ]; then
	echo "SKIP: mdfc is already installed on this machine"; exit 77
fi
(cd "$build" && rm -f mdfc_*.deb && cpack -G DEB > cpack.log 2>&1) || { cat "$build/cpack.log"; echo "FAIL: cpack"; exit 1; }
deb=$(ls "$build"/mdfc_*.deb)
echo "   $(basename "$deb"): $(stat -c %s "$deb") bytes"
dpkg -i "$deb" > "$build/dpkg.log" 2>&1 || { cat "$build/dpkg.log"; echo "FAIL: dpkg -i"; exit 1; }
trap 'dpkg -P mdfc > /dev/null 2>&1' EXIT
fail=0
tmp=$(mktemp -d)
cp examples/quickstart/stdlib.mdf "$tmp/net.mdf"
out=$(cd "$tmp" && env -u MDFC_STDLIB -u MDF_PATH mdfc net.mdf 2>&1); rc=$?
if [ "$(command -v mdfc)" != /usr/bin/mdfc ] || [ $rc != 0 ] || ! grep -q '^total' <<<"$out"; then
	echo "FAIL: the installed mdfc on a stdlib import (exit $rc):"; echo "$out" | head -5; fail=$((fail+1))
fi
if command -v man >/dev/null && ! man -w mdfc > /dev/null 2>&1; then
	echo "FAIL: man mdfc"; fail=$((fail+1))
fi
[ -f /usr/share/bash-completion/completions/mdfc ] || { echo "FAIL: no bash completion installed"; fail=$((fail+1)); }
rm -rf "$tmp"
MDFC_INSTALLED=/usr bash tests/sh/library_install.sh /usr/bin/mdfc . || fail=$((fail+1))
echo "deb: $fail failed"
[ "$fail" = 0 ]
