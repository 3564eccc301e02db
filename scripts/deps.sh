#!/bin/sh
# Install the Debian packages mdfc needs to build and test, when missing.
# Usage: scripts/deps.sh PACKAGE...
# (the build: Makefile's PACKAGES; optional, .ci/run: valgrind, groff-base,
# and parallel, GNU parallel, for tests/sh/shard.sh)
# Installs with apt-get when run as root (or with passwordless sudo);
# otherwise prints the exact command to run and fails.
missing=""
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "mdfc needs:$missing (no apt-get here: install them with your package manager)" >&2
	exit 1
fi
if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo"
else
	echo "mdfc needs these packages:$missing" >&2
	echo "install them with:  sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq$missing >/dev/null || {
	echo "apt-get failed; run: sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
}
