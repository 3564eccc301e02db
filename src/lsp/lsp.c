/*
** lsp.c: the language server's protocol (docs/editors.md).
**
** Takes the client's byte stream (JSON-RPC 2.0 messages framed by
** Content-Length headers), produces the framed answers.  Framing errors
** never stop the server: a header block without a valid Content-Length is
** dropped (answered with a ParseError, id null), a body that is not JSON is
** answered with ParseError (-32700), a message over MDF_LSP_MAX_MESSAGE is
** answered with an error and its body skipped as it arrives (never stored).
** Requests before `initialize` get ServerNotInitialized (-32002), after
** `shutdown` InvalidRequest (-32600); unknown requests MethodNotFound
** (-32601); unknown notifications are ignored.
**
** Documents: the server keeps each open document's text (full or
** incremental didChange) and analyses it on every change, with every open
** document standing in for its file on disk (MdfOptions.overlays), so
** unsaved buffers are what it checks.  Each analysis owns one MdfCtx
** (arena), freed by the next: memory does not grow with the number of edits.
*/
#define _XOPEN_SOURCE 700
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "mdfc/render.h"
#include "lsp/lsp_int.h"

enum {
	RPC_PARSE_ERROR = -32700, RPC_INVALID_REQUEST = -32600, RPC_METHOD_NOT_FOUND = -32601,
	RPC_INVALID_PARAMS = -32602, RPC_NOT_INITIALIZED = -32002, RPC_REQUEST_FAILED = -32803,
};

/* ---- output ---- */

