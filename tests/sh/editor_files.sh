#!/usr/bin/env bash
# The editor files under contrib/: the Vim syntax file gives the expected
# groups on examples/editor/bad.mdf (vim -es), the TextMate grammar and the
# VS Code package files are valid JSON whose patterns compile and match the
# expected scopes.  Skips (77) when neither vim nor /usr/bin/python3 exists.
MDFC=$1 SRC=$2
fail=0 ran=0
if command -v vim >/dev/null; then
	ran=1
	tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
	vim -es -N -u NONE -i NONE -c "set rtp^=$SRC/contrib/vim" -c 'filetype plugin on' -c 'syntax on' \
		-c "edit $SRC/examples/editor/bad.mdf" \
		-c "call writefile([&ft, synIDattr(synID(12,1,1),'name'), synIDattr(synID(14,3,1),'name'), synIDattr(synID(14,9,1),'name'), synIDattr(synID(17,4,1),'name'), synIDattr(synID(17,15,1),'name'), synIDattr(synID(1,1,1),'name'), &makeprg], '$tmp/syn')" \
		-c 'qa!' </dev/null >/dev/null 2>&1
	want=$'mdf\nmdfStructure\nmdfKeyword\nmdfType\nmdfDirective\nmdfNumber\nmdfComment\nmdfc --check --diagnostics-format=short %'
	if [ "$(cat "$tmp/syn" 2>/dev/null)" != "$want" ]; then
		echo "FAIL: vim syntax groups:"; cat "$tmp/syn"; fail=1
	fi
fi
if [ -x /usr/bin/python3 ]; then
	ran=1
	/usr/bin/python3 - "$SRC" <<'PY' || fail=1
import json, re, sys
src = sys.argv[1] + "/contrib/textmate/"
g = json.load(open(src + "mdf.tmLanguage.json"))
json.load(open(src + "package.json")); json.load(open(src + "language-configuration.json"))
pats = g["patterns"][2:] + g["repository"]["comments"]["patterns"][:1]
line = "\t\tTemporalMap(Sz(R), 1) Y'; // c"
scopes = []
for p in pats:
    for m in re.finditer(p["match"], line):
        scopes.append((m.start(), p["name"]))
scopes.sort()
want = [(2, "keyword.control.directive.mdf"), (14, "support.function.mdf"), (17, "variable.other.dimension.mdf"),
        (21, "constant.numeric.mdf"), (24, "variable.other.dimension.mdf"), (28, "comment.line.double-slash.mdf")]
got = [s for s in scopes if s[1] != "keyword.operator.mdf" and not s[1].startswith("punctuation")]
if got[:len(want)] != want:
    print("FAIL: TextMate scopes", got); sys.exit(1)
PY
fi
[ $ran = 0 ] && { echo "SKIPPED: neither vim nor /usr/bin/python3"; exit 77; }
echo "editor files: $fail failed"
[ $fail = 0 ]
