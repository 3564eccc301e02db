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
	buf_printf(out, " %s | ", num);
	/* control characters other than tab are shown as '?' so the terminal is safe */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];
		buf_putc(out, (c < 0x20 && c != '\t') || c == 0x7f ? '?' : (char)c);
	}
	buf_putc(out, '\n');
	buf_printf(out, " %*s | ", w, "");
	size_t col = lc.col - 1;
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
		buf_printf(out, "%s:%u:%u: ", ctx->sources[sp.file].name, lc.line, lc.col);
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
		buf_printf(out, ": %s\n", d->msg);
		if (color)
			buf_puts(out, "\033[0m");
		render_snippet(ctx, out, d->span, color);
		if (d->hint)
			buf_printf(out, "  = help: %s\n", d->hint);
		for (size_t k = 0; k < d->nnotes; k++) {
			const DiagNote *n = &d->notes[k];
			render_loc(ctx, out, n->span);
			buf_printf(out, "note: %s\n", n->msg);
			render_snippet(ctx, out, n->span, color);
		}
	}
	if (ctx->diags.dropped)
		buf_printf(out, "mdfc: %zu more error%s not shown (--max-errors)\n",
			   ctx->diags.dropped, ctx->diags.dropped == 1 ? "" : "s");
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
