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
	memset(&ctx->diags.stub, 0, sizeof ctx->diags.stub);
	return &ctx->diags.stub;
}

static uint64_t
msg_hash(DiagCode code, const char *msg)
{
	uint64_t h = 14695981039346656037u ^ (uint64_t)code;
	for (; *msg; msg++)
		h = (h ^ (unsigned char)*msg) * 1099511628211u;
	return h ? h : 1;
}

/* The entry of (code, msg) in the seen table, creating it; NULL on OOM.
   An entry whose diagnostic is gone (the parser's second attempt restores
   an earlier bag) or differs is reset. */
static DiagSeen *
seen_slot(MdfCtx *ctx, DiagBag *b, DiagCode code, const char *msg)
{
	if ((b->seen_n + 1) * 2 > b->seen_cap) {
		size_t cap = b->seen_cap ? b->seen_cap * 2 : 64;
		DiagSeen *v = arena_array(ctx->arena, cap, sizeof *v);
		if (!v)
			return NULL;
		for (size_t i = 0; i < b->seen_cap; i++) {
			if (!b->seen[i].hash)
				continue;
			size_t j = (size_t)b->seen[i].hash & (cap - 1);
			while (v[j].hash)
				j = (j + 1) & (cap - 1);
			v[j] = b->seen[i];
		}
		b->seen = v;
		b->seen_cap = cap;
	}
	uint64_t h = msg_hash(code, msg);
	size_t j = (size_t)h & (b->seen_cap - 1);
	while (b->seen[j].hash && b->seen[j].hash != h)
		j = (j + 1) & (b->seen_cap - 1);
	DiagSeen *e = &b->seen[j];
	if (!e->hash) {
		b->seen_n++;
		e->hash = h;
		e->count = 0;
	} else if (e->index >= b->n || b->items[e->index].code != code ||
		   strcmp(b->items[e->index].msg, msg) != 0) {
		e->count = 0;
	}
	return e;
}

