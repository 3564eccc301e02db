"""Protocol test of `mdfc --lsp` with a client of our own (lspclient.py).

usage: protocol.py MDFC [EDITS]

Checks, each with the expected answer stated:
  - framing and JSON-RPC errors: a request before initialize (-32002), a
    header block without a colon or Content-Length (-32700, id null), a body
    that is not JSON (-32700, id null, and the server goes on), an unknown
    method (-32601), an unknown notification (ignored), a request after
    shutdown (-32600), a Content-Length over the 64 MiB limit (an error, the
    body skipped as it arrives, the next message answered), an abrupt end of
    input in the middle of a message (clean exit, status 1: no shutdown);
  - the features on a real file: publishDiagnostics with file:// URIs and
    the expected ranges and codes, for the document and for its import (and
    at the import site), incremental didChange, hover on a layer (its cost),
    definition of an import, documentSymbol, completion, formatting and a
    "did you mean" code action;
  - EDITS (default 10000) incremental edits: the server's resident memory
    after them is within 2 MiB of what it was after the first 1000.
Exit status 0 when every check holds.
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lspclient import Server, uri  # noqa: E402

MDFC = sys.argv[1]
EDITS = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
failures = 0
checks = 0


def check(cond, what):
    global failures, checks
    checks += 1
    if not cond:
        failures += 1
        print("FAIL:", what)


def init(s):
    i = s.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    r = s.response(i)
    s.notify("initialized", {})
    return r


tmp = tempfile.mkdtemp()
lib = os.path.join(tmp, "lib.mdf")
main = os.path.join(tmp, "main file.mdf")     # a space: percent-encoded in the URI
with open(lib, "w") as f:
    f.write("// a library with a warning\n"
            "Dataflow dfx {\n\tSpatialMap(1, 1) K;\n\tTemporalMap(1, 1) C;\n}\n"
            "Network libnet {\n\tLayer l1 {\n\t\tType: CONV\n"
            "\t\tDimensions { K: 16, C: 8, R: 3, S: 3, Y: 10, X: 10, Q: 2 }\n"
            "\t\tDataflow: dfx;\n\t}\n}\n")
MAIN = ("import \"lib.mdf\";\n"
        "Network n {\n"
        "\tLayer conv1 {\n"
        "\t\tType: CONVV\n"
        "\t\tDimensions { K: 16, C: 8, R: 3, S: 3, Y: 10, X: 10 }\n"
        "\t\tDataflow: dfx;\n"
        "\t}\n"
        "}\n")
with open(main, "w") as f:
    f.write(MAIN.replace("CONVV", "CONV"))   # the disk holds another text: the buffer counts
MAIN_URI, LIB_URI = uri(main), uri(lib)
check("%20" in MAIN_URI, "test setup: the URI is percent-encoded")

# ---- errors before and around initialize ----
s = Server(MDFC)
i = s.request("textDocument/hover", {"textDocument": {"uri": MAIN_URI}, "position": {"line": 0, "character": 0}})
r = s.response(i)
check(r.get("error", {}).get("code") == -32002, "request before initialize: ServerNotInitialized, got %r" % r)
s.notify("textDocument/didOpen", {"textDocument": {"uri": MAIN_URI, "languageId": "mdf", "version": 1, "text": MAIN}})
s.raw(b"this header has no colon\r\n\r\n")
r = s.read()
check(r and r.get("id") is None and r.get("error", {}).get("code") == -32700, "malformed header: ParseError with id null, got %r" % r)
s.raw(b"Content-Type: application/vscode-jsonrpc\r\n\r\n")
r = s.read()
check(r and r.get("error", {}).get("code") == -32700, "header block without Content-Length: ParseError, got %r" % r)
r = init(s)
caps = r.get("result", {}).get("capabilities", {})
check(caps.get("textDocumentSync", {}).get("change") == 2, "incremental sync announced: %r" % caps)
for k in ("hoverProvider", "definitionProvider", "documentSymbolProvider", "documentFormattingProvider"):
    check(caps.get(k) is True, "capability %s" % k)
check("completionProvider" in caps and "codeActionProvider" in caps, "completion and code actions announced")
check("renameProvider" not in caps and "referencesProvider" not in caps, "no capability it does not have")
s.raw(b"Content-Length: 9\r\n\r\n{not json")
r = s.read()
check(r and r.get("id") is None and r.get("error", {}).get("code") == -32700, "invalid JSON: ParseError, got %r" % r)
s.raw(b"Content-Length: 2\r\n\r\n[]")
r = s.read()
check(r and r.get("error", {}).get("code") == -32600, "a JSON array: InvalidRequest, got %r" % r)
i = s.request("mdfc/noSuchMethod", {})
r = s.response(i)
check(r.get("error", {}).get("code") == -32601, "unknown method: MethodNotFound, got %r" % r)
s.notify("$/noSuchNotification", {})
i = s.request("initialize", {"capabilities": {}})
r = s.response(i)
check(r.get("error", {}).get("code") == -32600, "second initialize: InvalidRequest, got %r" % r)

# ---- diagnostics ----
s.notify("textDocument/didOpen", {"textDocument": {"uri": MAIN_URI, "languageId": "mdf", "version": 1, "text": MAIN}})
pubs = {}
while MAIN_URI not in pubs or LIB_URI not in pubs:
    m = s.read()
    check(m is not None, "publishDiagnostics after didOpen")
    if m is None:
        break
    if m.get("method") == "textDocument/publishDiagnostics":
        pubs[m["params"]["uri"]] = m["params"]
d_main = pubs.get(MAIN_URI, {}).get("diagnostics", [])
codes = sorted(d["code"] for d in d_main)
# the unknown type (line 3, "\t\tType: " is 8 units) and, at the import, the library's warning
check(codes == ["E0401", "W0401"], "main: E0401 and the lib's W0401 at the import, got %r" % codes)
e = [d for d in d_main if d["code"] == "E0401"]
if e:
    check(e[0]["range"] == {"start": {"line": 3, "character": 8}, "end": {"line": 3, "character": 13}},
          "E0401 range, got %r" % e[0]["range"])
    check(e[0].get("codeDescription", {}).get("href", "").endswith("E0401.md"), "codeDescription href")
    check("did you mean `CONV`" in e[0]["message"], "hint in the message")
check(pubs.get(MAIN_URI, {}).get("version") == 1, "version echoed")

a = s.request("textDocument/codeAction", {"textDocument": {"uri": MAIN_URI},
                                          "range": {"start": {"line": 3, "character": 9}, "end": {"line": 3, "character": 9}},
                                          "context": {"diagnostics": []}})
r = s.response(a)
acts = r.get("result") or []
check(len(acts) == 1 and acts[0]["title"] == "Replace with `CONV`", "code action from the hint, got %r" % acts)
if acts:
    ed = acts[0]["edit"]["changes"][MAIN_URI][0]
    check(ed["newText"] == "CONV" and ed["range"]["start"] == {"line": 3, "character": 8}, "code action edit %r" % ed)

# incremental edit: CONVV -> CONV (delete line 3, characters 12..13)
s.notify("textDocument/didChange", {"textDocument": {"uri": MAIN_URI, "version": 2},
                                    "contentChanges": [{"range": {"start": {"line": 3, "character": 12},
                                                                  "end": {"line": 3, "character": 13}}, "text": ""}]})
pubs = {}
while MAIN_URI not in pubs or LIB_URI not in pubs:
    m = s.read()
    if m is None:
        check(False, "publishDiagnostics after didChange (got %r)" % sorted(pubs))
        break
    if m.get("method") == "textDocument/publishDiagnostics":
        pubs[m["params"]["uri"]] = m["params"]
d_main = pubs.get(MAIN_URI, {}).get("diagnostics", [])
d_lib = pubs.get(LIB_URI, {}).get("diagnostics", [])
check([d["code"] for d in d_lib] == ["W0401"], "lib: W0401 under the lib's URI, got %r" % d_lib)
if d_lib:
    check(d_lib[0]["range"]["start"] == {"line": 8, "character": 54}, "lib warning at its own line, got %r" % d_lib[0]["range"])
check([d["code"] for d in d_main] == ["W0401"], "main: the lib's warning at the import, got %r" % d_main)
if d_main:
    check(d_main[0]["range"] == {"start": {"line": 0, "character": 7}, "end": {"line": 0, "character": 16}},
          "import-site range %r" % d_main[0]["range"])
    rel = d_main[0].get("relatedInformation", [{}])[0].get("location", {})
    check(rel.get("uri") == LIB_URI, "relatedInformation points at the lib, got %r" % rel)

# hover on the layer's name: its cost
h = s.request("textDocument/hover", {"textDocument": {"uri": MAIN_URI}, "position": {"line": 2, "character": 9}})
r = s.response(h)
txt = (r.get("result") or {}).get("contents", {}).get("value", "")
check("runtime" in txt and "utilization" in txt and "energy" in txt and "bound" in txt,
      "hover on a layer: its cost summary, got %r" % txt)
# K=16 C=8 R=S=3, Y=X=10 -> 8x8 outputs: 16*8*9*64 = 73728 MACs
check("73728 MACs" in txt, "hover: the layer's MAC count (16*8*3*3*8*8 = 73728), got %r" % txt)
h = s.request("textDocument/hover", {"textDocument": {"uri": MAIN_URI}, "position": {"line": 4, "character": 15}})
r = s.response(h)
txt = (r.get("result") or {}).get("contents", {}).get("value", "")
check("K = 16" in txt, "hover on a dimension: its value, got %r" % txt)
# definition of the import and of the dataflow
dq = s.request("textDocument/definition", {"textDocument": {"uri": MAIN_URI}, "position": {"line": 0, "character": 10}})
r = s.response(dq).get("result") or {}
check(r.get("uri") == LIB_URI, "definition of the import: the lib, got %r" % r)
dq = s.request("textDocument/definition", {"textDocument": {"uri": MAIN_URI}, "position": {"line": 5, "character": 13}})
r = s.response(dq).get("result") or {}
check(r.get("uri") == LIB_URI and r.get("range", {}).get("start") == {"line": 1, "character": 9},
      "definition of dataflow dfx, got %r" % r)
# symbols
q = s.request("textDocument/documentSymbol", {"textDocument": {"uri": MAIN_URI}})
r = s.response(q).get("result") or []
check(len(r) == 1 and r[0]["name"] == "n" and [c["name"] for c in r[0].get("children", [])] == ["conv1"],
      "documentSymbol: network n with layer conv1, got %r" % r)
# completion after "Type: " offers the layer types only
q = s.request("textDocument/completion", {"textDocument": {"uri": MAIN_URI}, "position": {"line": 3, "character": 8}})
labels = [c["label"] for c in (s.response(q).get("result") or {}).get("items", [])]
check(labels == ["CONV", "DSCONV", "NGCONV", "GEMM", "FC", "TRCONV", "POOL"], "completion after Type:, got %r" % labels)
q = s.request("textDocument/completion", {"textDocument": {"uri": MAIN_URI}, "position": {"line": 5, "character": 12}})
labels = [c["label"] for c in (s.response(q).get("result") or {}).get("items", [])]
check("dfx" in labels and "Layer" in labels and "K" in labels and "N" not in labels,
      "completion in a layer: keywords, dataflows, the layer's dimensions only, got %r" % labels)
# formatting: the buffer's text, not the file's
q = s.request("textDocument/formatting", {"textDocument": {"uri": MAIN_URI}, "options": {"tabSize": 8, "insertSpaces": False}})
r = s.response(q).get("result")
check(r == [], "formatting an already formatted buffer: no edit, got %r" % r)
s.notify("textDocument/didChange", {"textDocument": {"uri": MAIN_URI, "version": 3},
                                    "contentChanges": [{"text": "Network   n{Layer l{Type:CONV\nDimensions{K:4,C:4,R:1,S:1,Y:4,X:4}\nDataflow{SpatialMap(1,1)K;}}}"}]})
s.diagnostics(MAIN_URI)
q = s.request("textDocument/formatting", {"textDocument": {"uri": MAIN_URI}, "options": {"tabSize": 8, "insertSpaces": False}})
r = s.response(q).get("result") or [{}]
check(r[0].get("newText") == "Network n {\n\tLayer l {\n\t\tType: CONV\n\t\tDimensions { K: 4, C: 4, R: 1, S: 1, Y: 4, X: 4 }\n"
      "\t\tDataflow { SpatialMap(1, 1) K; }\n\t}\n}\n", "formatting edit, got %r" % r)
# shutdown, a request after it, exit
q = s.request("shutdown")
check(s.response(q).get("result", 1) is None, "shutdown: result null")
q = s.request("textDocument/hover", {"textDocument": {"uri": MAIN_URI}, "position": {"line": 0, "character": 0}})
check(s.response(q).get("error", {}).get("code") == -32600, "request after shutdown: InvalidRequest")
s.notify("exit")
rc, err = s.close()
check(rc == 0, "exit after shutdown: status 0, got %d (stderr %s)" % (rc, err[-500:]))

# ---- a huge Content-Length: answered, its body skipped, the server goes on ----
s = Server(MDFC)
init(s)
big = 70 * 1024 * 1024
s.raw(b"Content-Length: %d\r\n\r\n" % big)
r = s.read()
check(r and r.get("error") is not None and r.get("id") is None, "huge Content-Length: an error, got %r" % r)
chunk = b"x" * (1 << 20)
for _ in range(big // len(chunk)):
    s.raw(chunk)
s.raw(b"x" * (big % len(chunk)))
q = s.request("mdfc/noSuchMethod")
check(s.response(q, 60).get("error", {}).get("code") == -32601, "the message after the skipped body is answered")
check(s.rss_kb() < 60 * 1024, "the 70 MB body was not stored (RSS %d kB)" % s.rss_kb())
s.raw(b"Content-Length: 99999999999999999999\r\n\r\n")
r = s.read()
check(r and r.get("error") is not None, "absurd Content-Length: an error, got %r" % r)
rc, err = s.close()
check(rc == 1, "end of input without shutdown: status 1, got %d %s" % (rc, err[-500:]))

# ---- abrupt end of input in the middle of a message ----
s = Server(MDFC)
init(s)
s.raw(b"Content-Length: 100\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":5,")
rc, err = s.close()
check(rc == 1, "abrupt end of input: clean exit, status 1, got %d %s" % (rc, err[-500:]))

# ---- imports as --restrict-imports allows them (an untrusted file) ----
# sub/inner.mdf imports ../lib.mdf (outside its folder: E0801 "outside the
# allowed folders"), /proc/self/status (E0801 "a /proc or /sys file") and
# lib.mdf, which only MDF_PATH (= tmp) would find: not consulted, E0303
# "cannot find".  A plain `mdfc --check` with MDF_PATH finds the last one.
sub = os.path.join(tmp, "sub")
os.mkdir(sub)
inner = os.path.join(sub, "inner.mdf")
INNER = 'import "../lib.mdf";\nimport "/proc/self/status";\nimport "lib.mdf";\n'
with open(inner, "w") as f:
    f.write(INNER)
s = Server(MDFC, env=dict(os.environ, MDF_PATH=tmp))
init(s)
s.notify("textDocument/didOpen", {"textDocument": {"uri": uri(inner), "languageId": "mdf", "version": 1, "text": INNER}})
ds = s.diagnostics(uri(inner))
got = [(d["code"], d["range"]["start"]["line"]) for d in ds]
check(got == [("E0801", 0), ("E0801", 1), ("E0303", 2)], "restricted imports: E0801, E0801, E0303, got %r" % got)
msgs = [d["message"] for d in ds]
check(len(msgs) == 3 and "outside the allowed folders" in msgs[0] and "/proc" in msgs[1] and "cannot find" in msgs[2],
      "restricted imports: the reasons, got %r" % msgs)
# text from the input in messages: an imported file on disk naming an import
# with an invalid UTF-8 byte, the document one with a bidi override.  JSON
# must stay valid UTF-8 (a message Jansson refused was dropped once) and no
# reordering character reaches the editor: \xff and \u{202e} escapes.
bad = os.path.join(sub, "bad.mdf")
with open(bad, "wb") as f:
    f.write(b'import "\xffx.mdf";\n')
ODD = 'import "bad.mdf";\nimport "\u202eevil.mdf";\n'
odd = os.path.join(sub, "odd.mdf")
s.notify("textDocument/didOpen", {"textDocument": {"uri": uri(odd), "languageId": "mdf", "version": 1, "text": ODD}})
ds = s.diagnostics(uri(odd))
got = sorted((d["code"], d["range"]["start"]["line"], d["message"]) for d in ds)
check(len(got) == 2 and got[0][:2] == ("E0303", 0) and '"\\xffx.mdf"' in got[0][2]
      and got[1][:2] == ("E0303", 1) and '"\\u{202e}evil.mdf"' in got[1][2],
      "input text in messages escaped, got %r" % got)
q = s.request("shutdown")
s.response(q)
s.notify("exit")
rc, err = s.close()
check(rc == 0, "exit after the import check: status 0, got %d %s" % (rc, err[-500:]))

# ---- many edits: memory stays flat ----
s = Server(MDFC)
init(s)
text = "Network n {\n\tLayer l {\n\t\tType: CONV\n\t\tDimensions { K: 16, C: 8, R: 3, S: 3, Y: 10, X: 10 }\n" \
       "\t\tDataflow { SpatialMap(1, 1) K; TemporalMap(1, 1) C; }\n\t}\n}\n"
s.notify("textDocument/didOpen", {"textDocument": {"uri": MAIN_URI, "languageId": "mdf", "version": 1, "text": text}})
s.diagnostics(MAIN_URI)
rss = {}
for k in range(1, EDITS + 1):
    # K: 16 <-> K: 17 (line 3, "\t\tDimensions { K: " is 18 units)
    s.notify("textDocument/didChange", {"textDocument": {"uri": MAIN_URI, "version": k + 1},
                                        "contentChanges": [{"range": {"start": {"line": 3, "character": 19},
                                                                      "end": {"line": 3, "character": 20}},
                                                            "text": "7" if k % 2 else "6"}]})
    if k % 100 == 0 or k == EDITS:
        # drain: the last publish of the batch must be for this version
        while True:
            m = s.read()
            if m is None:
                check(False, "publishDiagnostics during the edits")
                break
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == k + 1:
                break
    if k in (min(1000, EDITS), EDITS):
        rss[k] = s.rss_kb()
q = s.request("textDocument/hover", {"textDocument": {"uri": MAIN_URI}, "position": {"line": 3, "character": 17}})
txt = (s.response(q).get("result") or {}).get("contents", {}).get("value", "")
want = "K = 17" if EDITS % 2 else "K = 16"
check(want in txt, "after %d edits the text is right (%s), got %r" % (EDITS, want, txt))
q = s.request("shutdown")
s.response(q)
s.notify("exit")
rc, err = s.close(120)
check(rc == 0, "exit after the edits: status 0, got %d %s" % (rc, err[-800:]))
ks = sorted(rss)
if len(ks) == 2:
    grow = rss[ks[1]] - rss[ks[0]]
    print("memory: RSS %d kB after %d edits, %d kB after %d (growth %d kB)" % (rss[ks[0]], ks[0], rss[ks[1]], ks[1], grow))
    check(grow <= 2048, "memory flat over the edits (growth %d kB)" % grow)

print("lsp protocol: %d checks, %d failed" % (checks, failures))
sys.exit(1 if failures else 0)
