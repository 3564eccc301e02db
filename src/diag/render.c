/*
** render.c: text and JSON rendering of diagnostics.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <unistd.h>
#include <string.h>
#include "mdfc/render.h"

static const char *
sev_name(DiagSeverity s)
{
	switch (s) {
	case SEV_ERROR: return "error";
	case SEV_WARNING: return "warning";
	default: return "note";
	}
}

static const char *
sev_color(DiagSeverity s)
{
	switch (s) {
	case SEV_ERROR: return "\033[1;31m";
	case SEV_WARNING: return "\033[1;35m";
	default: return "\033[1;36m";
	}
}

/* Length of the bidirectional-override or isolate control (U+202A-U+202E,
   U+2066-U+2069) or byte-order/zero-width mark (U+200B-U+200F, U+FEFF)
   starting at s, else 0: they reorder or hide text on a terminal or in an
   editor ("Trojan Source"), so they never reach one raw. */
static size_t
invisible_len(const unsigned char *s, size_t n)
{
	if (n < 3)
		return 0;
	if (s[0] == 0xe2 && s[1] == 0x80 && ((s[2] >= 0xaa && s[2] <= 0xae) || (s[2] >= 0x8b && s[2] <= 0x8f)))
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9)
		return 3;
	if (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		return 3;
	return 0;
}

/* Length of the valid UTF-8 sequence at s (1 for ASCII), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t k = s[0] < 0x80 ? 1 : s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ? 3
		 : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
	if (k == 0 || k > n)
		return 0;
	for (size_t i = 1; i < k; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((k == 3 && s[0] == 0xe0 && s[1] < 0xa0) || (k == 3 && s[0] == 0xed && s[1] >= 0xa0) ||
	    (k == 4 && s[0] == 0xf0 && s[1] < 0x90) || (k == 4 && s[0] == 0xf4 && s[1] >= 0x90))
		return 0;       /* overlong, surrogate, beyond U+10FFFF */
	return k;
}

/* Text from the input (names, paths) inside a message, made safe for a
   terminal: control characters (newline and tab excepted), DEL, invalid
   UTF-8 and the characters of invisible_len() are written as escapes
   (\x1b, \u{202e}); everything else as is.  `oneline`: newline and tab
   become spaces (the short diagnostics format, one line each). */
static void
put_safe_line(MdfBuf *out, const char *text, bool oneline)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text);
	for (size_t i = 0; i < n;) {
		/* printable ASCII, the common case, goes out a run at a time */
		size_t j = i;
		while (j < n && s[j] >= 0x20 && s[j] < 0x7f)
			j++;
		if (j > i) {
			buf_putn(out, text + i, j - i);
			i = j;
			continue;
		}
		size_t k = invisible_len(s + i, n - i);
		if (k) {
			unsigned cp = ((s[i] & 0x0fu) << 12) | ((s[i + 1] & 0x3fu) << 6) | (s[i + 2] & 0x3fu);
			buf_printf(out, "\\u{%04x}", cp);
			i += k;
			continue;
		}
		k = utf8_len(s + i, n - i);
		if (oneline && (s[i] == '\n' || s[i] == '\t')) {
			buf_putc(out, ' ');
			i++;
			continue;
		}
		if (k == 0 || (s[i] < 0x20 && s[i] != '\n' && s[i] != '\t') || s[i] == 0x7f) {
			buf_printf(out, "\\x%02x", s[i]);
			i++;
			continue;
		}
		buf_putn(out, (const char *)s + i, k);
		i += k;
	}
}

static void
put_safe(MdfBuf *out, const char *text)
{
	put_safe_line(out, text, false);
}

void
mdf_safe_text(MdfBuf *out, const char *text)
{
	put_safe_line(out, text, false);
}

/* Source lines longer than this are shown as a window around the span. */
#define SNIPPET_MAX 240