static void
send(MdfBuf *out, json_t *msg)
{
	json_object_set_new(msg, "jsonrpc", json_string("2.0"));
	char *text = json_dumps(msg, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(msg);
	if (!text) {
		out->oom = true;
		return;
	}
	size_t n = strlen(text);
	buf_printf(out, "Content-Length: %zu\r\n\r\n", n);
	buf_putn(out, text, n);
	free(text);
}

static void
reply(MdfBuf *out, json_t *id, json_t *result)
{
	json_t *m = json_object();
	json_object_set(m, "id", id ? id : json_null());
	json_object_set_new(m, "result", result ? result : json_null());
	send(out, m);
}

static void
reply_error(MdfBuf *out, json_t *id, int code, const char *msg)
{
	json_t *m = json_object();
	json_object_set(m, "id", id ? id : json_null());
	json_object_set_new(m, "error", json_pack("{s:i,s:s}", "code", code, "message", msg));
	send(out, m);
}

static void
notify(MdfBuf *out, const char *method, json_t *params)
{
	json_t *m = json_object();
	json_object_set_new(m, "method", json_string(method));
	json_object_set_new(m, "params", params);
	send(out, m);
}

/* ---- positions ---- */

/* Byte offset of a 0-based LSP position (UTF-16 code units), clamped to
   the line's end and the text's end. */
uint32_t
lsp_offset(const char *text, size_t len, int64_t line, int64_t character)
{
	size_t i = 0;
	for (int64_t l = 0; l < line && i < len; i++)
		if (text[i] == '\n')
			l++;
	int64_t units = 0;
	while (i < len && text[i] != '\n' && units < character) {
		unsigned char c = (unsigned char)text[i];
		size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		units += n == 4 ? 2 : 1;
		i += n;
	}
	return (uint32_t)(i > len ? len : i);
}

json_t *
lsp_text(const char *text)
{
	MdfBuf b = {0};
	mdf_safe_text(&b, text ? text : "");
	json_t *j = json_stringn(b.data ? b.data : "", b.len);
	buf_free(&b);
	return j ? j : json_string("");
}

json_t *
lsp_range(MdfCtx *ctx, Span sp)
{
	uint32_t l0, c0, l1, c1;
	mdf_lsp_position(ctx, sp.file, sp.lo, &l0, &c0);
	mdf_lsp_position(ctx, sp.file, sp.hi > sp.lo ? sp.hi : sp.lo, &l1, &c1);
	return json_pack("{s:{s:i,s:i},s:{s:i,s:i}}", "start", "line", (json_int_t)l0, "character",
			 (json_int_t)c0, "end", "line", (json_int_t)l1, "character", (json_int_t)c1);
}

/* The URI of source `file` of d's analysis: the client's own spelling for
   an open document. */
static json_t *
file_uri(MdfLsp *s, LspDoc *d, uint32_t file)
{
	if (file == d->file || file >= d->ctx->nsources)
		return json_string(d->uri);
	const char *path = d->ctx->sources[file].path;
	char *canon = realpath(path, NULL);
	for (size_t i = 0; canon && i < s->ndocs; i++)
		if (strcmp(s->docs[i]->canon, canon) == 0) {
			free(canon);
			return json_string(s->docs[i]->uri);
		}
	free(canon);
	MdfBuf u = {0};
	mdf_path_uri(path, &u);
	json_t *j = json_string(u.data ? u.data : "file:///");
	buf_free(&u);
	return j;
}

json_t *
lsp_location(MdfLsp *s, LspDoc *d, Span sp)
{
	return json_pack("{s:o,s:o}", "uri", file_uri(s, d, sp.file), "range", lsp_range(d->ctx, sp));
}

/* ---- documents ---- */

LspDoc *
lsp_doc_by_uri(MdfLsp *s, const char *uri)
{
	for (size_t i = 0; uri && i < s->ndocs; i++)
		if (strcmp(s->docs[i]->uri, uri) == 0)
			return s->docs[i];
	return NULL;
}

static void
doc_clear_analysis(LspDoc *d)
{
	mdf_ctx_free(d->ctx);
	d->ctx = NULL;
	d->m = NULL;
	memset(&d->strs, 0, sizeof d->strs);
	memset(&d->set, 0, sizeof d->set);
}

static void
doc_free(LspDoc *d)
{
	doc_clear_analysis(d);
	for (size_t i = 0; i < d->npublished; i++)
		free(d->published[i]);
	free(d->published);
	free(d->uri);
	free(d->path);
	free(d->canon);
	free(d->text);
	free(d);
}

static bool
doc_set_text(LspDoc *d, const char *text, size_t n)
{
	if (n + 1 > d->cap) {
		size_t cap = n + 1 + n / 2;
		char *t = realloc(d->text, cap);
		if (!t)
			return false;
		d->text = t;
		d->cap = cap;
	}
	memcpy(d->text, text, n);
	d->text[n] = 0;
	d->len = n;
	return true;
}

/* Replace bytes [lo, hi) by `text`. */
static bool
doc_splice(LspDoc *d, uint32_t lo, uint32_t hi, const char *text, size_t n)
{
	if (hi < lo)
		hi = lo;
	size_t len = d->len - (hi - lo) + n;
	if (len + 1 > d->cap) {
		size_t cap = len + 1 + len / 2;
		char *t = realloc(d->text, cap);
		if (!t)
			return false;
		d->text = t;
		d->cap = cap;
	}
	memmove(d->text + lo + n, d->text + hi, d->len - hi + 1);
	memcpy(d->text + lo, text, n);
	d->len = len;
	return true;
}

/* Analyse d's current text: what `mdfc --check` does, with every open
   document read from its buffer. */
void
lsp_analyse(MdfLsp *s, LspDoc *d)
{
	doc_clear_analysis(d);
	MdfOverlay *ov = realloc(s->overlays, (s->ndocs ? s->ndocs : 1) * sizeof *ov);
	if (!ov)
		return;
	s->overlays = ov;
	for (size_t i = 0; i < s->ndocs; i++) {
		ov[i].path = s->docs[i]->canon;
		ov[i].text = s->docs[i]->text;
		ov[i].len = s->docs[i]->len;
	}
	MdfOptions o = s->opt;
	o.overlays = ov;
	o.noverlays = s->ndocs;
	d->ctx = mdf_ctx_new(&o);
	if (!d->ctx)
		return;
	d->file = mdf_ctx_add_source(d->ctx, d->path, d->path, d->text, d->len);
	if (d->file == SPAN_NOFILE)
		return;
	ir_hw_defaults(&d->hw);
	if (!front_load(d->ctx, &d->strs, d->file, &d->set) || mdf_ctx_failed(d->ctx))
		return;
	d->m = front_elaborate(d->ctx, &d->strs, &d->set);
	if (mdf_ctx_failed(d->ctx))
		d->m = NULL;
	if (!d->m)
		return;
	if (d->m->naccels == 1)
		ir_hw_overlay(&d->hw, &d->m->accels[0]);
	mdf_passes(d->ctx, d->m, &d->hw);
}

/* ---- diagnostics ---- */

static json_t *
diag_json(MdfLsp *s, LspDoc *d, const Diag *g, const Span *at, const char *prefix)
{
	MdfCtx *ctx = d->ctx;
	MdfBuf msg = {0};
	buf_printf(&msg, "%s%s", prefix ? prefix : "", g->msg);
	if (g->hint)
		buf_printf(&msg, "\nhelp: %s", g->hint);
	json_t *j = json_pack("{s:o,s:i,s:s,s:s,s:o}", "range", lsp_range(ctx, at ? *at : g->span),
			      "severity", (json_int_t)g->sev, "code", diag_code_name(g->code),
			      "source", "mdfc", "message", lsp_text(msg.data ? msg.data : g->msg));
	buf_free(&msg);
	if (s->docs_uri) {
		MdfBuf href = {0};
		buf_printf(&href, "%s%s.md", s->docs_uri, diag_code_name(g->code));
		json_object_set_new(j, "codeDescription", json_pack("{s:s}", "href", href.data ? href.data : ""));
		buf_free(&href);
	}
	json_t *rel = json_array();
	if (at)
		json_array_append_new(rel, json_pack("{s:o,s:s}", "location", lsp_location(s, d, g->span),
						     "message", "the diagnostic is here"));
	for (size_t k = 0; k < g->nnotes; k++) {
		Span sp = g->notes[k].span;
		if (sp.file >= ctx->nsources)
			sp = g->span;
		json_array_append_new(rel, json_pack("{s:o,s:o}", "location", lsp_location(s, d, sp),
						     "message", lsp_text(g->notes[k].msg)));
	}
	if (json_array_size(rel))
		json_object_set_new(j, "relatedInformation", rel);
	else
		json_decref(rel);
	return j;
}

/* publishDiagnostics for d and for each file its analysis found problems
   in; files that had some last time and have none now are cleared. */
static void
publish(MdfLsp *s, LspDoc *d, MdfBuf *out)
{
	MdfCtx *ctx = d->ctx;
	if (!ctx)
		return;
	diag_sort(&ctx->diags);
	uint32_t nsrc = ctx->nsources;
	json_t **lists = calloc(nsrc + 1, sizeof *lists);
	if (!lists)
		return;
	lists[d->file] = json_array();
	for (size_t i = 0; i < ctx->diags.n; i++) {
		const Diag *g = &ctx->diags.items[i];
		uint32_t f = g->span.file < nsrc ? g->span.file : d->file;
		if (!lists[f])
			lists[f] = json_array();
		if (f == d->file) {
			json_array_append_new(lists[f], diag_json(s, d, g, NULL, NULL));
			continue;
		}
		json_array_append_new(lists[f], diag_json(s, d, g, NULL, NULL));
		Span site;
		if (mdf_import_site(ctx, f, d->file, &site) != SPAN_NOFILE) {
			MdfBuf p = {0};
			buf_printf(&p, "in %s: ", ctx->sources[f].name);
			json_array_append_new(lists[d->file], diag_json(s, d, g, &site, p.data));
			buf_free(&p);
		}
	}
	char **now = calloc(nsrc + 1, sizeof *now);
	size_t nnow = 0;
	for (uint32_t f = 0; f < nsrc; f++) {
		if (!lists[f])
			continue;
		json_t *uri = file_uri(s, d, f);
		json_t *params = json_pack("{s:O,s:o}", "uri", uri, "diagnostics", lists[f]);
		if (f == d->file)
			json_object_set_new(params, "version", json_integer(d->version));
		else if (now)
			now[nnow++] = strdup(json_string_value(uri));
		json_decref(uri);
		notify(out, "textDocument/publishDiagnostics", params);
	}
	for (size_t i = 0; i < d->npublished; i++) {
		bool still = false;
		for (size_t k = 0; k < nnow && !still; k++)
			still = now[k] && strcmp(now[k], d->published[i]) == 0;
		if (!still)
			notify(out, "textDocument/publishDiagnostics",
			       json_pack("{s:s,s:[]}", "uri", d->published[i], "diagnostics"));
		free(d->published[i]);
	}
	free(d->published);
	d->published = now;
	d->npublished = now ? nnow : 0;
	free(lists);
}

/* ---- methods ---- */

static json_t *
capabilities(void)
{
	return json_pack("{s:{s:s,s:{s:b,s:i,s:{s:b}},s:b,s:b,s:b,s:{s:[s,s,s]},s:b,s:{s:[s]}},"
			 "s:{s:s,s:s}}",
			 "capabilities",
			 "positionEncoding", "utf-16",
			 "textDocumentSync", "openClose", 1, "change", 2, "save", "includeText", 0,
			 "hoverProvider", 1,
			 "definitionProvider", 1,
			 "documentSymbolProvider", 1,
			 "completionProvider", "triggerCharacters", ":", "(", " ",
			 "documentFormattingProvider", 1,
			 "codeActionProvider", "codeActionKinds", "quickfix",
			 "serverInfo", "name", "mdfc", "version", MDFC_VERSION);
}

static const char *
str_at(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static LspDoc *
doc_of(MdfLsp *s, json_t *params)
{
	return lsp_doc_by_uri(s, str_at(json_object_get(params, "textDocument"), "uri"));
}

static uint32_t
pos_of(LspDoc *d, json_t *pos)
{
	return lsp_offset(d->text, d->len, json_integer_value(json_object_get(pos, "line")),
			  json_integer_value(json_object_get(pos, "character")));
}

static void
did_open(MdfLsp *s, json_t *params, MdfBuf *out)
{
	json_t *td = json_object_get(params, "textDocument");
	const char *uri = str_at(td, "uri"), *text = str_at(td, "text");
	if (!uri || !text)
		return;
	LspDoc *d = lsp_doc_by_uri(s, uri);
	if (!d) {
		if (s->ndocs == s->capdocs) {
			size_t cap = s->capdocs ? s->capdocs * 2 : 8;
			LspDoc **v = realloc(s->docs, cap * sizeof *v);
			if (!v)
				return;
			s->docs = v;
			s->capdocs = cap;
		}
		d = calloc(1, sizeof *d);
		if (!d)
			return;
		MdfBuf p = {0};
		d->uri = strdup(uri);
		d->path = mdf_uri_path(uri, &p) ? strdup(p.data) : strdup(uri);
		buf_free(&p);
		char *canon = d->path ? realpath(d->path, NULL) : NULL;
		d->canon = canon ? canon : (d->path ? strdup(d->path) : NULL);
		if (!d->uri || !d->path || !d->canon) {
			doc_free(d);
			return;
		}
		s->docs[s->ndocs++] = d;
	}
	d->version = json_integer_value(json_object_get(td, "version"));
	if (!doc_set_text(d, text, json_string_length(json_object_get(td, "text"))))
		return;
	lsp_analyse(s, d);
	publish(s, d, out);
}

static void
did_change(MdfLsp *s, json_t *params, MdfBuf *out)
{
	LspDoc *d = doc_of(s, params);
	if (!d)
		return;
	json_t *changes = json_object_get(params, "contentChanges");
	size_t i;
	json_t *c;
	json_array_foreach(changes, i, c) {
		json_t *t = json_object_get(c, "text"), *r = json_object_get(c, "range");
		if (!json_is_string(t))
			continue;
		if (!r) {
			doc_set_text(d, json_string_value(t), json_string_length(t));
			continue;
		}
		uint32_t lo = pos_of(d, json_object_get(r, "start")), hi = pos_of(d, json_object_get(r, "end"));
		doc_splice(d, lo, hi, json_string_value(t), json_string_length(t));
	}
	json_t *v = json_object_get(json_object_get(params, "textDocument"), "version");
	if (json_is_integer(v))
		d->version = json_integer_value(v);
	lsp_analyse(s, d);
	publish(s, d, out);
	/* documents importing this one see the change too */
	for (size_t k = 0; k < s->ndocs; k++) {
		LspDoc *o = s->docs[k];
		if (o == d || !o->ctx)
			continue;
		bool uses = false;
		for (uint32_t f = 0; f < o->ctx->nsources && !uses; f++) {
			char *canon = f == o->file ? NULL : realpath(o->ctx->sources[f].path, NULL);
			uses = canon && strcmp(canon, d->canon) == 0;
			free(canon);
		}
		if (uses) {
			lsp_analyse(s, o);
			publish(s, o, out);
		}
	}
}

static void
did_close(MdfLsp *s, json_t *params, MdfBuf *out)
{
	LspDoc *d = doc_of(s, params);
	if (!d)
		return;
	notify(out, "textDocument/publishDiagnostics", json_pack("{s:s,s:[]}", "uri", d->uri, "diagnostics"));
	for (size_t i = 0; i < d->npublished; i++)
		notify(out, "textDocument/publishDiagnostics",
		       json_pack("{s:s,s:[]}", "uri", d->published[i], "diagnostics"));
	for (size_t i = 0; i < s->ndocs; i++)
		if (s->docs[i] == d) {
			s->docs[i] = s->docs[--s->ndocs];
			break;
		}
	doc_free(d);
}

static json_t *
formatting(MdfLsp *s, LspDoc *d)
{
	MdfCtx *ctx = mdf_ctx_new(&s->opt);
	if (!ctx)
		return json_null();
	uint32_t f = mdf_ctx_add_source(ctx, d->path, d->path, d->text, d->len);
	MdfBuf b = {0};
	json_t *r = json_null();
	if (f != SPAN_NOFILE && mdf_format(ctx, f, &b)) {
		r = json_array();
		if (b.len != d->len || memcmp(b.data ? b.data : "", d->text, d->len) != 0) {
			Span all = {f, 0, (uint32_t)d->len};
			json_array_append_new(r, json_pack("{s:o,s:s%}", "range", lsp_range(ctx, all),
							   "newText", b.data ? b.data : "", b.len));
		}
	}
	buf_free(&b);
	mdf_ctx_free(ctx);
	return r;
}

/* A request on a document: its analysis, or an error when it is not open. */
static void
doc_request(MdfLsp *s, const char *method, json_t *id, json_t *params, MdfBuf *out)
{
	LspDoc *d = doc_of(s, params);
	if (!d) {
		reply_error(out, id, RPC_INVALID_PARAMS, "the document is not open (didOpen first)");
		return;
	}
	if (!d->ctx) {
		reply_error(out, id, RPC_REQUEST_FAILED, "the document could not be analysed");
		return;
	}
	json_t *pos = json_object_get(params, "position");
	if (strcmp(method, "textDocument/hover") == 0)
		reply(out, id, lsp_hover(s, d, pos_of(d, pos)));
	else if (strcmp(method, "textDocument/definition") == 0)
		reply(out, id, lsp_definition(s, d, pos_of(d, pos)));
	else if (strcmp(method, "textDocument/documentSymbol") == 0)
		reply(out, id, lsp_symbols(s, d));
	else if (strcmp(method, "textDocument/completion") == 0)
		reply(out, id, lsp_completion(s, d, pos_of(d, pos)));
	else if (strcmp(method, "textDocument/formatting") == 0)
		reply(out, id, formatting(s, d));
	else {
		json_t *r = json_object_get(params, "range");
		reply(out, id, lsp_code_actions(s, d, pos_of(d, json_object_get(r, "start")),
						pos_of(d, json_object_get(r, "end"))));
	}
}

static const char *const doc_methods[] = {
	"textDocument/hover", "textDocument/definition", "textDocument/documentSymbol",
	"textDocument/completion", "textDocument/formatting", "textDocument/codeAction",
};

static void
dispatch(MdfLsp *s, json_t *msg, MdfBuf *out)
{
	json_t *id = json_object_get(msg, "id");
	const char *method = str_at(msg, "method");
	json_t *params = json_object_get(msg, "params");
	bool request = id != NULL;
	if (request && !json_is_integer(id) && !json_is_string(id)) {
		reply_error(out, NULL, RPC_INVALID_REQUEST, "id must be a number or a string");
		return;
	}
	if (!method) {
		if (request && (json_object_get(msg, "result") || json_object_get(msg, "error")))
			return;     /* a response to a request of ours: none are sent */
		if (request)
			reply_error(out, id, RPC_INVALID_REQUEST, "a request needs a method");
		return;
	}
	if (strcmp(method, "exit") == 0) {
		s->done = true;
		s->status = s->shutdown ? 0 : 1;
		return;
	}
	if (!s->initialized) {
		if (strcmp(method, "initialize") == 0) {
			s->initialized = true;
			reply(out, id, capabilities());
		} else if (request) {
			reply_error(out, id, RPC_NOT_INITIALIZED, "the server is not initialized");
		}
		return;
	}
	if (s->shutdown) {
		if (request)
			reply_error(out, id, RPC_INVALID_REQUEST, "the server is shut down");
		return;
	}
	if (!request) {
		if (strcmp(method, "textDocument/didOpen") == 0)
			did_open(s, params, out);
		else if (strcmp(method, "textDocument/didChange") == 0)
			did_change(s, params, out);
		else if (strcmp(method, "textDocument/didClose") == 0)
			did_close(s, params, out);
		/* initialized, didSave (the buffer already holds the text), $/... */
		return;
	}
	if (strcmp(method, "initialize") == 0) {
		reply_error(out, id, RPC_INVALID_REQUEST, "initialize was already received");
		return;
	}
	if (strcmp(method, "shutdown") == 0) {
		s->shutdown = true;
		reply(out, id, json_null());
		return;
	}
	for (size_t i = 0; i < sizeof doc_methods / sizeof *doc_methods; i++)
		if (strcmp(method, doc_methods[i]) == 0) {
			if (!json_is_object(params))
				reply_error(out, id, RPC_INVALID_PARAMS, "params must be an object");
			else
				doc_request(s, method, id, params, out);
			return;
		}
	reply_error(out, id, RPC_METHOD_NOT_FOUND, "method not found");
}

/* ---- framing ---- */

static void
consume(MdfBuf *in, size_t n)
{
	memmove(in->data, in->data + n, in->len - n);
	in->len -= n;
	if (in->data)
		in->data[in->len] = 0;
}

/* One message from s->in if complete: true when something was consumed. */
static bool
step(MdfLsp *s, MdfBuf *out)
{
	MdfBuf *in = &s->in;
	if (s->skip) {
		size_t n = s->skip < in->len ? s->skip : in->len;
		consume(in, n);
		s->skip -= n;
		return n > 0;
	}
	/* the header block ends with an empty line */
	char *end = NULL;
	for (size_t i = 0; i + 3 < in->len; i++)
		if (in->data[i] == '\r' && in->data[i + 1] == '\n' && in->data[i + 2] == '\r' && in->data[i + 3] == '\n') {
			end = in->data + i;
			break;
		}
	if (!end) {
		if (in->len > 65536) {         /* no header is that long: drop it */
			reply_error(out, NULL, RPC_PARSE_ERROR, "header block too long");
			consume(in, in->len);
			return true;
		}
		return false;
	}
	size_t hlen = (size_t)(end - in->data) + 4;
	long long clen = -1;
	bool bad = false;
	for (char *p = in->data; p < end;) {
		char *eol = p;
		while (eol < end && !(eol[0] == '\r' && eol[1] == '\n'))
			eol++;
		char *colon = memchr(p, ':', (size_t)(eol - p));
		if (!colon) {
			bad = true;
		} else if ((size_t)(colon - p) == 14 && strncasecmp(p, "Content-Length", 14) == 0) {
			char *q = colon + 1;
			while (q < eol && *q == ' ')
				q++;
			long long v = 0;
			bool digits = q < eol && *q >= '0' && *q <= '9';
			for (; q < eol && *q >= '0' && *q <= '9'; q++)
				if (v <= (long long)MDF_LSP_MAX_MESSAGE * 16)
					v = v * 10 + (*q - '0');
			while (q < eol && *q == ' ')
				q++;
			if (digits && q == eol)
				clen = v;
			else
				bad = true;
		}
		p = eol + 2;
	}
	if (bad || clen < 0) {
		reply_error(out, NULL, RPC_PARSE_ERROR, bad ? "malformed header" : "no Content-Length header");
		consume(in, hlen);
		return true;
	}
	if ((size_t)clen > MDF_LSP_MAX_MESSAGE) {
		reply_error(out, NULL, RPC_REQUEST_FAILED, "message larger than the limit (64 MiB): skipped");
		consume(in, hlen);
		s->skip = (size_t)clen;
		return true;
	}
	if (in->len < hlen + (size_t)clen)
		return false;
	json_error_t err;
	json_t *msg = json_loadb(in->data + hlen, (size_t)clen, JSON_REJECT_DUPLICATES, &err);
	if (!msg)
		reply_error(out, NULL, RPC_PARSE_ERROR, "invalid JSON");
	else if (!json_is_object(msg))
		reply_error(out, NULL, RPC_INVALID_REQUEST, "a message must be a JSON object");
	else
		dispatch(s, msg, out);
	json_decref(msg);
	consume(in, hlen + (size_t)clen);
	return true;
}

bool
mdf_lsp_feed(MdfLsp *s, const char *data, size_t n, MdfBuf *out)
{
	if (s->done)
		return false;
	if (s->skip && s->in.len == 0) {        /* an oversized body: drop as it comes */
		size_t k = s->skip < n ? s->skip : n;
		s->skip -= k;
		data += k;
		n -= k;
	}
	buf_putn(&s->in, data, n);
	if (s->in.oom) {
		s->done = true;
		s->status = 3;
		return false;
	}
	while (!s->done && step(s, out))
		;
	return !s->done;
}

int
mdf_lsp_status(const MdfLsp *s)
{
	return s->done ? s->status : (s->shutdown ? 0 : 1);
}

MdfLsp *
mdf_lsp_new(const MdfOptions *opt, const char *docs_uri)
{
	MdfLsp *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	if (opt)
		s->opt = *opt;
	s->opt.overlays = NULL;
	s->opt.noverlays = 0;
	if (docs_uri && !(s->docs_uri = strdup(docs_uri))) {
		free(s);
		return NULL;
	}
	s->status = 1;
	return s;
}

void
mdf_lsp_free(MdfLsp *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ndocs; i++)
		doc_free(s->docs[i]);
	free(s->docs);
	free(s->overlays);
	free(s->docs_uri);
	buf_free(&s->in);
	free(s);
}
