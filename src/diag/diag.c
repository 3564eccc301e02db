/*
** diag.c: recording diagnostics and the static code table.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mdfc/ctx.h"

static const struct {
	const char *name, *slug, *summary;
	DiagSeverity sev;
} codes[] = {
#define DIAG(code, sev, slug, summary) {#code, slug, summary, sev},
#include "mdfc/diag_codes.def"
#undef DIAG
};

const char *diag_code_name(DiagCode c) { return c < DIAG__COUNT ? codes[c].name : "E????"; }
const char *diag_code_slug(DiagCode c) { return c < DIAG__COUNT ? codes[c].slug : ""; }
const char *diag_code_summary(DiagCode c) { return c < DIAG__COUNT ? codes[c].summary : ""; }
DiagSeverity diag_code_severity(DiagCode c) { return c < DIAG__COUNT ? codes[c].sev : SEV_ERROR; }

bool
diag_code_lookup(const char *name, DiagCode *out)
{
	for (int i = 0; i < DIAG__COUNT; i++)
		if (strcmp(codes[i].name, name) == 0) {
			*out = (DiagCode)i;
			return true;
		}
	return false;
}

/* Returned when a diagnostic is dropped (error limit, out of memory): notes
   and hints attached to it go nowhere.  Read-only use; never stored. */
static Diag *
stub(MdfCtx *ctx)
{
	Diag *d = arena_alloc(ctx->arena, sizeof *d);
	return d;   /* may be NULL only on OOM; callers of diag_note/hint check */
}

Diag *
diag_emitv(MdfCtx *ctx, DiagCode code, Span span, const char *fmt, va_list ap)
{
	DiagBag *b = &ctx->diags;
	DiagSeverity sev = diag_code_severity(code);
	if (sev == SEV_ERROR) {
		b->nerrors++;
		if (b->max_errors && b->nerrors > b->max_errors) {
			b->dropped++;
			return stub(ctx);
		}
	} else {
		b->nwarnings++;
	}
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		Diag *items = arena_grow(ctx->arena, b->items, b->n, cap, sizeof *items);
		if (!items)
			return stub(ctx);
		b->items = items;
		b->cap = cap;
	}
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	char *msg = n >= 0 ? arena_alloc(ctx->arena, (size_t)n + 1) : NULL;
	if (msg)
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
	if (msg && b->scope_layer) {
		char *tag = arena_printf(ctx->arena, "layer '%s'", b->scope_layer);
		char *scoped = tag && !strstr(msg, tag) ? arena_printf(ctx->arena, "%s: %s", tag, msg) : NULL;
		if (scoped)
			msg = scoped;
	}
	Diag *d = &b->items[b->n];
	memset(d, 0, sizeof *d);
	d->code = code;
	d->sev = sev;
	d->span = span;
	d->msg = msg ? msg : "(out of memory)";
	d->seq = b->n++;
	return d;
}

Diag *
diag_emit(MdfCtx *ctx, DiagCode code, Span span, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	Diag *d = diag_emitv(ctx, code, span, fmt, ap);
	va_end(ap);
	return d;
}

void
diag_note(MdfCtx *ctx, Diag *d, Span span, const char *fmt, ...)
{
	if (!d)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *msg = n >= 0 ? arena_alloc(ctx->arena, (size_t)n + 1) : NULL;
	DiagNote *notes = arena_grow(ctx->arena, d->notes, d->nnotes, d->nnotes + 1, sizeof *notes);
	if (!msg || !notes)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	notes[d->nnotes].span = span;
	notes[d->nnotes].msg = msg;
	d->notes = notes;
	d->nnotes++;
}

void
diag_hint(MdfCtx *ctx, Diag *d, const char *fmt, ...)
{
	if (!d)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *msg = n >= 0 ? arena_alloc(ctx->arena, (size_t)n + 1) : NULL;
	if (!msg)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	d->hint = msg;
}

static int
cmp_diag(const void *pa, const void *pb)
{
	const Diag *a = pa, *b = pb;
	if (a->span.file != b->span.file)
		return a->span.file < b->span.file ? -1 : 1;
	if (a->span.lo != b->span.lo)
		return a->span.lo < b->span.lo ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void
diag_sort(DiagBag *bag)
{
	if (bag->n > 1)
		qsort(bag->items, bag->n, sizeof *bag->items, cmp_diag);
}

static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return (size_t)-1;
	size_t row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			int ca = a[i - 1], cb = b[j - 1];
			if (ca >= 'a' && ca <= 'z') ca -= 32;
			if (cb >= 'a' && cb <= 'z') cb -= 32;
			size_t cost = ca == cb ? 0 : 1;
			size_t v = prev + cost;
			if (row[j] + 1 < v) v = row[j] + 1;
			if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
			row[j] = v;
			prev = cur;
		}
	}
	return row[lb];
}

const char *
diag_suggest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1;
	size_t wl = strlen(word);
	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(word, cands[i]);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	/* case-only differences always qualify; otherwise at most a third of the word */
	size_t limit = wl < 3 ? 1 : wl / 3 + 1;
	return bestd <= limit ? best : NULL;
}