/* The quoted source line with a caret/tilde underline of [lo, hi). */
static void
render_snippet(MdfCtx *ctx, MdfBuf *out, Span sp, bool color)
{
	if (sp.file >= ctx->nsources || ctx->sources[sp.file].binary)
		return;
	size_t len;
	const char *line = mdf_ctx_line_text(ctx, sp.file, sp.lo, &len);
	LineCol lc = mdf_ctx_linecol(ctx, sp.file, sp.lo);
	char num[16];
	int w = snprintf(num, sizeof num, "%u", lc.line);
	size_t col = lc.col - 1, from = 0;
	bool cut_left = false, cut_right = false;
	if (len > SNIPPET_MAX) {
		/* a window of the line, so a megabyte-long line is not printed
		   once per diagnostic */
		from = col > SNIPPET_MAX / 3 ? col - SNIPPET_MAX / 3 : 0;
		cut_left = from > 0;
		cut_right = len - from > SNIPPET_MAX;
		line += from;
		len = cut_right ? SNIPPET_MAX : len - from;
		col -= from;
	}
	buf_printf(out, " %s | %s", num, cut_left ? "..." : "");
	/* control characters other than tab, and invisible or reordering
	   characters, are shown as '?' (one per byte, to keep the caret in
	   place) so the terminal is safe */
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)line[i];
		size_t j = i;
		while (j < len && (unsigned char)line[j] >= 0x20 && (unsigned char)line[j] < 0x7f)
			j++;
		if (j > i) {
			buf_putn(out, line + i, j - i);
			i = j;
			continue;
		}
		size_t k = invisible_len((const unsigned char *)line + i, len - i);
		if (k) {
			buf_puts(out, "???");
			i += k;
			continue;
		}
		buf_putc(out, (c < 0x20 && c != '\t') || c == 0x7f ? '?' : (char)c);
		i++;
	}
	buf_printf(out, "%s\n", cut_right ? "..." : "");
	buf_printf(out, " %*s | %s", w, "", cut_left ? "   " : "");
	for (size_t i = 0; i < col && i < len; i++)
		buf_putc(out, line[i] == '\t' ? '\t' : ' ');
	size_t n = sp.hi > sp.lo ? sp.hi - sp.lo : 1;
	if (col + n > len)
		n = len > col ? len - col : 1;   /* clip to the line */
	if (color)
		buf_puts(out, "\033[1;32m");
	buf_putc(out, '^');
	for (size_t i = 1; i < n; i++)
		buf_putc(out, '~');
	if (color)
		buf_puts(out, "\033[0m");
	buf_putc(out, '\n');
}

static void
render_loc(MdfCtx *ctx, MdfBuf *out, Span sp)
{
	if (sp.file < ctx->nsources && ctx->sources[sp.file].binary) {
		/* a binary file has no lines: the byte offset, when there is one */
		if (sp.hi > sp.lo)
			buf_printf(out, "%s: byte %u: ", ctx->sources[sp.file].name, sp.lo);
		else
			buf_printf(out, "%s: ", ctx->sources[sp.file].name);
	} else if (sp.file < ctx->nsources) {
		LineCol lc = mdf_ctx_linecol(ctx, sp.file, sp.lo);
		put_safe(out, ctx->sources[sp.file].name);
		buf_printf(out, ":%u:%u: ", lc.line, lc.col);
	} else {
		buf_puts(out, "mdfc: ");
	}
}

void
mdf_render_text(MdfCtx *ctx, MdfBuf *out, bool color)
{
	diag_sort(&ctx->diags);
	for (size_t i = 0; i < ctx->diags.n; i++) {
		const Diag *d = &ctx->diags.items[i];
		if (color)
			buf_puts(out, "\033[1m");
		render_loc(ctx, out, d->span);
		if (color)
			buf_puts(out, sev_color(d->sev));
		buf_printf(out, "%s[%s]", sev_name(d->sev), diag_code_name(d->code));
		if (color)
			buf_puts(out, "\033[0m\033[1m");
		buf_puts(out, ": ");
		put_safe(out, d->msg);
		buf_putc(out, '\n');
		if (color)
			buf_puts(out, "\033[0m");
		render_snippet(ctx, out, d->span, color);
		if (d->hint) {
			buf_puts(out, "  = help: ");
			put_safe(out, d->hint);
			buf_putc(out, '\n');
		}
		for (size_t k = 0; k < d->nnotes; k++) {
			const DiagNote *n = &d->notes[k];
			render_loc(ctx, out, n->span);
			buf_puts(out, "note: ");
			put_safe(out, n->msg);
			buf_putc(out, '\n');
			render_snippet(ctx, out, n->span, color);
		}
		if (d->repeats)
			buf_printf(out, "mdfc: note: the same message %zu more time%s, not shown\n",
				   d->repeats, d->repeats == 1 ? "" : "s");
	}
	if (ctx->diags.dropped)
		buf_printf(out, "mdfc: %zu more error%s not shown (--max-errors)\n",
			   ctx->diags.dropped, ctx->diags.dropped == 1 ? "" : "s");
	if (ctx->diags.omitted)
		buf_printf(out, "mdfc: %zu more diagnostic%s not shown (at most %d are kept)\n",
			   ctx->diags.omitted, ctx->diags.omitted == 1 ? "" : "s", DIAG_MAX_STORED);
}