Diag *
diag_emitv(MdfCtx *ctx, DiagCode code, Span span, const char *fmt, va_list ap)
{
	DiagBag *b = &ctx->diags;
	DiagSeverity sev = diag_code_severity(code);
	if (sev == SEV_WARNING && ctx->opt.diag_levels && code < DIAG__COUNT) {
		switch ((DiagLevel)ctx->opt.diag_levels[code]) {
		case DIAG_LEVEL_ALLOW: b->nallowed++; return stub(ctx);
		case DIAG_LEVEL_ERROR: sev = SEV_ERROR; break;
		default: break;
		}
	}
	if (sev == SEV_ERROR) {
		b->nerrors++;
		if (b->max_errors && b->nerrors > b->max_errors) {
			b->dropped++;
			return stub(ctx);
		}
	} else {
		b->nwarnings++;
	}
	/* the message first into a local buffer: a folded or omitted
	   diagnostic then costs no memory */
	char local[256];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(local, sizeof local, fmt, ap2);
	va_end(ap2);
	const char *msg = local;
	if (n < 0)
		msg = "(message could not be formatted)";
	else if ((size_t)n >= sizeof local) {
		char *m = arena_alloc(ctx->arena, (size_t)n + 1);
		if (m)
			vsnprintf(m, (size_t)n + 1, fmt, ap);
		msg = m ? m : "(out of memory)";
	}
	if (b->scope_layer) {
		char *tag = arena_printf(ctx->arena, "layer '%s'", b->scope_layer);
		char *scoped = tag && !strstr(msg, tag) ? arena_printf(ctx->arena, "%s: %s", tag, msg) : NULL;
		if (scoped)
			msg = scoped;
	}
	DiagSeen *seen = seen_slot(ctx, b, code, msg);
	if (seen && seen->count >= DIAG_MAX_SAME) {
		b->items[seen->index].repeats++;
		return stub(ctx);
	}
	if (b->n >= DIAG_MAX_STORED) {
		b->omitted++;
		return stub(ctx);
	}
	if (msg == local)
		msg = arena_strdup(ctx->arena, local);
	Diag *items = arena_push_room(ctx->arena, b->items, b->n, &b->cap, 16, true);
	if (!items)
		return stub(ctx);
	b->items = items;
	if (seen) {
		seen->index = b->n;
		seen->count++;
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

/* A message formatted into the arena, or NULL. */
static char *
arena_vformat(MdfCtx *ctx, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	char *msg = n >= 0 ? arena_alloc(ctx->arena, (size_t)n + 1) : NULL;
	if (msg)
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
	return msg;
}

void
diag_note(MdfCtx *ctx, Diag *d, Span span, const char *fmt, ...)
{
	if (!d || d == &ctx->diags.stub)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *msg = arena_vformat(ctx, fmt, ap);
	va_end(ap);
	DiagNote *notes = arena_grow(ctx->arena, d->notes, d->nnotes, d->nnotes + 1, sizeof *notes);
	if (!msg || !notes)
		return;
	notes[d->nnotes].span = span;
	notes[d->nnotes].msg = msg;
	d->notes = notes;
	d->nnotes++;
}

void
diag_hint(MdfCtx *ctx, Diag *d, const char *fmt, ...)
{
	if (!d || d == &ctx->diags.stub)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *msg = arena_vformat(ctx, fmt, ap);
	va_end(ap);
	if (msg)
		d->hint = msg;
}

DiagMark
diag_mark(const DiagBag *b)
{
	DiagMark m = {b->n, b->nerrors, b->nwarnings, b->dropped, b->nallowed, b->omitted};
	return m;
}

void
diag_rollback(DiagBag *b, DiagMark m)
{
	/* the seen table's entries for the forgotten items reset themselves
	   (seen_slot checks the index it kept) */
	if (m.n < b->n)
		b->n = m.n;
	b->nerrors = m.nerrors;
	b->nwarnings = m.nwarnings;
	b->dropped = m.dropped;
	b->nallowed = m.nallowed;
	b->omitted = m.omitted;
}

bool
diag_save(MdfCtx *ctx, DiagMark from, DiagSaved *out)
{
	DiagBag *b = &ctx->diags;
	out->from = from;
	out->to = diag_mark(b);
	size_t n = b->n > from.n ? b->n - from.n : 0;
	out->items = arena_array(ctx->arena, n + 1, sizeof *out->items);
	if (!out->items)
		return false;
	if (n)
		memcpy(out->items, b->items + from.n, n * sizeof *out->items);
	return true;
}

void
diag_restore(DiagBag *b, const DiagSaved *s)
{
	diag_rollback(b, s->from);
	/* the array only grows, so it still holds the saved ones' places */
	size_t n = s->to.n > s->from.n ? s->to.n - s->from.n : 0;
	if (n && b->cap >= s->to.n)
		memcpy(b->items + s->from.n, s->items, n * sizeof *s->items);
	else
		n = 0;
	b->n = s->from.n + n;
	b->nerrors = s->to.nerrors;
	b->nwarnings = s->to.nwarnings;
	b->dropped = s->to.dropped;
	b->nallowed = s->to.nallowed;
	b->omitted = s->to.omitted;
}

/* Elaboration repeats loop bodies and dataflow uses: a mistake in a loop
   body would be reported once per iteration (src/front/elab.c calls this
   over its whole run). */
void
diag_fold_same_span(MdfCtx *ctx, size_t from)
{
	DiagBag *b = &ctx->diags;
	size_t n = b->n - from;
	if (n < 2)
		return;
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	size_t *slot = arena_array(ctx->arena, cap, sizeof *slot);    /* kept index + 1 */
	size_t *reps = arena_array(ctx->arena, b->n + 1, sizeof *reps);
	if (!slot || !reps)
		return;
	size_t out = from;
	for (size_t i = from; i < b->n; i++) {
		Diag *d = &b->items[i];
		uint64_t h = ((uint64_t)d->code * 1000003u) ^ ((uint64_t)d->span.file << 40) ^
			     ((uint64_t)d->span.lo << 20) ^ d->span.hi;
		h *= 0x9E3779B97F4A7C15ull;
		size_t j = (size_t)(h >> 32) & (cap - 1);
		bool dup = false;
		while (slot[j]) {
			Diag *k = &b->items[slot[j] - 1];
			if (k->code == d->code && k->span.file == d->span.file &&
			    k->span.lo == d->span.lo && k->span.hi == d->span.hi) {
				dup = true;
				break;
			}
			j = (j + 1) & (cap - 1);
		}
		if (dup) {
			/* with the identical messages diag_emit folded into it */
			size_t k = 1 + d->repeats;
			reps[slot[j] - 1] += k;
			if (d->sev == SEV_ERROR)
				b->nerrors -= k;
			else
				b->nwarnings -= k;
			continue;
		}
		b->items[out] = *d;
		b->items[out].seq = out;
		reps[out] = 0;
		slot[j] = out + 1;
		out++;
	}
	b->n = out;
	for (size_t i = from; i < out; i++)
		if (reps[i])
			diag_note(ctx, &b->items[i], span_none(),
				  "the same problem occurs %zu more time%s (other loop iterations or "
				  "uses of the same dataflow)", reps[i], reps[i] == 1 ? "" : "s");
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
