/*
** fuzz_lsp.c: libFuzzer target over the language server's message loop
** (mdf_lsp_feed).  After an `initialize`, the input is used one of two ways,
** chosen by its first byte:
**   even: raw client bytes (headers, bodies, garbage), fed in pieces whose
**         sizes come from the input, so framing is cut at every place;
**   odd:  the text of a document: didOpen, then hover, definition,
**         completion, documentSymbol, formatting and codeAction at
**         positions taken from the input, an incremental didChange, and the
**         same queries again.
** Any crash, hang, leak or sanitizer report is a bug; error answers are fine.
*/
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "mdfc/lsp.h"

static void
frame(MdfLsp *s, MdfBuf *out, json_t *msg)
{
	char *body = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	if (!body)
		return;
	char head[64];
	int n = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", strlen(body));
	mdf_lsp_feed(s, head, (size_t)n, out);
	mdf_lsp_feed(s, body, strlen(body), out);
	free(body);
}

static void
queries(MdfLsp *s, MdfBuf *out, const uint8_t *d, size_t n, int *id)
{
	static const char *const methods[] = {
		"textDocument/hover", "textDocument/definition", "textDocument/completion",
		"textDocument/documentSymbol", "textDocument/formatting", "textDocument/codeAction",
	};
	for (size_t m = 0; m < sizeof methods / sizeof *methods; m++) {
		int line = n > m ? d[m] % 16 : 0, ch = n > m + 6 ? d[m + 6] % 64 : 0;
		json_t *pos = json_pack("{s:i,s:i}", "line", line, "character", ch);
		json_t *params = json_pack("{s:{s:s},s:O,s:{s:O,s:O},s:{s:[]}}", "textDocument", "uri", "file:///fuzz/a.mdf",
					   "position", pos, "range", "start", pos, "end", pos, "context", "diagnostics");
		json_decref(pos);
		frame(s, out, json_pack("{s:s,s:i,s:s,s:o}", "jsonrpc", "2.0", "id", (*id)++, "method", methods[m],
					"params", params));
		buf_reset(out);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	MdfLsp *s = mdf_lsp_new(NULL, "file:///docs/errors/");
	if (!s)
		return 0;
	MdfBuf out = {0};
	int id = 1;
	frame(s, &out, json_pack("{s:s,s:i,s:s,s:{}}", "jsonrpc", "2.0", "id", id++, "method", "initialize", "params"));
	if (size && (data[0] & 1) == 0) {
		size_t i = 1;
		while (i < size) {
			size_t k = 1 + (data[i - 1] % 97);
			if (k > size - i)
				k = size - i;
			if (!mdf_lsp_feed(s, (const char *)data + i, k, &out))
				break;
			buf_reset(&out);
			i += k;
		}
	} else if (size) {
		json_t *text = json_stringn_nocheck((const char *)data + 1, size - 1);
		frame(s, &out, json_pack("{s:s,s:s,s:{s:{s:s,s:i,s:o}}}", "jsonrpc", "2.0", "method", "textDocument/didOpen",
					 "params", "textDocument", "uri", "file:///fuzz/a.mdf", "version", 1, "text", text));
		buf_reset(&out);
		queries(s, &out, data, size, &id);
		int l = size > 3 ? data[3] % 16 : 0, c = size > 4 ? data[4] % 40 : 0;
		frame(s, &out, json_pack("{s:s,s:s,s:{s:{s:s,s:i},s:[{s:{s:{s:i,s:i},s:{s:i,s:i}},s:s}]}}",
					 "jsonrpc", "2.0", "method", "textDocument/didChange", "params",
					 "textDocument", "uri", "file:///fuzz/a.mdf", "version", 2, "contentChanges",
					 "range", "start", "line", l, "character", c, "end", "line", l + 1, "character", 0,
					 "text", "x"));
		buf_reset(&out);
		queries(s, &out, data + 1, size - 1, &id);
	}
	buf_free(&out);
	mdf_lsp_free(s);
	return 0;
}