void
mdf_lsp_position(MdfCtx *ctx, uint32_t file, uint32_t off, uint32_t *line, uint32_t *character)
{
	*line = 0;
	*character = 0;
	if (file >= ctx->nsources)
		return;
	LineCol lc = mdf_ctx_linecol(ctx, file, off);
	if (!lc.line)
		return;
	const Source *s = &ctx->sources[file];
	uint32_t start = s->lines[lc.line - 1];
	uint32_t units = 0;
	for (uint32_t i = start; i < off && i < s->len;) {
		unsigned char c = (unsigned char)s->text[i];
		uint32_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		units += n == 4 ? 2 : 1;
		i += n;
	}
	*line = lc.line - 1;
	*character = units;
}

static void
json_range(MdfCtx *ctx, MdfBuf *out, Span sp)
{
	uint32_t l0, c0, l1, c1;
	mdf_lsp_position(ctx, sp.file, sp.lo, &l0, &c0);
	mdf_lsp_position(ctx, sp.file, sp.hi > sp.lo ? sp.hi : sp.lo, &l1, &c1);
	buf_printf(out, "{\"start\":{\"line\":%u,\"character\":%u},\"end\":{\"line\":%u,\"character\":%u}}",
		   l0, c0, l1, c1);
}

static bool
uri_keep(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

void
mdf_path_uri(const char *path, MdfBuf *out)
{
	buf_puts(out, "file://");
	if (path[0] != '/') {
		char cwd[4096];
		if (getcwd(cwd, sizeof cwd)) {
			for (const char *p = cwd; *p; p++)
				buf_printf(out, uri_keep((unsigned char)*p) ? "%c" : "%%%02X", (unsigned char)*p);
			buf_putc(out, '/');
		}
		while (path[0] == '.' && path[1] == '/')
			path += 2;
	}
	for (const char *p = path; *p; p++)
		buf_printf(out, uri_keep((unsigned char)*p) ? "%c" : "%%%02X", (unsigned char)*p);
}

static int
hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	     : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

bool
mdf_uri_path(const char *uri, MdfBuf *out)
{
	if (strncmp(uri, "file://", 7) != 0)
		return false;
	const char *p = uri + 7;
	if (*p != '/') {                /* file://host/path: only the local host */
		if (strncmp(p, "localhost/", 10) != 0)
			return false;
		p += 9;
	}
	for (; *p; p++) {
		if (*p == '%') {
			int hi = hexval(p[1]), lo = hi < 0 ? -1 : hexval(p[2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return false;
			buf_putc(out, (char)(hi * 16 + lo));
			p += 2;
		} else if (*p == '?' || *p == '#') {
			break;
		} else {
			buf_putc(out, *p);
		}
	}
	return out->len > 0 && !out->oom;
}

uint32_t
mdf_import_site(const MdfCtx *ctx, uint32_t file, uint32_t root, Span *site)
{
	uint32_t hops = 0;
	while (file < ctx->nsources && file != root && hops++ < ctx->nsources) {
		Span from = ctx->sources[file].from;
		if (from.file == root) {
			*site = from;
			return file;
		}
		file = from.file;
	}
	return SPAN_NOFILE;
}

static void
json_uri(MdfCtx *ctx, MdfBuf *out, uint32_t file)
{
	MdfBuf u = {0};
	mdf_path_uri(file < ctx->nsources ? ctx->sources[file].name : "", &u);
	buf_json_string(out, u.data ? u.data : "file://");
	buf_free(&u);
}

/* One diagnostic object; `at` replaces its range and `prefix` starts its
   message when it stands for a diagnostic of an imported file. */
static void
json_diag(MdfCtx *ctx, MdfBuf *out, const Diag *d, const Span *at, const char *prefix, uint32_t root)
{
	buf_puts(out, "{\"range\":");
	json_range(ctx, out, at ? *at : d->span);
	buf_printf(out, ",\"severity\":%d,\"code\":\"%s\",\"source\":\"mdfc\",\"message\":",
		   (int)d->sev, diag_code_name(d->code));
	if (prefix) {
		MdfBuf m = {0};
		buf_printf(&m, "%s%s", prefix, d->msg);
		buf_json_string(out, m.data ? m.data : d->msg);
		buf_free(&m);
	} else {
		buf_json_string(out, d->msg);
	}
	if (d->repeats)
		buf_printf(out, ",\"repeats\":%zu", d->repeats);
	/* the file as named on the command line or in the import (for plain
	   tools); "atImport": the copy shown at the import of the file */
	uint32_t f = at ? root : d->span.file < ctx->nsources ? d->span.file : root;
	if (f < ctx->nsources) {
		buf_puts(out, ",\"file\":");
		buf_json_string(out, ctx->sources[f].name);
	}
	if (at)
		buf_puts(out, ",\"atImport\":true");
	if (d->hint) {
		buf_puts(out, ",\"hint\":");
		buf_json_string(out, d->hint);
	}
	if (d->nnotes || at) {
		buf_puts(out, ",\"relatedInformation\":[");
		if (at) {
			buf_puts(out, "{\"location\":{\"uri\":");
			json_uri(ctx, out, d->span.file);
			buf_puts(out, ",\"range\":");
			json_range(ctx, out, d->span);
			buf_puts(out, "},\"message\":\"here\"}");
		}
		for (size_t k = 0; k < d->nnotes; k++) {
			const DiagNote *n = &d->notes[k];
			if (k || at)
				buf_putc(out, ',');
			buf_puts(out, "{\"location\":{\"uri\":");
			json_uri(ctx, out, n->span.file < ctx->nsources ? n->span.file : d->span.file);
			buf_puts(out, ",\"range\":");
			json_range(ctx, out, n->span);
			buf_puts(out, "},\"message\":");
			buf_json_string(out, n->msg);
			buf_putc(out, '}');
		}
		buf_putc(out, ']');
	}
	buf_putc(out, '}');
}

/* The object for source `file`: its own diagnostics and, for the root, one
   at the import site for each diagnostic of a file it imports. */
static void
json_object(MdfCtx *ctx, uint32_t file, uint32_t root, MdfBuf *out)
{
	buf_puts(out, "{\"uri\":");
	json_uri(ctx, out, file);
	buf_puts(out, ",\"diagnostics\":[");
	bool first = true;
	for (size_t i = 0; i < ctx->diags.n; i++) {
		const Diag *d = &ctx->diags.items[i];
		uint32_t f = d->span.file < ctx->nsources ? d->span.file : root;
		Span site;
		uint32_t via = SPAN_NOFILE;
		if (f != file && (file != root || (via = mdf_import_site(ctx, f, root, &site)) == SPAN_NOFILE))
			continue;
		if (!first)
			buf_putc(out, ',');
		first = false;
		if (via == SPAN_NOFILE) {
			json_diag(ctx, out, d, NULL, NULL, root);
		} else {
			MdfBuf p = {0};
			buf_printf(&p, "in %s: ", ctx->sources[d->span.file].name);
			json_diag(ctx, out, d, &site, p.data, root);
			buf_free(&p);
		}
	}
	buf_puts(out, "]}\n");
}

void
mdf_render_json(MdfCtx *ctx, uint32_t file, MdfBuf *out)
{
	diag_sort(&ctx->diags);
	json_object(ctx, file, file, out);
	for (uint32_t f = 0; f < ctx->nsources; f++) {
		if (f == file)
			continue;
		bool any = false;
		for (size_t i = 0; i < ctx->diags.n && !any; i++)
			any = ctx->diags.items[i].span.file == f;
		if (any)
			json_object(ctx, f, file, out);
	}
}

void
mdf_render_short(MdfCtx *ctx, MdfBuf *out)
{
	diag_sort(&ctx->diags);
	for (size_t i = 0; i < ctx->diags.n; i++) {
		const Diag *d = &ctx->diags.items[i];
		render_loc(ctx, out, d->span);
		buf_printf(out, "%s[%s]: ", sev_name(d->sev), diag_code_name(d->code));
		/* one line whatever the message holds */
		put_safe_line(out, d->msg, true);
		if (d->repeats)
			buf_printf(out, " (%zu more time%s)", d->repeats, d->repeats == 1 ? "" : "s");
		buf_putc(out, '\n');
	}
}
