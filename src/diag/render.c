/*
** render.c: text and JSON rendering of diagnostics.
*/
#include <stdio.h>
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
   (\x1b, \u{202e}); everything else as is. */
static void
put_safe(MdfBuf *out, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text);
	for (size_t i = 0; i < n;) {
		size_t k = invisible_len(s + i, n - i);
		if (k) {
			unsigned cp = ((s[i] & 0x0fu) << 12) | ((s[i + 1] & 0x3fu) << 6) | (s[i + 2] & 0x3fu);
			buf_printf(out, "\\u{%04x}", cp);
			i += k;
			continue;
		}
		k = utf8_len(s + i, n - i);
		if (k == 0 || (s[i] < 0x20 && s[i] != '\n' && s[i] != '\t') || s[i] == 0x7f) {
			buf_printf(out, "\\x%02x", s[i]);
			i++;
			continue;
		}
		buf_putn(out, (const char *)s + i, k);
		i += k;
	}
}

/* Source lines longer than this are shown as a window around the span. */
#define SNIPPET_MAX 240

/* The quoted source line with a caret/tilde underline of [lo, hi). */
static void
render_snippet(MdfCtx *ctx, MdfBuf *out, Span sp, bool color)
{
	if (sp.file >= ctx->nsources)
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
	if (sp.file < ctx->nsources) {
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

void
mdf_render_json(MdfCtx *ctx, uint32_t file, MdfBuf *out)
{
	diag_sort(&ctx->diags);
	buf_puts(out, "{\"uri\":");
	buf_json_string(out, file < ctx->nsources ? ctx->sources[file].name : "");
	buf_puts(out, ",\"diagnostics\":[");
	for (size_t i = 0; i < ctx->diags.n; i++) {
		const Diag *d = &ctx->diags.items[i];
		if (i)
			buf_putc(out, ',');
		buf_puts(out, "{\"range\":");
		json_range(ctx, out, d->span);
		buf_printf(out, ",\"severity\":%d,\"code\":\"%s\",\"source\":\"mdfc\",\"message\":",
			   (int)d->sev, diag_code_name(d->code));
		buf_json_string(out, d->msg);
		if (d->repeats)
			buf_printf(out, ",\"repeats\":%zu", d->repeats);
		if (d->span.file != file && d->span.file < ctx->nsources) {
			buf_puts(out, ",\"file\":");
			buf_json_string(out, ctx->sources[d->span.file].name);
		}
		if (d->hint) {
			buf_puts(out, ",\"hint\":");
			buf_json_string(out, d->hint);
		}
		if (d->nnotes) {
			buf_puts(out, ",\"relatedInformation\":[");
			for (size_t k = 0; k < d->nnotes; k++) {
				const DiagNote *n = &d->notes[k];
				if (k)
					buf_putc(out, ',');
				buf_puts(out, "{\"location\":{\"uri\":");
				buf_json_string(out, n->span.file < ctx->nsources ? ctx->sources[n->span.file].name : "");
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
	buf_puts(out, "]}\n");
}
